import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DLT_FLOOR } from '../../shared/packages/dlt-floor.js';

const execFileAsync = promisify(execFile);
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface PythonEnv {
  runtime: string;
  tools: string;
  /** The engines and checkers dlt:deploy's tests use. */
  dagster: string;
  airflow: string;
  audit: string;
  dltVersion: string;
  /** The venv holding the lowest dlt the generated code supports (DLT_FLOOR). */
  floor: string;
  floorDltVersion: string;
}

let env: PythonEnv | undefined;

/** The venvs `npm run python-env` provisioned (runtime: dlt, duckdb, pytest, ruff; tools: uv, poetry...). */
export function pythonEnv(): PythonEnv {
  if (!env) {
    try {
      env = JSON.parse(readFileSync(join(repoRoot, '.cache/python-env.json'), 'utf8')) as PythonEnv;
    } catch {
      throw new Error('No Python test environment: run `npm run python-env` first (npm test does).');
    }
  }
  return env;
}

/** Path of an executable in the runtime venv (python, ruff, pytest, dlt). */
export function runtimeBin(name = 'python'): string {
  return join(pythonEnv().runtime, 'bin', name);
}

/** Path of an executable in the tools venv (uv, poetry, pipenv, pdm). */
export function toolBin(name: string): string {
  return join(pythonEnv().tools, 'bin', name);
}

/** Path of an executable in one of the deploy test venvs (dagster, airflow, audit: check-jsonschema, zizmor). */
export function engineBin(venv: 'dagster' | 'airflow' | 'audit', name: string): string {
  const folder = pythonEnv()[venv];
  if (!folder) throw new Error(`No ${venv} test environment: run \`npm run python-env\` again.`);
  return join(folder, 'bin', name);
}

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command and returns its exit code and output; never throws on a non-zero exit. */
export async function run(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {},
): Promise<ProcessResult> {
  try {
    const child = execFileAsync(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      timeout: options.timeoutMs ?? 300_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (options.input !== undefined) {
      child.child.stdin?.end(options.input);
    } else {
      child.child.stdin?.end();
    }
    const { stdout, stderr } = await child;
    return { code: 0, stdout: String(stdout), stderr: String(stderr) };
  } catch (error) {
    const failure = error as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return {
      code: typeof failure.code === 'number' ? failure.code : 1,
      stdout: String(failure.stdout ?? ''),
      stderr: String(failure.stderr ?? failure.message),
    };
  }
}

const onFloor = new Set<string>();

/**
 * Every Python run in this project folder (pipelines, row counts, smoke tests) uses the venv with
 * the lowest dlt the generated code supports, not the runtime one: how the tests prove the floor.
 */
export function useDltFloor(cwd: string): void {
  const { floorDltVersion } = pythonEnv();
  if (floorDltVersion !== DLT_FLOOR) {
    throw new Error(
      `the floor venv has dlt ${floorDltVersion}, the generated requirements say >=${DLT_FLOOR}: run npm run python-env`,
    );
  }
  onFloor.add(cwd);
}

/** Runs a script with the runtime venv's Python (the floor venv's, see useDltFloor) in a project folder. */
export function runPython(args: readonly string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const python = onFloor.has(cwd) ? join(pythonEnv().floor, 'bin', 'python') : runtimeBin('python');
  return run(python, args, { cwd, env: { ...process.env, ...extraEnv } });
}

/**
 * Runs a generated pipeline script with real dlt; pipelines and their state live inside the
 * project (DLT_DATA_DIR) so tests never touch ~/.dlt.
 */
export function runPipelineScript(cwd: string, script: string, extraEnv: NodeJS.ProcessEnv = {}) {
  return runPython([script], cwd, { DLT_DATA_DIR: join(cwd, '.dlt-data'), ...extraEnv });
}

/** Rows per table that a pipeline loaded, read back through dlt from its destination. */
export async function tableCounts(cwd: string, pipelineName: string): Promise<Record<string, number>> {
  const script = join(repoRoot, 'shared/data/row_counts.py');
  const result = await runPython([script, pipelineName], cwd, { DLT_DATA_DIR: join(cwd, '.dlt-data') });
  if (result.code !== 0) throw new Error(`row counts failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>;
}

/** Runs SQL against the pipeline's dataset through dlt and returns the rows as JSON values. */
export async function queryRows(cwd: string, pipelineName: string, sql: string): Promise<unknown[][]> {
  const code = [
    'import json, sys, dlt',
    'p = dlt.attach(pipeline_name=sys.argv[1])',
    'with p.sql_client() as c:',
    '    rows = c.execute_sql(sys.argv[2])',
    'print(json.dumps([list(r) for r in rows], default=str))',
  ].join('\n');
  const result = await runPython(['-c', code, pipelineName, sql], cwd, {
    DLT_DATA_DIR: join(cwd, '.dlt-data'),
  });
  if (result.code !== 0) throw new Error(`query failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '[]') as unknown[][];
}

/** ruff check + ruff format --check on the given files; returns ruff's complaints, empty when clean. */
export async function ruffProblems(cwd: string, files: readonly string[]): Promise<string> {
  const check = await run(runtimeBin('ruff'), ['check', '--no-cache', ...files], { cwd });
  const format = await run(runtimeBin('ruff'), ['format', '--check', '--no-cache', '--diff', ...files], {
    cwd,
  });
  return [
    check.code === 0 ? '' : check.stdout + check.stderr,
    format.code === 0 ? '' : format.stdout + format.stderr,
  ]
    .filter(Boolean)
    .join('\n');
}
