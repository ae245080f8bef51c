import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ProcessResult, repoRoot, run } from './python.js';

export const binPath = join(repoRoot, 'bin/generator-dlt.cjs');

const projects: string[] = [];
process.on('exit', () => {
  for (const project of projects) rmSync(project, { recursive: true, force: true });
});

/** A fresh empty folder for one test project, removed when the test process ends. */
export function tempProject(prefix = 'dlt-project-'): string {
  const project = mkdtempSync(join(tmpdir(), prefix));
  projects.push(project);
  return project;
}

/** The bin's code caches for this test process: not the user's, and not shared with other runs of the tests. */
export const testCompileCache = tempProject('dlt-compile-cache-');

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
  return run(process.execPath, [binPath, generator, ...args], {
    cwd,
    env: { ...process.env, GENERATOR_DLT_COMPILE_CACHE: testCompileCache, ...env },
  });
}
