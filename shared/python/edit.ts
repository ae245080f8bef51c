import {
  DEFAULT_LAYOUT,
  type Doc,
  type DocItem,
  flatText,
  type GroupDoc,
  group,
  item,
  type LayoutOptions,
  raw,
  renderDoc,
} from './edit-layout.js';
import { pyString } from './literal.js';
import { descendantsOfType, type PyNode, stringValue } from './parser.js';

/** Replace source[start, end) by text; start === end inserts. Offsets are JS string indices. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits (insertions at one point keep the order they were given in). */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((edit, order) => ({ ...edit, order }));
  sorted.sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  let result = '';
  let position = 0;
  for (const edit of sorted) {
    if (edit.start < position) {
      throw new Error(`overlapping edits at offset ${edit.start}`);
    }
    result += source.slice(position, edit.start) + edit.text;
    position = edit.end;
  }
  return result + source.slice(position);
}

/** Brackets whose items the rewriter can add to, remove from and lay out again. */
const CONTAINERS = new Set(['dictionary', 'list', 'argument_list', 'parameters']);
/** Nodes that wrap one item of a container: a dict pair, a keyword argument, a defaulted parameter. */
const ITEM_WRAPPERS = new Set(['pair', 'keyword_argument', 'default_parameter', 'typed_default_parameter']);

interface ContainerChange {
  node: PyNode;
  /** New entries by key (dict key or keyword name), in the order they were set. */
  added: Map<string, DocItem>;
  /** Ids of the items to remove. */
  removed: Set<number>;
  /** Items to insert before an existing item (e.g. a parameter before **kwargs). */
  insertedBefore: { before: PyNode; item: DocItem }[];
}

export function lineStartOf(source: string, index: number): number {
  return source.lastIndexOf('\n', index - 1) + 1;
}

function lineEndOf(source: string, index: number): number {
  const end = source.indexOf('\n', index);
  return end === -1 ? source.length : end;
}

/** The whitespace a line starts with. */
export function indentationAt(source: string, index: number): string {
  const start = lineStartOf(source, index);
  let end = start;
  while (source[end] === ' ' || source[end] === '\t') end++;
  return source.slice(start, end);
}

const isFlat = (node: PyNode) => node.startPosition.row === node.endPosition.row;

/** True for a container on several lines that puts several items on one of them. */
function sharesLines(node: PyNode): boolean {
  if (isFlat(node)) return false;
  const items = containerItems(node);
  return items.some(
    (child, index) => index > 0 && child.startPosition.row === items[index - 1]!.endPosition.row,
  );
}
const startsItsLine = (source: string, node: PyNode) =>
  source.slice(lineStartOf(source, node.startIndex), node.startIndex).trim() === '';

/** The items of a container, without comments and punctuation. */
export function containerItems(node: PyNode): PyNode[] {
  return node.namedChildren.filter((child): child is PyNode => child !== null && child.type !== 'comment');
}

/** The key of a container item: a dict key's string value, a keyword's or parameter's name. */
export function itemKey(node: PyNode): string | undefined {
  if (node.type === 'pair') return stringValue(node.childForFieldName('key'));
  if (node.type === 'keyword_argument' || node.type === 'default_parameter') {
    return node.childForFieldName('name')?.text;
  }
  if (node.type === 'typed_default_parameter' || node.type === 'typed_parameter') {
    return node.childForFieldName('name')?.text ?? node.namedChildren[0]?.text;
  }
  if (node.type === 'identifier') return node.text;
  return undefined;
}

/** The entry of a dict (by string key) or call (by keyword name), or undefined. */
export function findItem(container: PyNode, key: string): PyNode | undefined {
  return containerItems(container).find((child) => itemKey(child) === key);
}

/** The value of `key` in a dict literal or of keyword `key` in an argument list. */
export function itemValue(container: PyNode, key: string): PyNode | undefined {
  return findItem(container, key)?.childForFieldName('value') ?? undefined;
}

/**
 * Collects changes to one parsed Python file and turns them into the smallest text edits that make
 * them: entries are inserted into containers already laid out one item per line, and only a
 * container that sits on one line is laid out again (with its one-line parents), as ruff would.
 */
export class PythonRewriter {
  private readonly replacements = new Map<number, { node: PyNode; doc: Doc }>();
  private readonly changes = new Map<number, ContainerChange>();
  private readonly textEdits: TextEdit[] = [];
  readonly layout: LayoutOptions;

  constructor(
    readonly source: string,
    root: PyNode,
    layout: Partial<LayoutOptions> = {},
  ) {
    this.layout = { ...DEFAULT_LAYOUT, unit: detectIndentUnit(source, root), ...layout };
  }

  /** Replaces a whole node (an expression) by a document. */
  replace(node: PyNode, doc: Doc): void {
    this.replacements.set(node.id, { node, doc });
  }

  /** Sets `"key": value` in a dict literal, replacing the value if the key is there. */
  setDictEntry(dict: PyNode, key: string, value: Doc): void {
    this.setItem(dict, key, item(`${pyString(key)}: `, value));
  }

  /** Sets `name=value` in a call's argument list, replacing the value if the keyword is there. */
  setKeyword(argumentList: PyNode, name: string, value: Doc): void {
    this.setItem(argumentList, name, item(`${name}=`, value));
  }

  /** Removes an entry (dict key or keyword argument) if present. */
  removeItem(container: PyNode, key: string): void {
    const found = findItem(container, key);
    if (found) this.removeNode(container, found);
  }

  /** Removes one item (e.g. a positional argument) of a container, with its comma. */
  removeNode(container: PyNode, child: PyNode): void {
    this.change(container).removed.add(child.id);
  }

  /** Adds an item at the end of a container, or before `before` (one of its items). */
  addItem(container: PyNode, newItem: DocItem, before?: PyNode): void {
    const change = this.change(container);
    if (before) change.insertedBefore.push({ before, item: newItem });
    else change.added.set(`#${change.added.size}`, newItem);
  }

  /** Inserts whole lines before the line `node` starts on, indented like that line. */
  insertLinesBefore(node: PyNode, lines: readonly string[]): void {
    const start = lineStartOf(this.source, node.startIndex);
    const indent = indentationAt(this.source, node.startIndex);
    const text = lines.map((line) => (line === '' ? '\n' : `${indent}${line}\n`)).join('');
    this.textEdits.push({ start, end: start, text });
  }

  /** Removes the whole line(s) a node (e.g. a comment) stands on. */
  removeLines(node: PyNode): void {
    const start = lineStartOf(this.source, node.startIndex);
    const newline = this.source.indexOf('\n', node.endIndex);
    this.textEdits.push({ start, end: newline < 0 ? this.source.length : newline + 1, text: '' });
  }

  /** Inserts text at an offset. */
  insertText(index: number, text: string): void {
    this.textEdits.push({ start: index, end: index, text });
  }

  /** The new source (with the file's own line endings). */
  apply(): string {
    const crlf = this.source.includes('\r\n');
    const edits = this.edits().map((edit) =>
      crlf ? { ...edit, text: edit.text.replace(/\r?\n/g, '\r\n') } : edit,
    );
    return applyEdits(this.source, edits);
  }

  edits(): TextEdit[] {
    const edits: TextEdit[] = [...this.textEdits];
    const roots = new Map<number, PyNode>();
    const touched = [...this.replacements.values()].map((entry) => entry.node);
    for (const change of this.changes.values()) {
      if (isFlat(change.node) || this.replacements.has(change.node.id) || sharesLines(change.node)) {
        touched.push(change.node);
      } else {
        edits.push(...this.editInPlace(change));
      }
    }
    for (const node of touched) {
      const root = this.renderRoot(node);
      roots.set(root.id, root);
    }
    for (const root of roots.values()) {
      if (!isFlat(root) && !this.replacements.has(root.id)) {
        edits.push(this.relayout(root));
        continue;
      }
      const lineStart = lineStartOf(this.source, root.startIndex);
      const lineEnd = lineEndOf(this.source, root.endIndex);
      const text = renderDoc(
        this.docOf(root),
        indentationAt(this.source, root.startIndex),
        root.startIndex - lineStart,
        this.source.slice(root.endIndex, lineEnd).trimEnd().length,
        this.layout,
      );
      edits.push({ start: root.startIndex, end: root.endIndex, text });
    }
    return edits;
  }

  private setItem(container: PyNode, key: string, newItem: DocItem): void {
    const existing = findItem(container, key);
    const value = existing?.childForFieldName('value');
    if (value) {
      this.replace(value, newItem.value);
      return;
    }
    this.change(container).added.set(key, newItem);
  }

  private change(container: PyNode): ContainerChange {
    if (!CONTAINERS.has(container.type)) throw new Error(`cannot add items to a ${container.type}`);
    let change = this.changes.get(container.id);
    if (!change) {
      change = { node: container, added: new Map(), removed: new Set(), insertedBefore: [] };
      this.changes.set(container.id, change);
    }
    return change;
  }

  /**
   * The node to lay out again for a change to `node`: its highest ancestor still on one line, or
   * a container whose items share lines (laid out again as a whole, so that it still fits).
   */
  private renderRoot(node: PyNode): PyNode {
    let root = node;
    for (;;) {
      let parent = root.parent;
      if (parent && ITEM_WRAPPERS.has(parent.type)) parent = parent.parent;
      if (!parent || !CONTAINERS.has(parent.type)) return root;
      if (!isFlat(parent) && !sharesLines(parent)) return root;
      root = parent;
    }
  }

  /**
   * Lays out again the items of a container that puts several on one line (`f(\n    a, b\n)`,
   * as ruff does when they fit): on one line if the whole container fits, else on the items'
   * line if they fit there, else one per line; comments before the first and after the last item
   * stay where they are.
   */
  private relayout(node: PyNode): TextEdit {
    const { source } = this;
    const doc = this.docOf(node) as GroupDoc;
    const lineStart = lineStartOf(source, node.startIndex);
    const suffix = source.slice(node.endIndex, lineEndOf(source, node.endIndex)).trimEnd().length;
    const items = containerItems(node);
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const within = (comment: PyNode) =>
      comment.startIndex > first.startIndex && comment.endIndex < last.endIndex;
    const comments = node.children.filter((child) => child?.type === 'comment');
    const flat = flatText(doc);
    if (
      comments.length === 0 &&
      node.startIndex - lineStart + flat.length + suffix <= this.layout.lineLength
    ) {
      return { start: node.startIndex, end: node.endIndex, text: flat };
    }
    if (comments.some((comment) => comment && within(comment))) {
      throw new Error(`cannot lay out ${node.text.slice(0, 40)} again without losing its comments`);
    }
    const indent = indentationAt(source, first.startIndex);
    const together = doc.items.map((entry) => entry.prefix + flatText(entry.value)).join(', ');
    const comma = nextToken(last);
    const end = comma?.type === ',' ? comma.endIndex : last.endIndex;
    if (doc.hug && !together.includes('\n') && indent.length + together.length <= this.layout.lineLength) {
      return { start: first.startIndex, end, text: together };
    }
    const lines = doc.items.map(
      (entry) =>
        `${entry.prefix}${renderDoc(entry.value, indent, indent.length + entry.prefix.length, 1, this.layout)},`,
    );
    return { start: first.startIndex, end, text: lines.join(`\n${indent}`) };
  }

  private isTouchedWithin(node: PyNode): boolean {
    const within = (other: PyNode) => other.startIndex >= node.startIndex && other.endIndex <= node.endIndex;
    for (const { node: other } of this.replacements.values()) if (within(other)) return true;
    for (const { node: other } of this.changes.values()) if (within(other)) return true;
    return false;
  }

  /** A node as a document, with every change made inside it. */
  private docOf(node: PyNode): Doc {
    const replacement = this.replacements.get(node.id);
    if (replacement) return replacement.doc;
    if (!CONTAINERS.has(node.type) || !this.isTouchedWithin(node)) return raw(node.text);
    const change = this.changes.get(node.id);
    const items: DocItem[] = [];
    for (const child of containerItems(node)) {
      for (const inserted of change?.insertedBefore ?? []) {
        if (inserted.before.id === child.id) items.push(inserted.item);
      }
      if (change?.removed.has(child.id)) continue;
      items.push(this.itemOf(child));
    }
    items.push(...(change?.added.values() ?? []));
    const open = node.children[0]?.text ?? '(';
    const close = node.children[node.childCount - 1]?.text ?? ')';
    return group(open, close, items, node.type === 'argument_list');
  }

  private itemOf(child: PyNode): DocItem {
    const value = child.childForFieldName('value');
    if (!ITEM_WRAPPERS.has(child.type) || !value) return item('', this.docOf(child));
    // keep the item's own text up to its value (`"key": `, `name=`, `name: int = `)
    return item(this.source.slice(child.startIndex, value.startIndex), this.docOf(value));
  }

  /** Edits that add and remove items of a container laid out one item per line. */
  private editInPlace(change: ContainerChange): TextEdit[] {
    const { node } = change;
    const { source } = this;
    const edits: TextEdit[] = [];
    const items = containerItems(node);
    const first = items[0];
    const itemIndent =
      first && startsItsLine(source, first)
        ? indentationAt(source, first.startIndex)
        : indentationAt(source, node.startIndex) + this.layout.unit;
    const renderItem = (entry: DocItem) =>
      `${entry.prefix}${renderDoc(entry.value, itemIndent, itemIndent.length + entry.prefix.length, 1, this.layout)}`;

    for (const inserted of change.insertedBefore) {
      const { before } = inserted;
      if (startsItsLine(source, before)) {
        const at = lineStartOf(source, before.startIndex);
        edits.push({ start: at, end: at, text: `${itemIndent}${renderItem(inserted.item)},\n` });
      } else {
        edits.push({
          start: before.startIndex,
          end: before.startIndex,
          text: `${renderItem(inserted.item)}, `,
        });
      }
    }

    const remaining = items.filter((child) => !change.removed.has(child.id));
    for (const child of items) if (!remaining.includes(child)) edits.push(this.removalOf(child));

    const added = [...change.added.values()];
    if (added.length === 0) return edits;
    const last = remaining[remaining.length - 1];
    const closing = node.children[node.childCount - 1]!;
    const hasComma = last ? nextToken(last)?.type === ',' : true;
    if (startsItsLine(source, closing)) {
      if (!hasComma && last) edits.push({ start: last.endIndex, end: last.endIndex, text: ',' });
      const at = lineStartOf(source, closing.startIndex);
      const text = added.map((entry) => `${itemIndent}${renderItem(entry)},\n`).join('');
      edits.push({ start: at, end: at, text });
    } else {
      const at = last ? last.endIndex : closing.startIndex;
      const text = added.map((entry) => `,\n${itemIndent}${renderItem(entry)}`).join('');
      edits.push({ start: at, end: at, text: last ? text : text.slice(1) });
    }
    return edits;
  }

  /** Removes an item with its comma; the whole line(s) when the item has them to itself. */
  private removalOf(child: PyNode): TextEdit {
    const { source } = this;
    const comma = nextToken(child);
    let end = comma?.type === ',' ? comma.endIndex : child.endIndex;
    const lineEnd = lineEndOf(source, end);
    const rest = source.slice(end, lineEnd).trim();
    if (startsItsLine(source, child) && (rest === '' || rest.startsWith('#'))) {
      return {
        start: lineStartOf(source, child.startIndex),
        end: Math.min(lineEnd + 1, source.length),
        text: '',
      };
    }
    while (source[end] === ' ') end++;
    return { start: child.startIndex, end, text: '' };
  }
}

/** The next sibling token that is not a comment. */
function nextToken(node: PyNode): PyNode | null {
  let next = node.nextSibling;
  while (next && next.type === 'comment') next = next.nextSibling;
  return next;
}

/** The indentation of the file's first indented block (relative to its header), four spaces if none. */
function detectIndentUnit(source: string, root: PyNode): string {
  for (const block of descendantsOfType(root, 'block')) {
    const header = block.parent;
    const body = block.namedChildren[0];
    if (!header || !body || body.startPosition.row === header.startPosition.row) continue;
    const outer = indentationAt(source, header.startIndex);
    const inner = indentationAt(source, body.startIndex);
    if (inner.startsWith(outer) && inner.length > outer.length) return inner.slice(outer.length);
  }
  return DEFAULT_LAYOUT.unit;
}
