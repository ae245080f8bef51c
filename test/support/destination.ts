import { fileURLToPath } from 'node:url';
import helpers from 'yeoman-test';
import type DestinationGenerator from '../../generators/destination/index.js';
import type { RunState } from '../../shared/plan/run-state.js';

const destinationGenerator = fileURLToPath(new URL('../../generators/destination/index.js', import.meta.url));

/** Runs dlt:destination in-process in `cwd` (a real generator, nothing mocked); returns the run's state. */
export async function generateDestination(
  cwd: string,
  options: Record<string, unknown>,
  answers: Record<string, unknown> = {},
): Promise<RunState> {
  const result = await helpers
    .run<DestinationGenerator>(destinationGenerator, { tmpdir: false, cwd, autoCleanup: false })
    .withOptions({ skipInstall: true, force: false, ...options })
    .withAnswers(answers);
  return (result.generator as unknown as DestinationGenerator).state;
}
