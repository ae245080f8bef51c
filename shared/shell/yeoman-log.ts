/**
 * Keeps Yeoman's own lines out of the run's output, which is ours: the files list, warnings, the
 * summary and errors. Yeoman's conflicter logs a status line per file ("create x", "identical x",
 * "force x", "skip x", "conflict x"), which the summary's files list says again; and "An error
 * occured while running <generator>#<task>" (its spelling) above every error, which the command
 * line reports itself, and "Aborting ..." before the conflicter stops a run. When the conflicter
 * shows diffs (--dry-run, --bail) a "conflict x" line stays: it names the file whose diff follows.
 * The diff's legend, "removed" and "added" with nothing between (read "removedadded" without
 * colours), is printed as "- removed, + added", and a diff shows each change with the three
 * unchanged lines before and after it, not the whole file around it. Everything else its logger
 * prints (the questions) is left as it is.
 */
type YeomanLog = Record<string, unknown> & { [QUIETED]?: true };

const QUIETED = Symbol('generator-dlt quieted');
const FILE_STATUSES = ['create', 'identical', 'force', 'skip'] as const;

/**
 * Quiets the logger of a Yeoman adapter and of the adapter under it (yeoman-environment's queued
 * adapter copies the logger's levels, and its conflicter asks through the adapter under it).
 * `showsDiffs`: whether the conflicter prints diffs instead of asking (read when a line is logged).
 */
export function quietYeomanAdapter(adapter: unknown, showsDiffs: () => boolean): void {
  const queued = adapter as { log?: unknown; actualAdapter?: { log?: unknown } } | undefined;
  quietYeomanLog(queued?.log, showsDiffs);
  quietYeomanLog(queued?.actualAdapter?.log, showsDiffs);
}

export function quietYeomanLog(log: unknown, showsDiffs: () => boolean): void {
  const target = log as YeomanLog | undefined;
  if (!target || target[QUIETED]) return;
  target[QUIETED] = true;
  for (const status of FILE_STATUSES) wrap(target, status, () => true);
  wrap(target, 'conflict', () => !showsDiffs());
  // said before the conflicter stops the run, whose error says what stopped it
  wrap(target, 'writeln', (message) => message === 'Aborting ...');
  wrap(target, 'error', (message) => String(message).startsWith('An error occured while running '));
  const colored = target.colored;
  if (typeof colored === 'function') {
    target.colored = function (this: unknown, messages: unknown, ...rest: unknown[]) {
      return colored.call(this, spacedDiffLegend(messages), ...rest);
    };
  }
}

type ColoredMessage = { message?: unknown; color?: unknown };

/** The conflicter's diff legend ("removed", "", "added") with its signs and a separator. */
function spacedDiffLegend(messages: unknown): unknown {
  if (!Array.isArray(messages)) return messages;
  const parts = messages as ColoredMessage[];
  const at = parts.findIndex(
    (part, index) =>
      part?.message === 'removed' &&
      parts[index + 1]?.message === '' &&
      parts[index + 2]?.message === 'added',
  );
  if (at < 0) return messages;
  return [
    ...parts.slice(0, at),
    { ...parts[at], message: '- removed' },
    { ...parts[at + 1], message: ', ' },
    { ...parts[at + 2], message: '+ added' },
    // the blank line after the legend, the diff, the blank line after it
    ...parts.slice(at + 3, at + 4),
    ...changesInContext(parts.slice(at + 4, parts.at(-1)?.message === '\n\n' ? -1 : undefined)),
    ...(parts.length > at + 4 && parts.at(-1)?.message === '\n\n' ? [parts.at(-1)!] : []),
  ];
}

/** Unchanged lines a diff keeps before and after each change, as `diff -u` does. */
export const CONTEXT_LINES = 3;

/**
 * The diff's lines with each run of unchanged ones further than CONTEXT_LINES from a change
 * replaced by a line that counts them: the conflicter prints the whole file.
 */
function changesInContext(body: ColoredMessage[]): ColoredMessage[] {
  const lines = linesOf(body);
  const changed = lines.map((line) =>
    line.some((part) => part.color === 'added' || part.color === 'removed'),
  );
  if (!changed.includes(true)) return body;
  const near = changed.map((_, index) =>
    changed.slice(Math.max(0, index - CONTEXT_LINES), index + CONTEXT_LINES + 1).includes(true),
  );
  const kept: ColoredMessage[] = [];
  let cut = false;
  for (let index = 0; index < lines.length; ) {
    let end = index;
    while (end < lines.length && !near[end]) end++;
    if (end - index > 1) {
      kept.push({ message: `  (${end - index} unchanged lines)` }, { message: '\n' });
      cut = true;
      index = end;
    } else {
      kept.push(...lines[index]!);
      index++;
    }
  }
  return cut ? kept : body;
}

/**
 * The parts line by line, each line ending in a "\n" part: the conflicter writes a change one part
 * a line, but a run of unchanged lines as one part.
 */
function linesOf(body: ColoredMessage[]): ColoredMessage[][] {
  const lines: ColoredMessage[][] = [[]];
  for (const part of body) {
    const pieces = typeof part?.message === 'string' ? part.message.split('\n') : [undefined];
    pieces.forEach((piece, index) => {
      if (piece === undefined) lines.at(-1)!.push(part);
      else if (piece !== '') lines.at(-1)!.push({ ...part, message: piece });
      if (index < pieces.length - 1) {
        lines.at(-1)!.push({ message: '\n' });
        lines.push([]);
      }
    });
  }
  if (lines.at(-1)!.length === 0) lines.pop();
  return lines;
}

function wrap(log: YeomanLog, level: string, drop: (first: unknown) => boolean): void {
  const original = log[level];
  if (typeof original !== 'function') return;
  log[level] = function (this: unknown, first: unknown, ...rest: unknown[]) {
    return drop(first) ? log : original.call(this, first, ...rest);
  };
}
