import { parse, TomlError } from 'smol-toml';
import type { TomlEntry } from './entry.js';
import {
  formatTomlComment,
  formatTomlKeyPath,
  formatTomlValue,
  isTomlTable,
  tomlValuesEqual,
} from './format.js';
import { isPlaceholder } from './placeholders.js';
import { detectEol, scanToml, type TomlInlineTable, type TomlKeyValue, type TomlSection } from './scan.js';

/**
 * The conflict-aware TOML writer: merges entries into a document by editing its text, so that
 * everything it does not add or change stays byte for byte (comments, blank lines, order, quoting,
 * line endings). Pure: text in, text out.
 *
 * - a missing key is added inside its table, after the table's last key; a missing table is added at
 *   the end; a table defined by dotted keys or as an inline table gets the key the same way;
 * - an equal value is left alone; a placeholder never replaces a value, and a value always replaces
 *   a placeholder; any other difference is a conflict, decided by `take` (default: keep);
 * - the result is parsed again and compared with the intended merge before it is returned.
 */

export type TomlOutcome = 'added' | 'same' | 'kept' | 'updated' | 'conflict';

export interface TomlConflict {
  entry: TomlEntry;
  /** The value in the document (smol-toml's), or undefined when a table or value is in the way. */
  existing: unknown;
}

export interface TomlEntryResult extends TomlConflict {
  outcome: TomlOutcome;
  /** Set when the entry cannot be written however the conflict is decided. */
  reason?: string;
}

export interface TomlMergeOptions {
  /** Decides a conflict: true takes the entry's value, false keeps the document's. Default: keep. */
  take?: (conflict: TomlConflict) => boolean;
  /** For a new (empty) document: a first comment line saying what the file is for. */
  header?: string;
}

export interface TomlMergeResult {
  text: string;
  results: TomlEntryResult[];
}

/** The document does not parse; `line` and `column` are 1-based. */
export class TomlSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`line ${line}, column ${column}: ${problem}`);
    this.name = 'TomlSyntaxError';
  }
}

type Table = Record<string, unknown>;

export function parseTomlDocument(text: string): Table {
  try {
    return parse(text) as Table;
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const problem = (error.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
    throw new TomlSyntaxError(error.line, error.column, problem);
  }
}

export function mergeToml(
  text: string,
  entries: readonly TomlEntry[],
  options: TomlMergeOptions = {},
): TomlMergeResult {
  const original = parseTomlDocument(text);
  let current = text === '' && options.header ? `${formatTomlComment(options.header)}\n` : text;
  // the values of `current`, kept in step with it: the text is parsed once, not once an entry
  const document = copyTables(original);
  const results: TomlEntryResult[] = [];
  for (const entry of entries) {
    const step = mergeEntry(current, document, entry, options.take ?? (() => false));
    current = step.text;
    if (changes(step.result)) setPath(document, [...entry.table, entry.key], entry.value);
    results.push(step.result);
  }
  if (!results.some(changes)) return { text, results };
  verifyMerge(original, current, results);
  return { text: current, results };
}

/** The conflicts a merge would meet, none of them decided. */
export function findTomlConflicts(text: string, entries: readonly TomlEntry[]): TomlConflict[] {
  return mergeToml(text, entries)
    .results.filter((result) => result.outcome === 'conflict' && result.reason === undefined)
    .map(({ entry, existing }) => ({ entry, existing }));
}

const changes = (result: TomlEntryResult) => result.outcome === 'added' || result.outcome === 'updated';

function verifyMerge(original: Table, merged: string, results: readonly TomlEntryResult[]): void {
  const expected = copyTables(original);
  for (const result of results) {
    if (changes(result)) setPath(expected, [...result.entry.table, result.entry.key], result.entry.value);
  }
  if (!tomlValuesEqual(parseMerged(merged), expected)) {
    throw new Error('the merged document differs from the intended merge');
  }
}

/** Parses a document the writer made: if it does not parse, the writer is wrong, not the user's file. */
function parseMerged(text: string): Table {
  try {
    return parse(text) as Table;
  } catch (error) {
    throw new Error(`the merged document does not parse (${(error as Error).message.split('\n')[0]})`);
  }
}

function copyTables(table: Table): Table {
  return Object.fromEntries(
    Object.entries(table).map(([key, value]) => [key, isTomlTable(value) ? copyTables(value) : value]),
  );
}

function setPath(root: Table, path: readonly string[], value: unknown): void {
  let node = root;
  for (const part of path.slice(0, -1)) {
    if (!isTomlTable(node[part])) node[part] = {};
    node = node[part] as Table;
  }
  node[path[path.length - 1]!] = value;
}

/** Where keys can be added: the root, a [table] section, or an inline table. */
interface Container {
  kind: 'root' | 'table' | 'array' | 'inline';
  path: string[];
  entries: TomlKeyValue[];
  section?: TomlSection;
  inline?: TomlInlineTable;
}

function containersOf(sections: readonly TomlSection[]): Container[] {
  const containers: Container[] = [];
  const addInline = (path: string[], entries: readonly TomlKeyValue[]) => {
    for (const entry of entries) {
      if (!entry.inline) continue;
      const inlinePath = [...path, ...entry.key];
      containers.push({
        kind: 'inline',
        path: inlinePath,
        entries: entry.inline.entries,
        inline: entry.inline,
      });
      addInline(inlinePath, entry.inline.entries);
    }
  };
  for (const section of sections) {
    containers.push({ kind: section.kind, path: section.path, entries: section.entries, section });
    addInline(section.path, section.entries);
  }
  return containers;
}

const startsWith = (path: readonly string[], prefix: readonly string[]) =>
  prefix.length <= path.length && prefix.every((part, index) => path[index] === part);
const samePath = (a: readonly string[], b: readonly string[]) => a.length === b.length && startsWith(a, b);

/** The container whose dotted keys define `table` (`b.c = 1` in [a] defines a.b), if any. */
function dottedOwner(containers: readonly Container[], table: readonly string[]): Container | undefined {
  return containers.find(
    (container) =>
      container.path.length < table.length &&
      startsWith(table, container.path) &&
      container.entries.some((entry) => {
        const full = [...container.path, ...entry.key];
        return full.length > table.length && startsWith(full, table);
      }),
  );
}

/** The container and entry whose `key = value` sets `path`. */
function definitionOf(containers: readonly Container[], path: readonly string[]): TomlKeyValue | undefined {
  for (const container of containers) {
    if (!startsWith(path, container.path)) continue;
    const found = container.entries.find((entry) => samePath([...container.path, ...entry.key], path));
    if (found) return found;
  }
  return undefined;
}

interface Step {
  text: string;
  result: TomlEntryResult;
}

function mergeEntry(
  text: string,
  document: Table,
  entry: TomlEntry,
  take: (conflict: TomlConflict) => boolean,
): Step {
  const path = [...entry.table, entry.key];
  const result = (outcome: TomlOutcome, existing?: unknown, reason?: string): TomlEntryResult => ({
    entry,
    existing,
    outcome,
    ...(reason ? { reason } : {}),
  });

  let node: Table = document;
  let depth = 0;
  for (; depth < entry.table.length; depth += 1) {
    const next = node[entry.table[depth]!];
    if (next === undefined) break;
    if (!isTomlTable(next)) {
      const what = Array.isArray(next) ? 'an array' : 'a value';
      const where = entry.table.slice(0, depth + 1).join('.');
      return { text, result: result('conflict', undefined, `${where} is ${what}, not a table`) };
    }
    node = next;
  }
  // where the lines are: scanned only for an entry that changes the text
  const containers = () => containersOf(scanToml(text).sections);
  if (depth < entry.table.length)
    return { text: addKey(text, containers(), entry, depth), result: result('added') };

  const existing = node[entry.key];
  if (existing === undefined)
    return { text: addKey(text, containers(), entry, depth), result: result('added') };
  if (isTomlTable(existing)) {
    return { text, result: result('conflict', undefined, `${path.join('.')} is a table, not a value`) };
  }
  if (tomlValuesEqual(existing, entry.value)) return { text, result: result('same', existing) };
  if (isPlaceholder(entry.value)) return { text, result: result('kept', existing) };
  if (!isPlaceholder(existing) && !take({ entry, existing })) {
    return { text, result: result('conflict', existing) };
  }
  const definition = definitionOf(containers(), path);
  if (!definition) {
    return {
      text,
      result: result('conflict', existing, `${path.join('.')} is not set by a key = value line`),
    };
  }
  const replaced =
    text.slice(0, definition.valueStart) + formatTomlValue(entry.value) + text.slice(definition.valueEnd);
  return { text: replaced, result: result('updated', existing) };
}

/** Adds a missing key; `existingDepth` parts of the entry's table exist already. */
function addKey(
  text: string,
  containers: readonly Container[],
  entry: TomlEntry,
  existingDepth: number,
): string {
  const table = entry.table;
  const existingTable = table.slice(0, existingDepth);
  const exact = containers.find(
    (container) => container.kind !== 'array' && samePath(container.path, existingTable),
  );
  const owner =
    existingDepth === table.length
      ? (exact ?? dottedOwner(containers, existingTable))
      : existingDepth > 0 && exact?.kind === 'inline'
        ? exact
        : existingDepth > 0
          ? dottedOwner(containers, existingTable)
          : undefined;
  if (!owner) return appendTable(text, entry);
  const relativeKey = [...table.slice(owner.path.length), entry.key];
  return owner.inline
    ? addToInlineTable(text, owner.inline, relativeKey, entry)
    : addToSection(text, owner, relativeKey, entry);
}

/** The last entry that shares the most leading key parts with `key`'s table part. */
function anchorEntry(entries: readonly TomlKeyValue[], key: readonly string[]): TomlKeyValue | undefined {
  const tablePart = key.slice(0, -1);
  let best: TomlKeyValue | undefined;
  let bestScore = -1;
  for (const entry of entries) {
    let score = 0;
    while (
      score < tablePart.length &&
      score < entry.key.length - 1 &&
      entry.key[score] === tablePart[score]
    ) {
      score += 1;
    }
    if (score >= bestScore) {
      best = entry;
      bestScore = score;
    }
  }
  return best;
}

function keyLines(entry: TomlEntry, key: readonly string[], indent: string, eol: string): string {
  const comment =
    entry.comment && isPlaceholder(entry.value) ? `${indent}${formatTomlComment(entry.comment)}${eol}` : '';
  return `${comment}${indent}${formatTomlKeyPath(key)} = ${formatTomlValue(entry.value)}${eol}`;
}

function addToSection(text: string, container: Container, key: readonly string[], entry: TomlEntry): string {
  const eol = detectEol(text);
  const anchor = anchorEntry(container.entries, key);
  if (anchor) {
    const indent = text.slice(anchor.lineStart, anchor.keyStart);
    const lead = text[anchor.lineEnd - 1] === '\n' ? '' : eol;
    return insertAt(text, anchor.lineEnd, lead + keyLines(entry, key, indent, eol));
  }
  if (container.section && container.kind !== 'root') {
    const at = container.section.headerEnd;
    const lead = text[at - 1] === '\n' ? '' : eol;
    return insertAt(text, at, lead + keyLines(entry, key, '', eol));
  }
  return addToEmptyRoot(text, key, entry);
}

/** A root with no keys: the key goes before the first table and the comment lines right above it. */
function addToEmptyRoot(text: string, key: readonly string[], entry: TomlEntry): string {
  const eol = detectEol(text);
  const firstHeader = scanToml(text).sections[1];
  if (!firstHeader) {
    const lead = text === '' || text.endsWith('\n') ? '' : eol;
    return text + lead + keyLines(entry, key, '', eol);
  }
  let at = text.lastIndexOf('\n', firstHeader.start - 1) + 1;
  while (at > 0) {
    const previousStart = text.lastIndexOf('\n', at - 2) + 1;
    if (!text.slice(previousStart, at).trimStart().startsWith('#')) break;
    at = previousStart;
  }
  return insertAt(text, at, keyLines(entry, key, '', eol) + eol);
}

function addToInlineTable(
  text: string,
  inline: TomlInlineTable,
  key: readonly string[],
  entry: TomlEntry,
): string {
  const pair = `${formatTomlKeyPath(key)} = ${formatTomlValue(entry.value)}`;
  const anchor = anchorEntry(inline.entries, key);
  if (anchor) return insertAt(text, anchor.valueEnd, `, ${pair}`);
  const inside = text.slice(inline.open + 1, inline.close);
  if (/^[ \t]*$/.test(inside)) return `${text.slice(0, inline.open + 1)} ${pair} ${text.slice(inline.close)}`;
  return insertAt(text, inline.open + 1, ` ${pair}`);
}

/** A new [table] at the end of the document, after a blank line. */
function appendTable(text: string, entry: TomlEntry): string {
  const eol = detectEol(text);
  let out = text;
  if (out !== '' && !out.endsWith('\n')) out += eol;
  if (out !== '' && !/\n\r?\n$/.test(out) && out !== eol) out += eol;
  return `${out}[${formatTomlKeyPath(entry.table)}]${eol}${keyLines(entry, [entry.key], '', eol)}`;
}

function insertAt(text: string, at: number, insertion: string): string {
  return text.slice(0, at) + insertion + text.slice(at);
}
