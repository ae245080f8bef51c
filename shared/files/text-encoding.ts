export interface DecodedText {
  /** The text, without a leading byte order mark. */
  text: string;
  /** The file started with a UTF-8 byte order mark (written back when the file is rewritten). */
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

/**
 * Decodes a project file strictly: invalid UTF-8 (Latin-1 bytes, a UTF-16 file, an encoded
 * surrogate) is an error, never U+FFFD, so a rewrite cannot silently change a password; one
 * leading byte order mark is allowed and reported, a second is an error.
 */
export function decodeUtf8Strict(bytes: Uint8Array): DecodedText {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let text: string;
  try {
    text = decoder.decode(bytes);
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
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let line = 1;
  let start = 0;
  for (let index = 0; index <= bytes.length; index++) {
    if (index < bytes.length && bytes[index] !== 0x0a) continue;
    try {
      decoder.decode(bytes.subarray(start, index));
    } catch {
      return line;
    }
    line += 1;
    start = index + 1;
  }
  return line;
}

export function withBom(decoded: DecodedText): string {
  return decoded.bom ? `${BOM}${decoded.text}` : decoded.text;
}
