import { createHash } from 'node:crypto';

/**
 * What a run copied into the project for one verified source, kept in .yo-rc.json
 * (`generator-dlt.verifiedSources.<name>`): where it came from, the answers that shaped the
 * pipeline, and a hash of every file as written, so that a later run can tell the files the
 * user changed from the ones it may update.
 */
export interface SourceRecord {
  repo: string;
  ref?: string;
  commit?: string;
  function: string;
  resources: string[];
  sourceArgs?: string;
  pipelineName: string;
  datasetName: string;
  /** Project-relative path -> sha256 of the contents this generator wrote. */
  files: Record<string, string>;
}

export const RECORD_KEY = 'verifiedSources';

export function sha256(contents: Buffer | string): string {
  return createHash('sha256').update(contents).digest('hex');
}

/**
 * - create: not in the project yet
 * - identical: already what we would write
 * - update: the project holds what an earlier run wrote; the user did not touch it
 * - user-changed: differs from what we wrote (or we never wrote it): the user decides
 */
export type FileDecision = 'create' | 'identical' | 'update' | 'user-changed';

export function decideFile(
  newHash: string,
  diskHash: string | undefined,
  recordedHash: string | undefined,
): FileDecision {
  if (diskHash === undefined) return 'create';
  if (diskHash === newHash) return 'identical';
  if (recordedHash !== undefined && diskHash === recordedHash) return 'update';
  return 'user-changed';
}

/**
 * Files of the source package (`<folder>/...`) an earlier run copied that the new version no
 * longer has: removed when untouched, else kept. Scripts are never removed.
 */
export function removedFiles(
  record: SourceRecord | undefined,
  folder: string,
  newPaths: ReadonlySet<string>,
  disk: ReadonlyMap<string, string | undefined>,
): { remove: string[]; keep: string[] } {
  const remove: string[] = [];
  const keep: string[] = [];
  for (const [path, hash] of Object.entries(record?.files ?? {})) {
    if (newPaths.has(path) || !path.startsWith(`${folder}/`)) continue;
    const onDisk = disk.get(path);
    if (onDisk === undefined) continue;
    (onDisk === hash ? remove : keep).push(path);
  }
  return { remove, keep };
}
