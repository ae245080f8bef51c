/**
 * A text kept as a list of pieces, so that an edit of a long text copies nothing: `a.slice(0, x) + b
 * + a.slice(x)` is cheap, but the next read of the result copies all of it, and a merge into a long
 * file makes hundreds of edits. Reads walk the pieces; a merge makes few enough for that to be quick.
 */
export class PieceText {
  private pieces: string[];
  length: number;

  constructor(text: string) {
    this.pieces = text === '' ? [] : [text];
    this.length = text.length;
  }

  /** Replaces [start, end) with `insertion`. */
  splice(start: number, end: number, insertion: string): void {
    const first = this.splitAt(start);
    const last = this.splitAt(end);
    this.pieces.splice(first, last - first, ...(insertion === '' ? [] : [insertion]));
    this.length += insertion.length - (end - start);
  }

  charAt(offset: number): string {
    let at = 0;
    for (const piece of this.pieces) {
      if (offset < at + piece.length) return offset < at ? '' : piece.charAt(offset - at);
      at += piece.length;
    }
    return '';
  }

  slice(start: number, end: number = this.length): string {
    let out = '';
    let at = 0;
    for (const piece of this.pieces) {
      const next = at + piece.length;
      if (next > start && at < end)
        out += piece.slice(Math.max(0, start - at), Math.min(piece.length, end - at));
      if (next >= end) break;
      at = next;
    }
    return out;
  }

  /** The offset of the first `char`, or -1. */
  indexOf(char: string): number {
    let at = 0;
    for (const piece of this.pieces) {
      const found = piece.indexOf(char);
      if (found >= 0) return at + found;
      at += piece.length;
    }
    return -1;
  }

  /** The offset of the last `char` at or before `from`, or -1 (as String's lastIndexOf). */
  lastIndexOf(char: string, fromOffset: number): number {
    const from = Math.max(fromOffset, 0);
    const starts: number[] = [];
    let at = 0;
    for (const piece of this.pieces) {
      if (at > from) break;
      starts.push(at);
      at += piece.length;
    }
    for (let index = starts.length - 1; index >= 0; index -= 1) {
      const found = this.pieces[index]!.lastIndexOf(char, from - starts[index]!);
      if (found >= 0) return starts[index]! + found;
    }
    return -1;
  }

  endsWith(suffix: string): boolean {
    return suffix.length <= this.length && this.slice(this.length - suffix.length) === suffix;
  }

  toString(): string {
    const text = this.pieces.join('');
    this.pieces = text === '' ? [] : [text];
    return text;
  }

  /** Makes a piece start at `offset`; returns that piece's index. */
  private splitAt(offset: number): number {
    let at = 0;
    for (let index = 0; index < this.pieces.length; index += 1) {
      if (offset === at) return index;
      const piece = this.pieces[index]!;
      if (offset < at + piece.length) {
        this.pieces.splice(index, 1, piece.slice(0, offset - at), piece.slice(offset - at));
        return index + 1;
      }
      at += piece.length;
    }
    return this.pieces.length;
  }
}
