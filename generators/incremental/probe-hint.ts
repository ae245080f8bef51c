/**
 * dlt:rest writes comment paragraphs above a resource (generators/rest/probe/apply.ts,
 * generators/rest/reload-disposition.ts), wrapped over lines, that are untrue once the resource
 * loads incrementally: the probe's "Date-time fields for incremental loading: <fields>
 * (yo dlt:incremental adds it).", and why it replaces its table ("... every run fetches them all:
 * write_disposition replace ..."). This reads the hint's fields, and removes those paragraphs, and
 * only them.
 */

interface Paragraph {
  /** How it starts, and how it ends, with its line breaks read as blanks. */
  start: string;
  end: string;
}

const CURSOR_HINT: Paragraph = { start: 'Date-time fields for incremental loading: ', end: 'adds it).' };

const CHILD_REPLACES: Paragraph = {
  start: 'No primary key, and every run reads all of its parents',
  end: 'load every row again).',
};

const STALE_ONCE_INCREMENTAL: readonly Paragraph[] = [
  CURSOR_HINT,
  { start: 'No field identifies its records (no primary key)', end: 'keep a copy from every run.' },
  CHILD_REPLACES,
];

const commentText = (line: string) => line.replace(/^\s*#\s?/, '');

/** The rows (first, last) of `paragraph` in the comment lines right above row `resourceRow`, if any. */
function paragraphRows(
  lines: readonly string[],
  resourceRow: number,
  paragraph: Paragraph,
): [number, number] | undefined {
  let first = resourceRow;
  while (first > 0 && /^\s*#/.test(lines[first - 1]!)) first -= 1;
  for (let start = first; start < resourceRow; start += 1) {
    if (!commentText(lines[start]!).startsWith(paragraph.start)) continue;
    let text = '';
    for (let end = start; end < resourceRow; end += 1) {
      text = `${text} ${commentText(lines[end]!)}`.trim();
      if (text.endsWith(paragraph.end)) return [start, end];
    }
  }
  return undefined;
}

/**
 * The fields the hint above row `resourceRow` names, best first (the probe orders change times
 * first); none when there is no hint. The cursor dlt:incremental offers, and takes under --yes.
 */
export function hintedCursorFields(source: string, resourceRow: number): string[] {
  const lines = source.split('\n');
  const rows = paragraphRows(lines, resourceRow, CURSOR_HINT);
  if (!rows) return [];
  const text = lines
    .slice(rows[0], rows[1] + 1)
    .map(commentText)
    .join(' ');
  const listed = /fields for incremental loading: (.*) \(yo dlt:incremental/.exec(text)?.[1] ?? '';
  return listed
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean);
}

/**
 * `after` without the paragraphs an incremental resource makes untrue, in the comment lines right
 * above row `resourceRow` of `before`, when the edit left those lines where they were (an edit
 * inside the resource does); else `after` unchanged.
 */
export function withoutIncrementalHint(before: string, after: string, resourceRow: number): string {
  return withoutParagraphs(before, after, resourceRow, STALE_ONCE_INCREMENTAL);
}

/**
 * `text` without the comment saying that the resource dict whose `"name": "<name>",` line follows
 * its opening line replaces its table because every run reads all of its parents: untrue once a
 * parent is incremental.
 */
export function withoutChildReplaceReason(text: string, name: string): string {
  const lines = text.split('\n');
  const nameRow = lines.findIndex((line) => line.trim() === `"name": ${JSON.stringify(name)},`);
  if (nameRow < 1 || lines[nameRow - 1]!.trim() !== '{') return text;
  return withoutParagraphs(text, text, nameRow - 1, [CHILD_REPLACES]);
}

function withoutParagraphs(
  before: string,
  after: string,
  resourceRow: number,
  paragraphs: readonly Paragraph[],
): string {
  const beforeLines = before.split('\n');
  const afterLines = after.split('\n');
  const unchanged = beforeLines.slice(0, resourceRow).every((line, index) => afterLines[index] === line);
  if (!unchanged) return after;
  const stale = paragraphs
    .map((paragraph) => paragraphRows(beforeLines, resourceRow, paragraph))
    .filter((rows): rows is [number, number] => rows !== undefined)
    // from the last, so that the rows of the others stay where they are
    .sort((a, b) => b[0] - a[0]);
  for (const [first, last] of stale) afterLines.splice(first, last - first + 1);
  return afterLines.join('\n');
}
