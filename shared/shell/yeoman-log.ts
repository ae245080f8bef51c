/**
 * Keeps Yeoman's own lines out of the run's output, which is ours: the files list, warnings, the
 * summary and errors. Yeoman's conflicter logs a status line per file ("create x", "identical x",
 * "force x", "skip x", "conflict x"), which the summary's files list says again; and "An error
 * occured while running <generator>#<task>" (its spelling) above every error, which the command
 * line reports itself, and "Aborting ..." before the conflicter stops a run. When the conflicter
 * shows diffs (--dry-run, --bail) a "conflict x" line stays: it names the file whose diff follows.
 * Everything else its logger prints (the diffs, the questions) is left as it is.
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
}

function wrap(log: YeomanLog, level: string, drop: (first: unknown) => boolean): void {
  const original = log[level];
  if (typeof original !== 'function') return;
  log[level] = function (this: unknown, first: unknown, ...rest: unknown[]) {
    return drop(first) ? log : original.call(this, first, ...rest);
  };
}
