import { formatTomlKeyPath } from './format.js';
import { PieceText } from './piece-text.js';
import { detectEol, scanToml, type TomlInlineTable, type TomlKeyValue, type TomlSection } from './scan.js';

/** Where keys can be added: the root, a [table] section, or an inline table. */
export interface Container {
  kind: 'root' | 'table' | 'array' | 'inline';
  path: string[];
  entries: TomlKeyValue[];
  section?: TomlSection;
  inline?: TomlInlineTable;
}

/** A statement the writer adds: its key (relative to where it goes), value text and comment line. */
export interface AddedLine {
  key: readonly string[];
  value: string;
  /** A whole comment line (its line break included) above the key, or ''. */
  comment: string;
}

/**
 * One text edit: [start, end) became `delta` characters longer. `absorbed` is set when text was added
 * after a last line that had no line break: the statement on that line now ends after the added one.
 */
interface Edit {
  start: number;
  end: number;
  delta: number;
  absorbed: number;
}

type OffsetKind = 'start' | 'end' | 'lineEnd';
const KEY_VALUE_OFFSETS: readonly [keyof TomlKeyValue & string, OffsetKind][] = [
  ['lineStart', 'start'],
  ['keyStart', 'start'],
  ['valueStart', 'start'],
  ['valueEnd', 'end'],
  ['lineEnd', 'lineEnd'],
];
const SECTION_OFFSETS: readonly [keyof TomlSection & string, OffsetKind][] = [
  ['start', 'start'],
  ['headerEnd', 'lineEnd'],
];
const INLINE_OFFSETS: readonly [keyof TomlInlineTable & string, OffsetKind][] = [
  ['open', 'start'],
  ['close', 'start'],
];

/** Where an offset is after an edit, as a new scan of the edited text would find it. */
function shifted(offset: number, edit: Edit, kind: OffsetKind): number {
  // a start (of a line, key, value, header, brace) at the edit's end moves with the text after it
  if (kind === 'start') return offset >= edit.end ? offset + edit.delta : offset;
  // an end at the edit's start stays: what is inserted there comes after it
  if (offset > edit.start) return offset + edit.delta;
  return kind === 'lineEnd' && offset === edit.start ? offset + edit.absorbed : offset;
}

/**
 * A TOML document's text and its layout (scan.ts), kept in step while the writer edits the text:
 * the text is scanned once, however many keys are added or changed. Offsets are brought up to date
 * lazily: each node of the layout remembers how many edits it has seen, and is moved past the
 * others when it is read (through `keyValue`, `section` or `inline`), so an edit costs nothing for
 * the nodes it does not touch.
 */
export class TomlLayoutEditor {
  private scanned?: { sections: TomlSection[]; containers: Container[] };
  private readonly edits: Edit[] = [];
  private readonly seen = new WeakMap<object, number>();
  /** The text as edited so far. */
  readonly text: PieceText;

  constructor(private readonly original: string) {
    this.text = new PieceText(original);
  }

  /** The line break the text uses now (an edit may remove the first one). */
  get eol(): '\n' | '\r\n' {
    return detectEol(this.text);
  }

  get containers(): readonly Container[] {
    return this.layout().containers;
  }

  keyValue(node: TomlKeyValue): TomlKeyValue {
    return this.catchUp(node, KEY_VALUE_OFFSETS);
  }

  section(node: TomlSection): TomlSection {
    // the root has no header: it starts at 0 whatever is inserted there
    return node.kind === 'root' ? node : this.catchUp(node, SECTION_OFFSETS);
  }

  inline(node: TomlInlineTable): TomlInlineTable {
    return this.catchUp(node, INLINE_OFFSETS);
  }

  /** The first [table] or [[array]] header, if any. */
  firstHeader(): TomlSection | undefined {
    const header = this.layout().sections[1];
    return header && this.section(header);
  }

  /** Replaces a value's text. */
  replaceValue(node: TomlKeyValue, value: string): void {
    const { valueStart, valueEnd } = this.keyValue(node);
    this.edit(valueStart, valueEnd, value);
  }

  /**
   * Inserts `lead`, the line (comment, indent, key = value, line break) and `trail` at `at`, and
   * puts the key into `entries` at `index`.
   */
  insertLine(
    entries: TomlKeyValue[],
    index: number,
    at: number,
    lead: string,
    indent: string,
    line: AddedLine,
    trail = '',
  ): void {
    const eol = this.eol;
    const keyText = formatTomlKeyPath(line.key);
    this.edit(at, at, `${lead}${line.comment}${indent}${keyText} = ${line.value}${eol}${trail}`);
    const lineStart = at + lead.length + line.comment.length;
    this.place(entries, index, line, { lineStart, keyStart: lineStart + indent.length, eol });
  }

  /** Replaces `range` of an inline table's text with `prefix`, `key = value` and `suffix`. */
  insertPair(
    entries: TomlKeyValue[],
    index: number,
    range: { start: number; end: number },
    prefix: string,
    suffix: string,
    line: AddedLine,
  ): void {
    const keyText = formatTomlKeyPath(line.key);
    this.edit(range.start, range.end, `${prefix}${keyText} = ${line.value}${suffix}`);
    const keyStart = range.start + prefix.length;
    const lineStart = this.text.lastIndexOf('\n', keyStart - 1) + 1;
    this.place(entries, index, line, { lineStart, keyStart, eol: '' });
  }

  /** Puts an inserted key into the layout; `eol` ends its line (none inside an inline table). */
  private place(
    entries: TomlKeyValue[],
    index: number,
    line: AddedLine,
    where: { lineStart: number; keyStart: number; eol: string },
  ): void {
    const valueStart = where.keyStart + formatTomlKeyPath(line.key).length + ' = '.length;
    const valueEnd = valueStart + line.value.length;
    const { lineStart, keyStart } = where;
    const node = {
      key: [...line.key],
      lineStart,
      keyStart,
      valueStart,
      valueEnd,
      lineEnd: valueEnd + where.eol.length,
    };
    entries.splice(index, 0, this.added(node));
  }

  /** Appends `prefix`, a [table] header and its first line at the end of the text. */
  appendTable(prefix: string, path: readonly string[], line: AddedLine): void {
    const eol = this.eol;
    const start = this.text.length + prefix.length;
    const headerEnd = start + `[${formatTomlKeyPath(path)}]`.length + eol.length;
    this.edit(this.text.length, this.text.length, `${prefix}[${formatTomlKeyPath(path)}]${eol}`);
    const section: TomlSection = this.added({
      kind: 'table',
      path: [...path],
      start,
      headerEnd,
      entries: [],
    });
    this.insertLine(section.entries, 0, this.text.length, '', '', line);
    const layout = this.layout();
    layout.sections.push(section);
    layout.containers.push({ kind: 'table', path: section.path, entries: section.entries, section });
  }

  private layout(): { sections: TomlSection[]; containers: Container[] } {
    if (!this.scanned) {
      // nodes found by the scan have seen no edit (the scan happens before the first one)
      const { sections } = scanToml(this.original);
      this.scanned = { sections, containers: containersOf(sections) };
    }
    return this.scanned;
  }

  /** A node made after the last edit: its offsets are current. */
  private added<T extends object>(node: T): T {
    this.seen.set(node, this.edits.length);
    return node;
  }

  private catchUp<T extends object>(node: T, offsets: readonly [keyof T & string, OffsetKind][]): T {
    const seen = this.seen.get(node) ?? 0;
    if (seen === this.edits.length) return node;
    const fields = node as Record<string, number>;
    for (let index = seen; index < this.edits.length; index += 1) {
      const edit = this.edits[index]!;
      for (const [field, kind] of offsets) fields[field] = shifted(fields[field]!, edit, kind);
    }
    this.seen.set(node, this.edits.length);
    return node;
  }

  private edit(start: number, end: number, replacement: string): void {
    const atUnfinishedEnd =
      start === end && start === this.text.length && this.text.length > 0 && !this.text.endsWith('\n');
    const absorbed = !atUnfinishedEnd
      ? 0
      : replacement.startsWith('\r\n')
        ? 2
        : replacement.startsWith('\n')
          ? 1
          : 0;
    // the layout is scanned before the text changes, so that its offsets are those of edit 0
    this.layout();
    this.edits.push({ start, end, delta: replacement.length - (end - start), absorbed });
    this.text.splice(start, end, replacement);
  }
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
