/**
 * Renders JSON-like values as Python source that `ruff format` leaves unchanged: double-quoted
 * strings, a collection kept on one line when it fits in 88 columns, otherwise exploded one item
 * per line with a trailing comma (ruff's "magic trailing comma" then keeps it exploded).
 */
export type PyValue = string | number | boolean | null | PyCode | PyValue[] | { [key: string]: PyValue };

/** Python code to emit verbatim, e.g. `dlt.secrets.value` or `base_url`. */
export class PyCode {
  constructor(readonly code: string) {}
}

export const pyCode = (code: string) => new PyCode(code);

/** ruff's line length, and its indent. */
export const LINE_LENGTH = 88;
export const INDENT = '    ';

/** What makes a string need more than plain double quotes around it. */
const NEEDS_ESCAPING = /[\\"\p{Cc}\u2028\u2029\p{Cs}]/u;

export function pyString(text: string): string {
  // most strings (names, paths, comments' words) need nothing: a generated script writes thousands
  if (!NEEDS_ESCAPING.test(text)) return `"${text}"`;
  // ruff prefers double quotes, unless that means escaping more quotes than single ones would
  const quote = text.includes('"') && !text.includes("'") ? "'" : '"';
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(new RegExp(quote, 'g'), `\\${quote}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `${quote}${escapeUnprintable(escaped)}${quote}`;
}

/**
 * What Python source cannot hold raw (NUL: "source code cannot contain null bytes"), or holds
 * invisibly: the other control characters, and lone surrogates (not encodable as UTF-8).
 */
const UNPRINTABLE = /[\p{Cc}\u2028\u2029]|\p{Cs}/gu;

/** Text with what Python source cannot hold raw written as escapes (inside a string or docstring). */
export function escapeUnprintable(text: string, options: { keepLineBreaks?: boolean } = {}): string {
  return text.replace(UNPRINTABLE, (char) =>
    options.keepLineBreaks && (char === '\n' || char === '\r' || char === '\t')
      ? char
      : escapeCharacter(char),
  );
}

function escapeCharacter(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The value on one line. */
export function pyInline(value: PyValue): string {
  if (value === null) return 'None';
  if (value instanceof PyCode) return value.code;
  if (typeof value === 'string') return pyString(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'None';
  if (Array.isArray(value)) return `[${value.map(pyInline).join(', ')}]`;
  const entries = Object.entries(value).map(([key, item]) => `${pyString(key)}: ${pyInline(item)}`);
  return `{${entries.join(', ')}}`;
}

/**
 * `pyInline(value)` when it is at most `budget` characters long, else undefined, found without
 * writing out more than the budget: a large collection is exploded after reading its first items,
 * not after writing all of it on one line at every level.
 */
function inlineWithin(value: PyValue, budget: number): string | undefined {
  if (!isCollection(value)) {
    const text = pyInline(value);
    return text.length <= budget ? text : undefined;
  }
  const isArray = Array.isArray(value);
  const parts: string[] = [];
  let length = 2;
  for (const [key, item] of isArray
    ? value.map((item, index) => [index, item] as const)
    : Object.entries(value)) {
    const keyText = isArray ? '' : `${pyString(String(key))}: `;
    const separator = parts.length > 0 ? 2 : 0;
    const text = inlineWithin(item, budget - length - separator - keyText.length);
    if (text === undefined) return undefined;
    length += separator + keyText.length + text.length;
    if (length > budget) return undefined;
    parts.push(keyText + text);
  }
  return isArray ? `[${parts.join(', ')}]` : `{${parts.join(', ')}}`;
}

function isCollection(value: PyValue): value is PyValue[] | { [key: string]: PyValue } {
  return value !== null && typeof value === 'object' && !(value instanceof PyCode);
}

/**
 * The value as Python source, starting at column `indent * 4`, with `prefix` and `suffix`
 * being what surrounds it on its first and last line (for the line-length decision).
 */
export function pyLiteral(value: PyValue, indent = 0, prefixLength = 0, suffixLength = 0): string {
  if (!isCollection(value)) return pyInline(value);
  const flat = inlineWithin(value, LINE_LENGTH - indent * INDENT.length - prefixLength - suffixLength);
  if (flat !== undefined) return flat;
  const inner = INDENT.repeat(indent + 1);
  const lines = Array.isArray(value)
    ? value.map((item) => `${inner}${pyLiteral(item, indent + 1, 0, 1)},`)
    : Object.entries(value).map(([key, item]) => {
        const keyText = `${pyString(key)}: `;
        return `${inner}${keyText}${pyLiteral(item, indent + 1, keyText.length, 1)},`;
      });
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (lines.length === 0) return `${open}${close}`;
  return `${open}\n${lines.join('\n')}\n${INDENT.repeat(indent)}${close}`;
}

/** `name = <value>` as a module-level statement. */
export function pyAssignment(name: string, value: PyValue, indent = 0): string {
  const prefix = `${name} = `;
  return `${INDENT.repeat(indent)}${prefix}${pyLiteral(value, indent, prefix.length)}`;
}
