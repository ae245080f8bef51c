import { existsSync, statSync } from 'node:fs';
import { UsageError } from '../plan/errors.js';
import type { TomlChange } from '../plan/run-state.js';
import { ensureGitignore } from '../project/gitignore.js';
import type { TomlEntry } from '../toml/entry.js';
import { isTomlTable, tomlValuesEqual } from '../toml/format.js';
import { readProjectFile, writeMergedFile } from '../toml/merged-file.js';
import { isPlaceholder } from '../toml/placeholders.js';
import {
  findTomlConflicts,
  mergeToml,
  parseTomlDocument,
  type TomlOutcome,
  TomlSyntaxError,
} from '../toml/writer.js';
import type { DltGenerator } from './dlt-generator.js';
import { decideConflicts } from './toml-conflicts.js';

export const CONFIG_FILE = '.dlt/config.toml';
export const SECRETS_FILE = '.dlt/secrets.toml';

const HEADERS: Record<string, string> = {
  [CONFIG_FILE]:
    'dlt settings for this project; secrets go in secrets.toml. https://dlthub.com/docs/general-usage/credentials/setup',
  [SECRETS_FILE]: 'dlt secrets for this project (passwords, keys, tokens): keep this file out of git.',
};

/**
 * Merges entries into .dlt/config.toml (settings) and .dlt/secrets.toml (secrets) with the
 * conflict-aware TOML writer, records what it did for the summary, and makes sure .gitignore keeps
 * the secrets out of git.
 *
 * dlt looks a key up in secrets.toml before config.toml, so each key is looked up in both files
 * first: a key the other file holds is never given a placeholder, and a value for it goes where the
 * existing one is (a different value there is a conflict like any other). See routeToExisting.
 */
export async function applyTomlEntries(
  generator: DltGenerator,
  entries: readonly TomlEntry[],
): Promise<void> {
  refuseUnmarkedSecrets(entries);
  const routed = await routeToExisting(generator, entries);
  // both files are checked before either is written, so a broken file stops the run with nothing half-done
  const plans = [
    ...(routed.config.length > 0 ? [await planTomlFile(generator, CONFIG_FILE, routed.config)] : []),
    ...(routed.secrets.length > 0 ? [await planTomlFile(generator, SECRETS_FILE, routed.secrets)] : []),
  ];
  generator.state.toml.push(...routed.changes);
  for (const plan of plans) commitPlan(generator, plan);
  await ensureGitignore(generator);
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
 */
async function routeToExisting(
  generator: DltGenerator,
  entries: readonly TomlEntry[],
): Promise<RoutedEntries> {
  const documents = {
    [CONFIG_FILE]: parseProjectFile(generator, CONFIG_FILE),
    [SECRETS_FILE]: parseProjectFile(generator, SECRETS_FILE),
  };
  const routed: RoutedEntries = { config: [], secrets: [], changes: [] };
  const send = (file: string, entry: TomlEntry) =>
    (file === SECRETS_FILE ? routed.secrets : routed.config).push(entry);
  const record = (file: string, entry: TomlEntry, action: TomlChange['action']) =>
    routed.changes.push({ file, table: entry.table.join('.'), key: entry.key, action });
  for (const entry of entries) {
    const own = entry.secret ? SECRETS_FILE : CONFIG_FILE;
    const other = entry.secret ? CONFIG_FILE : SECRETS_FILE;
    const there = lookUp(documents[other], entry);
    const placeholder = isPlaceholder(entry.value);
    if (there.kind === 'missing' || lookUp(documents[own], entry).kind === 'value') {
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
      const decisions = await decideConflicts(generator, other, [{ entry, existing: there.value }]);
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

function parseProjectFile(generator: DltGenerator, file: string): Record<string, unknown> {
  try {
    return parseTomlDocument(readProjectFile(generator, file) ?? '');
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

/** Merges entries into one file, in memory; nothing is written yet. */
export async function planTomlFile(
  generator: DltGenerator,
  file: string,
  entries: readonly TomlEntry[],
): Promise<FilePlan> {
  if (file !== SECRETS_FILE && entries.some((entry) => entry.secret)) {
    throw new Error(`refusing to write a secret to ${file}: secrets go to ${SECRETS_FILE} only`);
  }
  const before = readProjectFile(generator, file) ?? '';
  let conflicts: ReturnType<typeof findTomlConflicts>;
  try {
    conflicts = findTomlConflicts(before, entries);
  } catch (error) {
    throw syntaxError(file, error);
  }
  const decisions = await decideConflicts(generator, file, conflicts);
  let merge: ReturnType<typeof mergeToml>;
  try {
    merge = mergeToml(before, entries, {
      take: (conflict) => decisions.get(conflict.entry) ?? false,
      header: HEADERS[file],
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

function commitPlan(generator: DltGenerator, plan: FilePlan): void {
  const { state } = generator;
  state.toml.push(...plan.changes);
  state.warnings.push(...plan.warnings);
  const secrets = plan.file === SECRETS_FILE;
  if (plan.after !== plan.before) {
    writeMergedFile(generator, plan.file, plan.after, secrets ? { mode: secretsMode(generator) } : {});
  } else if (secrets) {
    warnIfReadableByOthers(generator);
  }
}

/** 0600 for a new secrets.toml; an existing one keeps its mode, without any access for group and others. */
function secretsMode(generator: DltGenerator): number {
  const mode = diskMode(generator);
  if (mode === undefined) return 0o600;
  if (mode & 0o077) {
    generator.state.warnings.push(
      `${SECRETS_FILE} was readable by other users (mode ${octal(mode)}); it is now ${octal(mode & 0o700)}.`,
    );
  }
  return mode & 0o700;
}

function warnIfReadableByOthers(generator: DltGenerator): void {
  const mode = diskMode(generator);
  if (mode !== undefined && mode & 0o077) {
    generator.state.warnings.push(
      `${SECRETS_FILE} is readable by other users (mode ${octal(mode)}): run \`chmod 600 ${SECRETS_FILE}\`.`,
    );
  }
}

function diskMode(generator: DltGenerator): number | undefined {
  const path = generator.destinationPath(SECRETS_FILE);
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
