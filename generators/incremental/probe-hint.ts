/**
 * dlt:rest's probe writes "Date-time fields for incremental loading: <fields> (yo dlt:incremental
 * adds it)." in the comment above a resource (generators/rest/probe/apply.ts), wrapped over lines.
 * Once that resource is incremental the hint is stale: this removes it, and only it.
 */
const HINT_START = /^\s*# Date-time fields for incremental loading: /;
const HINT_END = /adds it\)\.\s*$/;

/** The rows (start, end) of the hint in the comment lines right above row `resourceRow`, if any. */
function hintRows(lines: readonly string[], resourceRow: number): [number, number] | undefined {
  let first = resourceRow;
  while (first > 0 && /^\s*#/.test(lines[first - 1]!)) first -= 1;
  for (let start = first; start < resourceRow; start += 1) {
    if (!HINT_START.test(lines[start]!)) continue;
    for (let end = start; end < resourceRow; end += 1) if (HINT_END.test(lines[end]!)) return [start, end];
  }
  return undefined;
}

/**
 * The fields the hint above row `resourceRow` names, best first (the probe orders change times
 * first); none when there is no hint. The cursor dlt:incremental offers, and takes under --yes.
 */
export function hintedCursorFields(source: string, resourceRow: number): string[] {
  const lines = source.split('\n');
  const rows = hintRows(lines, resourceRow);
  if (!rows) return [];
  const text = lines
    .slice(rows[0], rows[1] + 1)
    .map((line) => line.replace(/^\s*#\s?/, ''))
    .join(' ');
  const listed = /fields for incremental loading: (.*) \(yo dlt:incremental/.exec(text)?.[1] ?? '';
  return listed
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean);
}

/**
 * `after` without the hint in the comment lines right above row `resourceRow` of `before`, when the
 * edit left those lines where they were (an edit inside the resource does); else `after` unchanged.
 */
export function withoutIncrementalHint(before: string, after: string, resourceRow: number): string {
  const beforeLines = before.split('\n');
  const afterLines = after.split('\n');
  const unchanged = beforeLines.slice(0, resourceRow).every((line, index) => afterLines[index] === line);
  if (!unchanged) return after;
  const rows = hintRows(beforeLines, resourceRow);
  if (!rows) return after;
  afterLines.splice(rows[0], rows[1] - rows[0] + 1);
  return afterLines.join('\n');
}
