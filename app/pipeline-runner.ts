import { existsSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dltPipelineArgs, projectPython } from '../shared/packages/run-prefix.js';
import type { ProjectContext, Spawn } from '../shared/plan/context.js';
import type { PipelineInfo } from '../shared/plan/run-state.js';

const ROW_COUNTS_SCRIPT = fileURLToPath(new URL('../shared/data/row_counts.py', import.meta.url));

/** What running a generated pipeline needs: the project, how it runs Python, and how to spawn. */
export interface RunnerContext extends Pick<ProjectContext, 'root' | 'log'> {
  /** How to run a script in the project's environment (the install step decided it), undefined for `python`. */
  runPrefix: string | undefined;
  /** --json: the pipeline's own output goes to stderr, stdout stays free for the summary. */
  json: boolean;
  /** The workspace profile whose files got the pipeline's settings (--profile): it runs under it. */
  profile?: string;
  spawn: Spawn;
}

function command(
  context: RunnerContext,
  ...args: string[]
): { file: string; args: string[]; env: NodeJS.ProcessEnv } {
  const python = projectPython(context.runPrefix);
  const [file, ...prefix] = python.argv;
  const env = {
    ...process.env,
    ...(python.binDir ? { PATH: `${python.binDir}${delimiter}${process.env.PATH ?? ''}` } : {}),
    ...(context.profile ? { WORKSPACE__PROFILE: context.profile } : {}),
  };
  return { file: file!, args: [...prefix, ...args], env };
}

/**
 * The project's Python when it is a path that does not exist (a venv the install step would have
 * made, skipped with --skip-install); undefined when it is there or is a command on PATH.
 */
export function missingPython(context: Pick<RunnerContext, 'root' | 'runPrefix'>): string | undefined {
  const python = projectPython(context.runPrefix);
  const file = python.argv[0]!;
  return python.binDir && !existsSync(resolve(context.root, file)) ? file : undefined;
}

/** Runs a generated pipeline in the project's environment and prints the tables it loaded. */
export async function runPipeline(
  context: RunnerContext,
  pipeline: PipelineInfo,
): Promise<Record<string, number>> {
  const output = context.json ? (['ignore', process.stderr, process.stderr] as const) : 'inherit';
  context.log(`Running ${pipeline.script} ...`);
  const run = command(context, pipeline.script);
  try {
    await context.spawn(run.file, run.args, { stdio: output, cwd: context.root, env: run.env });
  } catch (error) {
    throw new Error(
      `${pipeline.script} failed (${(error as Error).message.split('\n')[0]}); dlt's error is above.`,
    );
  }
  const count = command(context, ROW_COUNTS_SCRIPT, pipeline.name);
  const result = await context.spawn(count.file, count.args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: context.root,
    env: count.env,
  });
  const counts = JSON.parse(String(result.stdout).trim().split('\n').pop() ?? '{}') as Record<string, number>;
  context.log(`Loaded into ${pipeline.datasetName ?? 'the dataset'}:`);
  for (const [table, count] of Object.entries(counts)) context.log(`  ${table.padEnd(30)} ${count} rows`);
  return counts;
}

export async function showDashboard(context: RunnerContext, pipeline: PipelineInfo): Promise<void> {
  const show = command(context, ...dltPipelineArgs(pipeline.name, 'show'));
  await context.spawn(show.file, show.args, { stdio: 'inherit', cwd: context.root, env: show.env });
}
