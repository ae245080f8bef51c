import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isInside } from '../../shared/files/write-target.js';
import { UsageError } from '../../shared/plan/errors.js';
import { type FoundResource, type ProjectScan, SKIPPED_FOLDERS } from '../../shared/python/pipeline-scan.js';
import { describeResource, resourceKey } from './questions.js';

/** What the scan found, for the terminal: resources by file, notes, files that do not parse. */
export function formatScanReport(scan: ProjectScan): string {
  const lines: string[] = [];
  const files = [...new Set(scan.resources.map((resource) => resource.file))];
  const parsed = scan.files.length + scan.unparseable.length;
  lines.push(
    `Found ${scan.resources.length} resource${scan.resources.length === 1 ? '' : 's'} in ${files.length} of ` +
      `${parsed} Python file${parsed === 1 ? '' : 's'}:`,
  );
  for (const resource of scan.resources) lines.push(`  ${describeResource(resource)}`);
  for (const resource of scan.resources.filter((r) => r.notEditable)) {
    lines.push(`  ! ${resource.name} (${resource.file}:${resource.line}): ${resource.notEditable}`);
  }
  for (const note of scan.notes) lines.push(`  ! ${note.file}:${note.line}: ${note.message}`);
  for (const { file, errors } of scan.unparseable) {
    lines.push(`  ! ${file} does not parse (${errors[0]}${errors.length > 1 ? ', ...' : ''}); skipped`);
  }
  return lines.join('\n');
}

/** A --file value as the project-relative path the scan uses. */
export function normalizeFile(root: string, file: string): string {
  const full = resolve(root, file);
  if (!isInside(root, full)) {
    throw new UsageError(
      `--file: "${file}" is outside the project (${root}); give a path inside it. Nothing was written.`,
    );
  }
  return relative(root, full).split(sep).join('/');
}

const listing = (resources: readonly FoundResource[]) =>
  resources.map((resource) => `${resource.name} (${resource.file}:${resource.line})`).join(', ');

/**
 * Checks --file and --resource against what the scan found, before anything is asked, so that a
 * wrong one fails with a message that lists what there is. Returns the normalized file.
 */
export function checkTarget(
  scan: ProjectScan,
  given: { file?: string; resource?: string },
): string | undefined {
  let file: string | undefined;
  if (given.file) {
    file = normalizeFile(scan.root, given.file);
    const broken = scan.unparseable.find((entry) => entry.file === file);
    if (broken) {
      throw new UsageError(
        `--file: ${file} does not parse (${broken.errors.join('; ')}), so it is not edited; fix it and run again.`,
      );
    }
    if (!existsSync(join(scan.root, file))) {
      throw new UsageError(`--file: there is no ${file} in ${scan.root}.`);
    }
    if (!scan.resources.some((resource) => resource.file === file)) {
      const files = [...new Set(scan.resources.map((resource) => resource.file))];
      // a scan of the --file alone knows no other file: the run without --file lists them
      const others =
        files.length > 0
          ? `these files have some: ${files.join(', ')}`
          : 'run without --file to list the files that have some';
      throw new UsageError(`--file: no dlt resources found in ${file}; ${others}.`);
    }
  }
  if (scan.resources.length === 0) {
    const unparseable = scan.unparseable.map((entry) => `${entry.file} (${entry.errors[0]})`);
    throw new UsageError(
      `No dlt resources found in ${scan.root}: looked at ${scan.files.length + scan.unparseable.length} ` +
        `Python files (not in ${[...SKIPPED_FOLDERS].join(', ')} or hidden folders). ` +
        (unparseable.length > 0 ? `These do not parse: ${unparseable.join('; ')}. ` : '') +
        'dlt:incremental changes an existing pipeline: create one first, e.g. with yo dlt:rest.',
    );
  }
  if (given.resource) {
    const inScope = scan.resources.filter((resource) => !file || resource.file === file);
    const matches = inScope.filter((resource) => resourceKey(resource, scan.resources) === given.resource);
    if (matches.length === 0) {
      throw new UsageError(
        `--resource: no resource named "${given.resource}" in ${file ?? 'the project'}; found: ${listing(inScope)}.`,
      );
    }
    const files = [...new Set(matches.map((resource) => resource.file))];
    if (files.length > 1) {
      throw new UsageError(
        `--resource: "${given.resource}" is in ${files.join(' and ')}; say which with --file.`,
      );
    }
  }
  return file;
}

/** The resource the answers chose. */
export function chosenResource(scan: ProjectScan, file: string, key: string): FoundResource {
  const resource = scan.resources.find(
    (candidate) => candidate.file === file && resourceKey(candidate, scan.resources) === key,
  );
  if (!resource) {
    const inFile = scan.resources.filter((candidate) => candidate.file === file);
    throw new UsageError(`--resource: no resource named "${key}" in ${file}; found: ${listing(inFile)}.`);
  }
  return resource;
}
