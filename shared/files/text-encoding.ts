export interface DecodedText {
  /** The text, without a leading byte order mark. */
  text: string;
  /** The file started with a UTF-8 byte order mark (a rewrite writes it back: see inFormOf). */
  bom: boolean;
}

/** The bytes are not the UTF-8 text they must be; `line` is 1-based. */
export class TextEncodingError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'TextEncodingError';
  }
}

const BOM = '\uFEFF';

/** UTF-8 that throws on invalid bytes and keeps a leading byte order mark in the text. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes a project file strictly: invalid UTF-8 (Latin-1 bytes, a UTF-16 file, an encoded
 * surrogate) is an error, never U+FFFD, so a rewrite cannot silently change a password; one
 * leading byte order mark is allowed and reported, a second is an error.
 */
export function decodeUtf8Strict(bytes: Uint8Array): DecodedText {
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    throw new TextEncodingError(firstInvalidLine(bytes), 'not UTF-8 text');
  }
  const bom = text.startsWith(BOM);
  if (bom) text = text.slice(1);
  if (text.startsWith(BOM)) throw new TextEncodingError(1, 'a second byte order mark (U+FEFF) at the start');
  return { text, bom };
}

/** A line break never occurs inside a UTF-8 sequence, so each line can be checked alone. */
function firstInvalidLine(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (let index = 0; index <= bytes.length; index++) {
    if (index < bytes.length && bytes[index] !== 0x0a) continue;
    try {
      STRICT_UTF8.decode(bytes.subarray(start, index));
    } catch {
      return line;
    }
    line += 1;
    start = index + 1;
  }
  return line;
}

/**
 * `contents` in the text form of the file it replaces, so that a rewrite keeps the bytes the user
 * had where nothing changed: the file's leading UTF-8 byte order mark, and its CRLF line ends
 * (when every line of it ends so). Generated and edited text comes without a byte order mark and
 * often with LF alone. Bytes that are not UTF-8 text (either side) are left as they are.
 */
export function inFormOf(existing: Uint8Array | undefined, contents: string): string;
export function inFormOf(
  existing: Uint8Array | undefined,
  contents: string | Uint8Array,
): string | Uint8Array;
export function inFormOf(
  existing: Uint8Array | undefined,
  contents: string | Uint8Array,
): string | Uint8Array {
  if (!existing || existing.length === 0) return contents;
  const before = utf8OrUndefined(existing);
  const text = typeof contents === 'string' ? contents : utf8OrUndefined(contents);
  if (before === undefined || text === undefined) return contents;
  let result = text;
  if (before.startsWith(BOM) && !result.startsWith(BOM)) result = `${BOM}${result}`;
  if (endsLinesWithCrlf(before)) result = result.replace(/(?<!\r)\n/g, '\r\n');
  if (result === text) return contents;
  return typeof contents === 'string' ? result : Buffer.from(result, 'utf8');
}

/** Every line break of the text is CRLF (and there is one). */
function endsLinesWithCrlf(text: string): boolean {
  return text.includes('\r\n') && !/(?<!\r)\n/.test(text);
}

function utf8OrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}
