/**
 * Finds where things are in a TOML document's text: tables, keys, values, inline tables. It does
 * not compute values (smol-toml does that); it only gives the TOML writer offsets to edit at.
 * It expects a document that smol-toml has already accepted, so it trusts the syntax.
 */

import { tomlWorkCount } from './work-count.js';

export interface TomlKeyValue {
  /** The key's parts, unquoted: `a."b c".d = 1` gives ['a', 'b c', 'd']. */
  key: string[];
  /** Offset of the start of the line the key is on. */
  lineStart: number;
  keyStart: number;
  valueStart: number;
  valueEnd: number;
  /** Offset just past the statement's line (after its comment and newline), or the text's length. */
  lineEnd: number;
  /** Set when the value is an inline table. */
  inline?: TomlInlineTable;
}

export interface TomlInlineTable {
  /** Offsets of `{` and `}`. */
  open: number;
  close: number;
  entries: TomlKeyValue[];
}

export interface TomlSection {
  /** 'root' holds the keys before the first header. */
  kind: 'root' | 'table' | 'array';
  path: string[];
  /** Offset of the header's `[` (0 for the root). */
  start: number;
  /** Offset just past the header's line (0 for the root). */
  headerEnd: number;
  entries: TomlKeyValue[];
}

export interface TomlLayout {
  sections: TomlSection[];
  /** The line ending the document uses (its first line break decides). */
  eol: '\n' | '\r\n';
}

const BARE_KEY = /[A-Za-z0-9_-]/;
const SIMPLE_ESCAPES: Record<string, string> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  e: '\x1b',
  '"': '"',
  '\\': '\\',
};

/** The line break a text uses: its first one decides. (A string, or any text that reads like one.) */
export function detectEol(text: Pick<string, 'indexOf' | 'charAt'>): '\n' | '\r\n' {
  const newline = text.indexOf('\n');
  return newline > 0 && text.charAt(newline - 1) === '\r' ? '\r\n' : '\n';
}

export function scanToml(text: string): TomlLayout {
  tomlWorkCount.scans += 1;
  return { sections: new Scanner(text).document(), eol: detectEol(text) };
}

class Scanner {
  private pos = 0;

  constructor(private readonly text: string) {}

  document(): TomlSection[] {
    const root: TomlSection = { kind: 'root', path: [], start: 0, headerEnd: 0, entries: [] };
    const sections = [root];
    let current = root;
    for (;;) {
      this.skipBlank();
      if (this.pos >= this.text.length) break;
      if (this.peek() === '[') {
        current = this.header();
        sections.push(current);
      } else {
        current.entries.push(this.keyValue(true));
      }
    }
    return sections;
  }

  private header(): TomlSection {
    const start = this.pos;
    const kind = this.text.startsWith('[[', this.pos) ? 'array' : 'table';
    this.pos += kind === 'array' ? 2 : 1;
    this.skipSpaces();
    const path = this.key();
    this.skipSpaces();
    this.pos += kind === 'array' ? 2 : 1;
    return { kind, path, start, headerEnd: this.restOfLine(), entries: [] };
  }

  private keyValue(ownLine: boolean): TomlKeyValue {
    const lineStart = this.text.lastIndexOf('\n', this.pos - 1) + 1;
    const keyStart = this.pos;
    const key = this.key();
    this.skipSpaces();
    this.pos += 1; // '='
    this.skipSpaces();
    const valueStart = this.pos;
    const inline = this.value();
    const valueEnd = this.pos;
    const lineEnd = ownLine ? this.restOfLine() : valueEnd;
    return { key, lineStart, keyStart, valueStart, valueEnd, lineEnd, ...(inline ? { inline } : {}) };
  }

  private key(): string[] {
    const parts = [this.simpleKey()];
    for (;;) {
      const save = this.pos;
      this.skipSpaces();
      if (this.peek() !== '.') {
        this.pos = save;
        return parts;
      }
      this.pos += 1;
      this.skipSpaces();
      parts.push(this.simpleKey());
    }
  }

  private simpleKey(): string {
    const quote = this.peek();
    if (quote === '"') return this.basicString();
    if (quote === "'") {
      const end = this.text.indexOf("'", this.pos + 1);
      const key = this.text.slice(this.pos + 1, end);
      this.pos = end + 1;
      return key;
    }
    const start = this.pos;
    while (this.pos < this.text.length && BARE_KEY.test(this.text[this.pos]!)) this.pos += 1;
    return this.text.slice(start, this.pos);
  }

  /** Reads a one-line basic string and returns its decoded content. */
  private basicString(): string {
    let out = '';
    this.pos += 1;
    while (this.pos < this.text.length) {
      const char = this.text[this.pos]!;
      if (char === '"') {
        this.pos += 1;
        return out;
      }
      if (char !== '\\') {
        out += char;
        this.pos += 1;
        continue;
      }
      const code = this.text[this.pos + 1]!;
      if (code in SIMPLE_ESCAPES) {
        out += SIMPLE_ESCAPES[code];
        this.pos += 2;
      } else {
        const digits = code === 'x' ? 2 : code === 'u' ? 4 : 8;
        out += String.fromCodePoint(
          Number.parseInt(this.text.slice(this.pos + 2, this.pos + 2 + digits), 16),
        );
        this.pos += 2 + digits;
      }
    }
    return out;
  }

  /** Skips one value; returns the inline table's layout when the value is one. */
  private value(): TomlInlineTable | undefined {
    const char = this.peek();
    if (char === '"' || char === "'") this.skipString(char);
    else if (char === '[') this.skipArray();
    else if (char === '{') return this.inlineTable();
    else this.skipScalar();
    return undefined;
  }

  private skipString(quote: string): void {
    const triple = quote.repeat(3);
    if (this.text.startsWith(triple, this.pos)) {
      this.pos += 3;
      for (;;) {
        this.expectMore();
        if (quote === '"' && this.peek() === '\\') {
          this.pos += 2;
        } else if (this.text.startsWith(triple, this.pos)) {
          this.pos += 3;
          // up to two more quotes may close the string: """a""""" is a"" (TOML spec)
          for (let extra = 0; extra < 2 && this.peek() === quote; extra += 1) this.pos += 1;
          return;
        } else {
          this.pos += 1;
        }
      }
    }
    this.pos += 1;
    while (this.peek() !== quote) {
      this.expectMore();
      this.pos += quote === '"' && this.peek() === '\\' ? 2 : 1;
    }
    this.pos += 1;
  }

  private skipArray(): void {
    this.pos += 1;
    for (;;) {
      this.skipBlank();
      this.expectMore();
      const char = this.peek();
      if (char === ']') {
        this.pos += 1;
        return;
      }
      if (char === ',') this.pos += 1;
      else this.value();
    }
  }

  private inlineTable(): TomlInlineTable {
    const open = this.pos;
    const entries: TomlKeyValue[] = [];
    this.pos += 1;
    for (;;) {
      this.skipBlank();
      this.expectMore();
      const char = this.peek();
      if (char === '}') {
        const close = this.pos;
        this.pos += 1;
        return { open, close, entries };
      }
      if (char === ',') this.pos += 1;
      else entries.push(this.keyValue(false));
    }
  }

  private skipScalar(): void {
    const start = this.pos;
    while (this.pos < this.text.length && !/[\s,\]}#]/.test(this.text[this.pos]!)) this.pos += 1;
    // a date and a time may be separated by one space: 1979-05-27 07:32:00
    if (
      /^\d{4}-\d{2}-\d{2}$/.test(this.text.slice(start, this.pos)) &&
      /^ \d{2}:/.test(this.text.slice(this.pos, this.pos + 4))
    ) {
      this.pos += 1;
      this.skipScalar();
    }
  }

  /** Skips spaces and a comment to the end of the line; returns the offset after the newline. */
  private restOfLine(): number {
    this.skipSpaces();
    if (this.peek() === '#') while (this.pos < this.text.length && this.peek() !== '\n') this.pos += 1;
    if (this.peek() === '\r') this.pos += 1;
    if (this.peek() === '\n') this.pos += 1;
    return this.pos;
  }

  private skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos += 1;
  }

  /** Skips whitespace, line breaks and comments. */
  private skipBlank(): void {
    for (;;) {
      const char = this.peek();
      if (char === ' ' || char === '\t' || char === '\r' || char === '\n') this.pos += 1;
      else if (char === '#') while (this.pos < this.text.length && this.peek() !== '\n') this.pos += 1;
      else return;
    }
  }

  /** Guards every loop that waits for a closing character: a bad document must not hang the writer. */
  private expectMore(): void {
    if (this.pos >= this.text.length) throw new Error('unexpected end of the TOML document');
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }
}
