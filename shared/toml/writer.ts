import { parse, TomlError } from 'smol-toml';
import type { TomlEntry } from './entry.js';
import { formatTomlComment, formatTomlValue, isTomlTable, tomlValuesEqual } from './format.js';
import { type AddedLine, type Container, TomlLayoutEditor } from './layout-edit.js';
import { isPlaceholder } from './placeholders.js';
import type { TomlInlineTable, TomlKeyValue } from './scan.js';
import { tomlWorkCount } from './work-count.js';

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
  /** The document's values when the caller has parsed it already: it is not parsed again. */
  values?: Table;
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
  tomlWorkCount.parses += 1;
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
  const original = options.values ?? parseTomlDocument(text);
  const editor = new TomlLayoutEditor(
    text === '' && options.header ? `${formatTomlComment(options.header)}\n` : text,
  );
  // the values of the edited text, kept in step with it: the text is parsed once, not once an entry
  const document = new SetValues(original);
  const take = options.take ?? (() => false);
  const results: TomlEntryResult[] = [];
  for (const entry of entries) {
    const result = mergeEntry(editor, decide(document.root, entry, take), entry);
    if (changes(result)) document.set([...entry.table, entry.key], entry.value);
    results.push(result);
  }
  if (!results.some(changes)) return { text, results };
  const merged = editor.text.toString();
  verifyMerge(merged, document.root);
  return { text: merged, results };
}

/** The conflicts a merge would meet, none of them decided. */
export function findTomlConflicts(
  text: string,
  entries: readonly TomlEntry[],
  values: Table = parseTomlDocument(text),
): TomlConflict[] {
  // the values decide every outcome: the text is not edited (nor scanned) to find them
  const document = new SetValues(values);
  const conflicts: TomlConflict[] = [];
  for (const entry of entries) {
    const decision = decide(document.root, entry, () => false);
    if (decision.kind === 'result') {
      const { outcome, reason, existing } = decision.result;
      if (outcome === 'conflict' && reason === undefined) conflicts.push({ entry, existing });
    } else {
      document.set([...entry.table, entry.key], entry.value);
    }
  }
  return conflicts;
}

const changes = (result: TomlEntryResult) => result.outcome === 'added' || result.outcome === 'updated';

/** The merged text must hold the intended values: the parsed ones with every change made. */
function verifyMerge(merged: string, expected: Table): void {
  if (!tomlValuesEqual(parseMerged(merged), expected)) {
    throw new Error('the merged document differs from the intended merge');
  }
}

/** Parses a document the writer made: if it does not parse, the writer is wrong, not the user's file. */
function parseMerged(text: string): Table {
  tomlWorkCount.parses += 1;
  try {
    return parse(text) as Table;
  } catch (error) {
    throw new Error(`the merged document does not parse (${(error as Error).message.split('\n')[0]})`);
  }
}

/**
 * A parsed document's values with values set on top. The parsed tables are shared, never changed:
 * a table is copied (shallowly, once) when a value is first set in it or below it.
 */
class SetValues {
  readonly root: Table;
  private readonly copies = new WeakSet<Table>();

  constructor(parsed: Table) {
    this.root = this.copy(parsed);
  }

  set(path: readonly string[], value: unknown): void {
    let node = this.root;
    for (const part of path.slice(0, -1)) {
      const next = node[part];
      const own = !isTomlTable(next) ? this.copy({}) : this.copies.has(next) ? next : this.copy(next);
      node[part] = own;
      node = own;
    }
    node[path[path.length - 1]!] = value;
  }

  private copy(table: Table): Table {
    const copy = { ...table };
    this.copies.add(copy);
    return copy;
  }
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

/** What an entry comes to, from the values alone: a result, or an edit of the text to make. */
type Decision =
  | { kind: 'result'; result: TomlEntryResult }
  | { kind: 'add'; existingDepth: number }
  | { kind: 'update'; existing: unknown };

const resultOf = (entry: TomlEntry, outcome: TomlOutcome, existing?: unknown, reason?: string) => ({
  entry,
  existing,
  outcome,
  ...(reason ? { reason } : {}),
});

function decide(document: Table, entry: TomlEntry, take: (conflict: TomlConflict) => boolean): Decision {
  const path = [...entry.table, entry.key];
  const result = (outcome: TomlOutcome, existing?: unknown, reason?: string): Decision => ({
    kind: 'result',
    result: resultOf(entry, outcome, existing, reason),
  });

  let node: Table = document;
  let depth = 0;
  for (; depth < entry.table.length; depth += 1) {
    const next = node[entry.table[depth]!];
    if (next === undefined) break;
    if (!isTomlTable(next)) {
      const what = Array.isArray(next) ? 'an array' : 'a value';
      const where = entry.table.slice(0, depth + 1).join('.');
      return result('conflict', undefined, `${where} is ${what}, not a table`);
    }
    node = next;
  }
  if (depth < entry.table.length) return { kind: 'add', existingDepth: depth };

  const existing = node[entry.key];
  if (existing === undefined) return { kind: 'add', existingDepth: depth };
  if (isTomlTable(existing))
    return result('conflict', undefined, `${path.join('.')} is a table, not a value`);
  if (tomlValuesEqual(existing, entry.value)) return result('same', existing);
  if (isPlaceholder(entry.value)) return result('kept', existing);
  if (!isPlaceholder(existing) && !take({ entry, existing })) return result('conflict', existing);
  return { kind: 'update', existing };
}

/** Makes the edit a decision calls for; the layout is scanned (once) by the first entry that edits. */
function mergeEntry(editor: TomlLayoutEditor, decision: Decision, entry: TomlEntry): TomlEntryResult {
  if (decision.kind === 'result') return decision.result;
  if (decision.kind === 'add') {
    addKey(editor, entry, decision.existingDepth);
    return resultOf(entry, 'added');
  }
  const path = [...entry.table, entry.key];
  const definition = definitionOf(editor.containers, path);
  if (!definition) {
    return resultOf(
      entry,
      'conflict',
      decision.existing,
      `${path.join('.')} is not set by a key = value line`,
    );
  }
  editor.replaceValue(definition, formatTomlValue(entry.value));
  return resultOf(entry, 'updated', decision.existing);
}

/** Adds a missing key; `existingDepth` parts of the entry's table exist already. */
function addKey(editor: TomlLayoutEditor, entry: TomlEntry, existingDepth: number): void {
  const containers = editor.containers;
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
  if (!owner) appendTable(editor, entry);
  else {
    const relativeKey = [...table.slice(owner.path.length), entry.key];
    if (owner.inline) addToInlineTable(editor, owner.inline, relativeKey, entry);
    else addToSection(editor, owner, relativeKey, entry);
  }
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

/** The line for an entry: with its comment above when it is a placeholder to fill in. */
function addedLine(entry: TomlEntry, key: readonly string[], indent: string, eol: string): AddedLine {
  const comment =
    entry.comment && isPlaceholder(entry.value) ? `${indent}${formatTomlComment(entry.comment)}${eol}` : '';
  return { key, value: formatTomlValue(entry.value), comment };
}

function addToSection(
  editor: TomlLayoutEditor,
  container: Container,
  key: readonly string[],
  entry: TomlEntry,
): void {
  const { text, eol } = editor;
  const anchor = anchorEntry(container.entries, key);
  if (anchor) {
    const { lineStart, keyStart, lineEnd } = editor.keyValue(anchor);
    const indent = text.slice(lineStart, keyStart);
    const lead = text.charAt(lineEnd - 1) === '\n' ? '' : eol;
    const index = container.entries.indexOf(anchor) + 1;
    editor.insertLine(container.entries, index, lineEnd, lead, indent, addedLine(entry, key, indent, eol));
    return;
  }
  if (container.section && container.kind !== 'root') {
    const at = editor.section(container.section).headerEnd;
    const lead = text.charAt(at - 1) === '\n' ? '' : eol;
    editor.insertLine(container.entries, 0, at, lead, '', addedLine(entry, key, '', eol));
    return;
  }
  addToEmptyRoot(editor, container, key, entry);
}

/** A root with no keys: the key goes before the first table and the comment lines right above it. */
function addToEmptyRoot(
  editor: TomlLayoutEditor,
  root: Container,
  key: readonly string[],
  entry: TomlEntry,
): void {
  const { text, eol } = editor;
  const firstHeader = editor.firstHeader();
  if (!firstHeader) {
    const lead = text.length === 0 || text.endsWith('\n') ? '' : eol;
    editor.insertLine(root.entries, 0, text.length, lead, '', addedLine(entry, key, '', eol));
    return;
  }
  let at = text.lastIndexOf('\n', firstHeader.start - 1) + 1;
  while (at > 0) {
    const previousStart = text.lastIndexOf('\n', at - 2) + 1;
    if (!text.slice(previousStart, at).trimStart().startsWith('#')) break;
    at = previousStart;
  }
  // a blank line parts the key from the table
  editor.insertLine(root.entries, 0, at, '', '', addedLine(entry, key, '', eol), eol);
}

function addToInlineTable(
  editor: TomlLayoutEditor,
  inline: TomlInlineTable,
  key: readonly string[],
  entry: TomlEntry,
): void {
  const line = addedLine(entry, key, '', '');
  const anchor = anchorEntry(inline.entries, key);
  if (anchor) {
    const at = editor.keyValue(anchor).valueEnd;
    const index = inline.entries.indexOf(anchor) + 1;
    editor.insertPair(inline.entries, index, { start: at, end: at }, ', ', '', line);
    return;
  }
  const { open, close } = editor.inline(inline);
  if (/^[ \t]*$/.test(editor.text.slice(open + 1, close))) {
    editor.insertPair(inline.entries, 0, { start: open + 1, end: close }, ' ', ' ', line);
  } else {
    editor.insertPair(inline.entries, 0, { start: open + 1, end: open + 1 }, ' ', '', line);
  }
}

/** A new [table] at the end of the document, after a blank line. */
function appendTable(editor: TomlLayoutEditor, entry: TomlEntry): void {
  const { text, eol } = editor;
  let prefix = '';
  if (text.length > 0 && !text.endsWith('\n')) prefix += eol;
  // the end of the text with the prefix: enough to see whether it ends with a blank line
  const end = text.slice(Math.max(0, text.length - 3)) + prefix;
  const whole = text.length + prefix.length;
  if (whole > 0 && !/\n\r?\n$/.test(end) && !(whole === eol.length && end === eol)) prefix += eol;
  editor.appendTable(prefix, entry.table, addedLine(entry, [entry.key], '', eol));
}
