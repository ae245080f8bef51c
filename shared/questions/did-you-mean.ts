/**
 * The message for a value that is not one of a fixed list of choices (a destination, a paginator,
 * a package manager ...), with the choices closest to what was typed: "duckbd" -> duckdb.
 */

/** Edits from one text to the other: insertions, deletions, substitutions, swapped neighbours. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      }
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The choices nearest to `value` (ignoring case, `-` and `_`), when one is near enough to be a
 * slip: a third of its letters at most, or `value` a beginning of it (post -> postgres).
 */
export function closestChoices(value: string, choices: readonly string[]): string[] {
  const typed = value.trim().toLowerCase().replace(/[-_]/g, '');
  if (typed === '') return [];
  let best = Number.POSITIVE_INFINITY;
  let nearest: string[] = [];
  for (const choice of choices) {
    const wanted = choice.toLowerCase().replace(/[-_]/g, '');
    const distance = wanted.startsWith(typed) && typed.length >= 3 ? 0.5 : editDistance(typed, wanted);
    if (distance > Math.max(1, Math.floor(wanted.length / 3))) continue;
    if (distance < best) [best, nearest] = [distance, [choice]];
    else if (distance === best) nearest.push(choice);
  }
  return nearest;
}

/** " (did you mean duckdb?)" (or "a or b?") when a choice is near `value`, else "". */
export function didYouMean(value: unknown, choices: readonly string[]): string {
  const near = closestChoices(String(value), choices).slice(0, 3);
  return near.length === 0 ? '' : ` (did you mean ${near.join(' or ')}?)`;
}

/** `"ofset" is not one of: auto, ..., offset, ... (did you mean offset?)` */
export function notOneOf(value: unknown, choices: readonly string[]): string {
  return `"${String(value)}" is not one of: ${choices.join(', ')}${didYouMean(value, choices)}`;
}

/**
 * `--destinaton (did you mean --destination?)`, for each option name (kebab-case) a run does not
 * declare, with the nearest of the options it does.
 */
export function unknownOptionNames(unknown: readonly string[], declared: Iterable<string>): string {
  // closestChoices ignores the dashes, so the flags compare as their names do
  const flags = [...declared].map((name) => `--${name}`);
  return unknown.map((name) => `--${name}${didYouMean(`--${name}`, flags)}`).join(', ');
}

/** `unknown option --destinaton (did you mean --destination?)`, or `unknown options ...` for several. */
export function unknownOptions(unknown: readonly string[], declared: Iterable<string>): string {
  return `unknown option${unknown.length > 1 ? 's' : ''} ${unknownOptionNames(unknown, declared)}`;
}

/** `"pipline-name" (did you mean pipeline-name?)`, for each name that is not one of `known`. */
export function quotedWithNearest(unknown: readonly string[], known: Iterable<string>): string {
  const choices = [...known];
  return unknown.map((name) => `"${name}"${didYouMean(name, choices)}`).join(', ');
}
