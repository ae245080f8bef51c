import { formatTomlComment } from './format.js';
import { isPlaceholder } from './placeholders.js';
import { scanToml } from './scan.js';
import { parseTomlDocument } from './writer.js';

/** A key to take out of a table, with the comment line the writer put above its placeholder. */
export interface RemovedKey {
  key: string;
  comment?: string;
}

/**
 * Takes keys out of one table of a TOML document, each only while its value is still a
 * placeholder (a value the user filled in stays), with the comment line written above it.
 * Everything else stays byte for byte. Pure: text in, text out.
 */
export function removePlaceholderKeys(
  text: string,
  table: readonly string[],
  keys: readonly RemovedKey[],
): string {
  let values: unknown = parseTomlDocument(text);
  for (const part of table) values = (values as Record<string, unknown> | undefined)?.[part];
  const current = (values ?? {}) as Record<string, unknown>;
  const section = scanToml(text).sections.find(
    (candidate) =>
      candidate.kind !== 'array' &&
      candidate.path.length === table.length &&
      candidate.path.every((part, index) => part === table[index]),
  );
  if (!section) return text;
  const cuts: [number, number][] = [];
  for (const entry of section.entries) {
    const removed = keys.find((key) => entry.key.length === 1 && entry.key[0] === key.key);
    if (!removed || !isPlaceholder(current[removed.key])) continue;
    let start = entry.lineStart;
    if (removed.comment) {
      const comment = formatTomlComment(removed.comment);
      const before = text.slice(0, start).replace(/\r?\n$/, '');
      const lineStart = before.lastIndexOf('\n') + 1;
      if (before.slice(lineStart).trim() === comment) start = lineStart;
    }
    cuts.push([start, entry.lineEnd]);
  }
  let result = text;
  for (const [start, end] of cuts.reverse()) result = result.slice(0, start) + result.slice(end);
  return result;
}
