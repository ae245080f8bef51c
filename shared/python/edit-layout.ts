import { PyCode, type PyValue, pyString } from './literal.js';

/**
 * A tiny document model for the Python expressions the editors write: verbatim code, and bracketed
 * groups (dicts, lists, calls, parameter lists) whose items are laid out the way `ruff format`
 * keeps them: on one line when that line fits, otherwise one item per line with a trailing comma
 * (the "magic trailing comma" then keeps ruff from joining them again).
 */
export type Doc = RawDoc | GroupDoc;

export interface RawDoc {
  kind: 'raw';
  text: string;
}

export interface GroupDoc {
  kind: 'group';
  /** Everything up to and including the opening bracket, e.g. `{` or `dlt.resource(`. */
  open: string;
  close: string;
  items: DocItem[];
  /**
   * A call's arguments: when they do not fit on the call's line but fit together on the next one,
   * ruff puts them there (without a trailing comma) before it puts one per line.
   */
  hug?: boolean;
}

export interface DocItem {
  /** What comes before the value: `"key": ` in a dict, `name=` in a call, '' for positional items. */
  prefix: string;
  value: Doc;
}

export interface LayoutOptions {
  /** One level of indentation in the file being edited. */
  unit: string;
  lineLength: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { unit: '    ', lineLength: 88 };

export const raw = (text: string): RawDoc => ({ kind: 'raw', text });

export const group = (open: string, close: string, items: DocItem[], hug = false): GroupDoc => ({
  kind: 'group',
  open,
  close,
  items,
  hug,
});

export const item = (prefix: string, value: Doc): DocItem => ({ prefix, value });

/** `callee(positional..., name=value...)`, keyword arguments in the given order. */
export function callDoc(callee: string, positional: Doc[], keywords: [string, Doc][] = []): GroupDoc {
  return group(
    `${callee}(`,
    ')',
    [
      ...positional.map((value) => item('', value)),
      ...keywords.map(([name, value]) => item(`${name}=`, value)),
    ],
    true,
  );
}

/** A JSON-like value (strings, numbers, lists, dicts, PyCode) as a document. */
export function valueDoc(value: PyValue): Doc {
  if (value === null) return raw('None');
  if (value instanceof PyCode) return raw(value.code);
  if (typeof value === 'string') return raw(pyString(value));
  if (typeof value === 'boolean') return raw(value ? 'True' : 'False');
  if (typeof value === 'number') return raw(Number.isFinite(value) ? String(value) : 'None');
  if (Array.isArray(value))
    return group(
      '[',
      ']',
      value.map((entry) => item('', valueDoc(entry))),
    );
  return group(
    '{',
    '}',
    Object.entries(value).map(([key, entry]) => item(`${pyString(key)}: `, valueDoc(entry))),
  );
}

/** The document on one line. */
export function flatText(doc: Doc): string {
  if (doc.kind === 'raw') return doc.text;
  const inner = doc.items.map((entry) => entry.prefix + flatText(entry.value)).join(', ');
  return `${doc.open}${inner}${doc.close}`;
}

/**
 * Renders `doc` starting at `column` of a line indented by `indent`, with `suffixLength`
 * characters following it on its last line (a comma, `):` ...).
 */
export function renderDoc(
  doc: Doc,
  indent: string,
  column: number,
  suffixLength: number,
  options: LayoutOptions = DEFAULT_LAYOUT,
): string {
  const flat = flatText(doc);
  if (doc.kind === 'raw') return flat;
  const fits = !flat.includes('\n') && column + flat.length + suffixLength <= options.lineLength;
  if (fits || doc.items.length === 0) return flat;
  const inner = indent + options.unit;
  if (doc.hug) {
    const together = doc.items.map((entry) => entry.prefix + flatText(entry.value)).join(', ');
    if (!together.includes('\n') && inner.length + together.length <= options.lineLength) {
      return `${doc.open}\n${inner}${together}\n${indent}${doc.close}`;
    }
  }
  const lines = doc.items.map(
    (entry) =>
      `${inner}${entry.prefix}${renderDoc(entry.value, inner, inner.length + entry.prefix.length, 1, options)},`,
  );
  return `${doc.open}\n${lines.join('\n')}\n${indent}${doc.close}`;
}
