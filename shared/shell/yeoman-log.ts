/**
 * Keeps Yeoman's own lines out of the run's output, which is ours: the files list, warnings, the
 * summary and errors. Yeoman logs "force .yo-rc.json" each time it saves the stored answers, and
 * "An error occured while running <generator>#<task>" (its spelling) above every error, which the
 * command line reports itself. Everything else its logger prints is left as it is.
 */
type YeomanLog = Record<string, unknown> & { [QUIETED]?: true };

const QUIETED = Symbol('generator-dlt quieted');
const YEOMAN_FILES = /(^|[\\/])\.yo-rc(-global)?\.json$/;

export function quietYeomanLog(log: unknown): void {
  const target = log as YeomanLog | undefined;
  if (!target || target[QUIETED]) return;
  target[QUIETED] = true;
  wrap(target, 'force', (path) => YEOMAN_FILES.test(String(path)));
  wrap(target, 'error', (message) => String(message).startsWith('An error occured while running '));
}

function wrap(log: YeomanLog, level: string, drop: (first: unknown) => boolean): void {
  const original = log[level];
  if (typeof original !== 'function') return;
  log[level] = function (this: unknown, first: unknown, ...rest: unknown[]) {
    return drop(first) ? log : original.call(this, first, ...rest);
  };
}
