/**
 * dlt:rest's probe writes "Date-time fields for incremental loading: <fields> (yo dlt:incremental
 * adds it)." in the comment above a resource (generators/rest/probe/apply.ts), wrapped over lines.
 * Once that resource is incremental the hint is stale: this removes it, and only it.
 */
const HINT_START = /^\s*# Date-time fields for incremental loading: /;
const HINT_END = /adds it\)\.\s*$/;

/**
 * `after` without the hint in the comment lines right above row `resourceRow` of `before`, when the
 * edit left those lines where they were (an edit inside the resource does); else `after` unchanged.
 */
export function withoutIncrementalHint(before: string, after: string, resourceRow: number): string {
  const beforeLines = before.split('\n');
  const afterLines = after.split('\n');
  const unchanged = beforeLines.slice(0, resourceRow).every((line, index) => afterLines[index] === line);
  if (!unchanged) return after;
  let first = resourceRow;
  while (first > 0 && /^\s*#/.test(beforeLines[first - 1]!)) first -= 1;
  for (let start = first; start < resourceRow; start += 1) {
    if (!HINT_START.test(beforeLines[start]!)) continue;
    for (let end = start; end < resourceRow; end += 1) {
      if (HINT_END.test(beforeLines[end]!)) {
        afterLines.splice(start, end - start + 1);
        return afterLines.join('\n');
      }
    }
  }
  return after;
}
