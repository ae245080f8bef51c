import type { TomlValue } from './entry.js';

/**
 * How the TOML writer spells what it adds, and how it compares values. Only TOML 1.0 forms, so that
 * dlt (which reads with tomlkit) understands every line the writer adds.
 */

const BARE_KEY = /^[A-Za-z0-9_-]+$/;
const NAMED_ESCAPES: Record<string, string> = {
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
  '"': '\\"',
  '\\': '\\\\',
};

/** A basic string: quotes, backslashes and control characters escaped. */
export function formatTomlString(value: string): string {
  if (/\p{Cs}/u.test(value)) {
    throw new Error('a TOML string cannot hold an unpaired surrogate (not valid Unicode)');
  }
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char in NAMED_ESCAPES) out += NAMED_ESCAPES[char];
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

export function formatTomlKey(part: string): string {
  return BARE_KEY.test(part) ? part : formatTomlString(part);
}

export function formatTomlKeyPath(parts: readonly string[]): string {
  return parts.map(formatTomlKey).join('.');
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Object.is(value, -0)) return '-0.0';
  if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) return String(value);
  // a float must keep a fraction or an exponent, else TOML reads it back as an integer
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

export function formatTomlValue(value: TomlValue): string {
  if (typeof value === 'string') return formatTomlString(value);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  return `[${value.map((item) => formatTomlValue(item)).join(', ')}]`;
}

/** A comment's text on one line: line breaks and control characters become spaces. */
export function formatTomlComment(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  return `# ${text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()}`;
}

export function isTomlTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Equality of parsed TOML values (smol-toml's), including dates and nested tables. */
export function tomlValuesEqual(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.toISOString() === b.toISOString();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => tomlValuesEqual(item, b[index]))
    );
  }
  if (isTomlTable(a) || isTomlTable(b)) {
    if (!isTomlTable(a) || !isTomlTable(b)) return false;
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && tomlValuesEqual(a[key], b[key]))
    );
  }
  return Object.is(a, b) || (typeof a === 'number' && a === b);
}
