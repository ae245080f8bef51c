import { isPlaceholder } from './placeholders.js';
import { scanToml, type TomlKeyValue } from './scan.js';

export const MASK = '"***"';

/**
 * A secrets file as it may be shown (a dry-run diff): every key stays, every value is replaced by
 * "***" (a placeholder still to fill in stays visible), comments and layout stay. A document the
 * scanner cannot follow is shown as its line count only.
 */
export function maskTomlValues(text: string): string {
  let spans: { start: number; end: number }[];
  try {
    spans = scanToml(text).sections.flatMap((section) => valueSpans(text, section.entries));
  } catch {
    return `# (${text.split('\n').length} lines, not shown: they hold secrets)\n`;
  }
  // built piece by piece: replacing one value at a time would copy the whole text for each
  const pieces: string[] = [];
  let at = 0;
  for (const { start, end } of spans.sort((a, b) => a.start - b.start)) {
    pieces.push(text.slice(at, start), MASK);
    at = end;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}

function valueSpans(text: string, entries: readonly TomlKeyValue[]): { start: number; end: number }[] {
  return entries.flatMap((entry) => {
    if (entry.inline) return valueSpans(text, entry.inline.entries);
    const raw = text.slice(entry.valueStart, entry.valueEnd);
    if (isPlaceholder(raw.replace(/^["']|["']$/g, ''))) return [];
    return [{ start: entry.valueStart, end: entry.valueEnd }];
  });
}
