import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectPython } from '../shared/packages/run-prefix.js';
import type { PipelineInfo } from '../shared/plan/run-state.js';
import type { DltGenerator } from '../shared/shell/dlt-generator.js';

const ROW_COUNTS_SCRIPT = fileURLToPath(new URL('../shared/data/row_counts.py', import.meta.url));

function command(
  generator: DltGenerator,
  ...args: string[]
): { file: string; args: string[]; env: NodeJS.ProcessEnv } {
  const python = projectPython(generator.state.runPrefix);
  const [file, ...prefix] = python.argv;
  const env = python.binDir
    ? { ...process.env, PATH: `${python.binDir}${delimiter}${process.env.PATH ?? ''}` }
    : process.env;
  return { file: file!, args: [...prefix, ...args], env };
}

/** Runs a generated pipeline in the project's environment and prints the tables it loaded. */
export async function runPipeline(
  generator: DltGenerator,
  pipeline: PipelineInfo,
): Promise<Record<string, number>> {
  const output = generator.options.json ? (['ignore', process.stderr, process.stderr] as const) : 'inherit';
  generator.log(`Running ${pipeline.script} ...`);
  const run = command(generator, pipeline.script);
  try {
    await generator.spawn(run.file, run.args, {
      stdio: output as never,
      cwd: generator.destinationRoot(),
      env: run.env,
    });
  } catch (error) {
    throw new Error(
      `${pipeline.script} failed (${(error as Error).message.split('\n')[0]}); dlt's error is above.`,
    );
  }
  const count = command(generator, ROW_COUNTS_SCRIPT, pipeline.name);
  const result = await generator.spawn(count.file, count.args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: generator.destinationRoot(),
    env: count.env,
  });
  const counts = JSON.parse(String(result.stdout).trim().split('\n').pop() ?? '{}') as Record<string, number>;
  generator.log(`Loaded into ${pipeline.datasetName ?? 'the dataset'}:`);
  for (const [table, count] of Object.entries(counts)) generator.log(`  ${table.padEnd(30)} ${count} rows`);
  return counts;
}

export async function showDashboard(generator: DltGenerator, pipeline: PipelineInfo): Promise<void> {
  const show = command(generator, '-m', 'dlt', 'pipeline', pipeline.name, 'show');
  await generator.spawn(show.file, show.args, {
    stdio: 'inherit',
    cwd: generator.destinationRoot(),
    env: show.env,
  });
}
