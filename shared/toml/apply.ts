import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectContext } from '../plan/context.js';
import { UsageError } from '../plan/errors.js';
import type { TomlChange } from '../plan/run-state.js';
import { type ConflictContext, decideConflicts } from './conflicts.js';
import type { TomlEntry } from './entry.js';
import { isTomlTable, tomlValuesEqual } from './format.js';
import { isPlaceholder } from './placeholders.js';
import { PLAIN_TOML_FILES, type TomlFiles } from './profile-files.js';
import {
  findTomlConflicts,
  mergeToml,
  parseTomlDocument,
  type TomlOutcome,
  TomlSyntaxError,
} from './writer.js';

export const CONFIG_FILE = PLAIN_TOML_FILES.config;
export const SECRETS_FILE = PLAIN_TOML_FILES.secrets;

function header(file: string, files: TomlFiles): string {
  const profile = files.profile
    ? ` when the ${files.profile} profile is active (read before the plain file)`
    : '';
  return file === files.secrets
    ? `dlt secrets for this project${profile} (passwords, keys, tokens): keep this file out of git.`
    : `dlt settings for this project${profile}; secrets go in secrets.toml. https://dlthub.com/docs/general-usage/credentials/setup`;
}

/** What merging TOML entries needs: the project's files, and how to decide a conflict. */
export interface TomlContext extends Pick<ProjectContext, 'root' | 'read'>, ConflictContext {}

/** A file the merge changed, to be written as it is (every conflict decided). */
export interface TomlWrite {
  path: string;
  contents: string;
  mode?: number;
}

/** What merging entries into the two files comes to; nothing is written yet. */
export interface TomlMerge {
  writes: TomlWrite[];
  /** What happened to each key, for the summary. */
  changes: TomlChange[];
  warnings: string[];
}

/**
 * Merges entries into .dlt/config.toml (settings) and .dlt/secrets.toml (secrets) with the
 * conflict-aware TOML writer, in memory: the files to write, and what happened to each key.
 * `earlier` is what this run did to the files before (a value it wrote is not the user's).
 *
 * dlt looks a key up in secrets.toml before config.toml, so each key is looked up in both files
 * first: a key the other file holds is never given a placeholder, and a value for it goes where the
 * existing one is (a different value there is a conflict like any other). See routeToExisting.
 */
export async function mergeTomlEntries(
  context: TomlContext,
  entries: readonly TomlEntry[],
  earlier: readonly TomlChange[],
  files: TomlFiles = PLAIN_TOML_FILES,
): Promise<TomlMerge> {
  refuseUnmarkedSecrets(entries);
  // each file is read and parsed once: routing, finding conflicts and merging share it
  const parsed = new Map<string, ParsedFile>();
  const parsedFile = (file: string) => {
    let found = parsed.get(file);
    if (!found) {
      found = parseProjectFile(context, file);
      parsed.set(file, found);
    }
    return found;
  };
  const routed = await routeToExisting(context, entries, earlier, files, parsedFile);
  // both files are checked before either is written, so a broken file stops the run with nothing half-done
  const plans = [
    ...(routed.config.length > 0
      ? [await planTomlFile(context, files.config, routed.config, earlier, files, parsedFile(files.config))]
      : []),
    ...(routed.secrets.length > 0
      ? [
          await planTomlFile(
            context,
            files.secrets,
            routed.secrets,
            earlier,
            files,
            parsedFile(files.secrets),
          ),
        ]
      : []),
  ];
  const merge: TomlMerge = { writes: [], changes: [...routed.changes], warnings: [] };
  for (const plan of plans) {
    merge.changes.push(...plan.changes);
    merge.warnings.push(...plan.warnings);
    const secrets = plan.file === files.secrets;
    const mode = secrets ? diskMode(context.root, plan.file) : undefined;
    if (plan.after !== plan.before) {
      merge.writes.push({
        path: plan.file,
        contents: plan.after,
        ...(secrets ? { mode: secretsMode(plan.file, mode, merge.warnings) } : {}),
      });
    } else if (mode !== undefined && mode & 0o077) {
      merge.warnings.push(
        `${plan.file} is readable by other users (mode ${octal(mode)}): run \`chmod 600 ${plan.file}\`.`,
      );
    }
  }
  return merge;
}

interface RoutedEntries {
  config: TomlEntry[];
  secrets: TomlEntry[];
  /** What was decided here, without writing: keys the other file holds already. */
  changes: TomlChange[];
}

/**
 * Sends each entry to the file where dlt will read it from. An entry goes to its own file (settings
 * to config.toml, secrets to secrets.toml) unless the other file holds its key already:
 * - a setting that secrets.toml holds goes to secrets.toml, which dlt reads first: there the writer
 *   keeps an equal value, never puts a placeholder over a value, and reports a different value as a
 *   conflict (kept by default, taken with --force or when the user says so);
 * - a secret that config.toml holds (where it does not belong, but dlt reads it) is not written as a
 *   placeholder; a different value is a conflict decided the same way, and taken into secrets.toml
 *   (a secret is never written to config.toml), which dlt reads first.
 * A key covered by a value higher up in the other file (a connection string given as
 * `credentials = "..."`) gets no placeholder either.
 * A profile's pair of files works the same way, with one more rule: dlt reads the plain
 * secrets.toml before the profile's config.toml, so a setting that secrets.toml holds goes to the
 * profile's secrets.toml, the one file dlt reads before it.
 */
async function routeToExisting(
  context: TomlContext,
  entries: readonly TomlEntry[],
  earlier: readonly TomlChange[],
  files: TomlFiles,
  parsedFile: (file: string) => ParsedFile,
): Promise<RoutedEntries> {
  const configDocument = parsedFile(files.config).values;
  const secretsDocument = parsedFile(files.secrets).values;
  const documentOf = (file: string) => (file === files.secrets ? secretsDocument : configDocument);
  const plainSecrets = files.profile ? parsedFile(SECRETS_FILE).values : {};
  const routed: RoutedEntries = { config: [], secrets: [], changes: [] };
  const send = (file: string, entry: TomlEntry) =>
    (file === files.secrets ? routed.secrets : routed.config).push(entry);
  const record = (file: string, entry: TomlEntry, action: TomlChange['action']) =>
    routed.changes.push({ file, table: entry.table.join('.'), key: entry.key, action });
  for (const entry of entries) {
    const own = entry.secret ? files.secrets : files.config;
    const other = entry.secret ? files.config : files.secrets;
    const there = lookUp(documentOf(other), entry);
    const placeholder = isPlaceholder(entry.value);
    if (files.profile && !entry.secret && lookUp(plainSecrets, entry).kind !== 'missing') {
      send(files.secrets, entry);
    } else if (there.kind === 'missing' || lookUp(documentOf(own), entry).kind === 'value') {
      send(own, entry);
    } else if (there.kind === 'covered') {
      if (placeholder) record(other, entry, 'kept');
      else send(own, entry);
    } else if (!entry.secret) {
      send(other, entry);
    } else if (placeholder || tomlValuesEqual(there.value, entry.value)) {
      record(other, entry, 'kept');
    } else if (isPlaceholder(there.value)) {
      send(own, entry);
    } else {
      const decisions = await decideConflicts(context, other, [{ entry, existing: there.value }], earlier);
      if (decisions.get(entry)) send(own, entry);
      else record(other, entry, 'conflict');
    }
  }
  return routed;
}

type Found = { kind: 'missing' } | { kind: 'value'; value: unknown } | { kind: 'covered' };

/** The entry's key in a parsed document: its value, missing, or covered by a value higher up. */
function lookUp(document: Record<string, unknown>, entry: TomlEntry): Found {
  let node: unknown = document;
  for (const part of entry.table) {
    if (!isTomlTable(node)) return { kind: 'missing' };
    node = node[part];
    if (node === undefined) return { kind: 'missing' };
    if (!isTomlTable(node)) return { kind: 'covered' };
  }
  if (!isTomlTable(node) || !(entry.key in node)) return { kind: 'missing' };
  return { kind: 'value', value: node[entry.key] };
}

/** A project's TOML file as read, and its values. */
interface ParsedFile {
  text: string;
  values: Record<string, unknown>;
}

function parseProjectFile(context: TomlContext, file: string): ParsedFile {
  const text = context.read(file) ?? '';
  try {
    return { text, values: parseTomlDocument(text) };
  } catch (error) {
    throw syntaxError(file, error);
  }
}

function syntaxError(file: string, error: unknown): unknown {
  if (!(error instanceof TomlSyntaxError)) return error;
  return new UsageError(
    `${file} is not valid TOML (${error.message}). Nothing was written: fix the file, or move it away, and run again.`,
  );
}

interface FilePlan {
  file: string;
  before: string;
  after: string;
  changes: TomlChange[];
  warnings: string[];
}

/** Merges entries into one file (as `parsed` holds it, when the caller has read it), in memory; nothing is written yet. */
export async function planTomlFile(
  context: TomlContext,
  file: string,
  entries: readonly TomlEntry[],
  earlier: readonly TomlChange[],
  files: TomlFiles = PLAIN_TOML_FILES,
  parsed?: ParsedFile,
): Promise<FilePlan> {
  if (file !== files.secrets && entries.some((entry) => entry.secret)) {
    throw new Error(`refusing to write a secret to ${file}: secrets go to ${files.secrets} only`);
  }
  const { text: before, values } = parsed ?? parseProjectFile(context, file);
  const conflicts = findTomlConflicts(before, entries, values);
  const decisions = await decideConflicts(context, file, conflicts, earlier);
  let merge: ReturnType<typeof mergeToml>;
  try {
    merge = mergeToml(before, entries, {
      take: (conflict) => decisions.get(conflict.entry) ?? false,
      header: header(file, files),
      values,
    });
  } catch (error) {
    throw new Error(
      `generator-dlt could not merge into ${file} safely (${(error as Error).message}); nothing was written. ` +
        'Please report this, with the file (secrets removed).',
    );
  }
  const changes = merge.results.map((result) => ({
    file,
    table: result.entry.table.join('.'),
    key: result.entry.key,
    action: CHANGE_ACTION[result.outcome],
  }));
  const warnings = merge.results
    .filter((result) => result.reason)
    .map(
      (result) =>
        `${file}: cannot set [${result.entry.table.join('.')}] ${result.entry.key}: ${result.reason}`,
    );
  return { file, before, after: merge.text, changes, warnings };
}

const CHANGE_ACTION: Record<TomlOutcome, TomlChange['action']> = {
  added: 'added',
  same: 'kept',
  kept: 'kept',
  updated: 'updated',
  conflict: 'conflict',
};

/** 0600 for a new secrets file; an existing one keeps its mode, without any access for group and others. */
function secretsMode(file: string, mode: number | undefined, warnings: string[]): number {
  if (mode === undefined) return 0o600;
  if (mode & 0o077) {
    warnings.push(
      `${file} was readable by other users (mode ${octal(mode)}); it is now ${octal(mode & 0o700)}.`,
    );
  }
  return mode & 0o700;
}

/** The mode of a secrets file on disk, undefined when there is none (or on Windows). */
function diskMode(root: string, file: string): number | undefined {
  const path = join(root, file);
  if (process.platform === 'win32' || !existsSync(path)) return undefined;
  return statSync(path).mode & 0o777;
}

const octal = (mode: number) => `0${mode.toString(8).padStart(3, '0')}`;

/** Key names that hold secrets; such a key with a real value must be marked secret. */
const SECRET_KEY =
  /(^|_)(password|passwd|secret|token|private_key|api_key|apikey|access_key|account_key|passphrase)$/i;
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/@:\s]*:[^/@\s]+@/i;

/** Guards against a generator putting a secret into config.toml by mistake. */
function refuseUnmarkedSecrets(entries: readonly TomlEntry[]): void {
  for (const entry of entries) {
    if (entry.secret || isPlaceholder(entry.value)) continue;
    const looksSecret =
      SECRET_KEY.test(entry.key) || (typeof entry.value === 'string' && URL_WITH_PASSWORD.test(entry.value));
    if (looksSecret) {
      throw new Error(
        `refusing to write [${entry.table.join('.')}] ${entry.key} to ${CONFIG_FILE}: it holds a secret; mark the entry secret`,
      );
    }
  }
}
