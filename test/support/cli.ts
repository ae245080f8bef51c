import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ProcessResult, repoRoot, run } from './python.js';

export const binPath = join(repoRoot, 'bin/generator-dlt.js');

/** A fresh empty folder for one test project. */
export function tempProject(prefix = 'dlt-project-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Runs `generator-dlt <generator> ...args` in `cwd` the way a script or CI would: no TTY,
 * stdin closed, so nothing can be asked.
 */
export function runGenerator(
  generator: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<ProcessResult> {
  return run(process.execPath, [binPath, generator, ...args], { cwd, env: { ...process.env, ...env } });
}
