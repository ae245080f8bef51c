/**
 * Runs introspect_package.py in the project's environment (one Python process, a time limit) and
 * reads its answer into the source spec; never fatal: a problem is returned, to keep the guess.
 */
import { fileURLToPath } from 'node:url';
import type { Spawn } from '../../shared/plan/context.js';
import {
  type GivenClientAnswers,
  type Introspection,
  parseIntrospection,
  readClient,
  withClient,
} from './package-client.js';
import type { SourceSpec } from './source-spec.js';

const SCRIPT = fileURLToPath(new URL('./data/introspect_package.py', import.meta.url));
export const INTROSPECTION_TIMEOUT_MS = 10_000;

/** What introspect_package.py printed for the module, or why it could not say. */
export async function introspectPackage(
  spawn: Spawn,
  python: readonly string[],
  cwd: string,
  module: string,
  wanted: string | undefined,
): Promise<Introspection | { problem: string }> {
  const [file, ...prefix] = python;
  try {
    // -I: isolated, so the project's own folder is not on sys.path; only the named package is imported
    const result = await spawn(file!, [...prefix, '-I', SCRIPT, module, ...(wanted ? [wanted] : [])], {
      cwd,
      timeout: INTROSPECTION_TIMEOUT_MS,
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'pipe',
    });
    return parseIntrospection(String(result.stdout ?? '')) ?? { problem: 'its Python printed no answer' };
  } catch (error) {
    const failure = error as { timedOut?: boolean; message?: string };
    if (failure.timedOut)
      return { problem: `reading it took longer than ${INTROSPECTION_TIMEOUT_MS / 1000} s` };
    return { problem: `${python.join(' ')} failed: ${String(failure.message ?? error).split('\n')[0]}` };
  }
}

/** The spec with the client read from the installed package, or why it keeps the guess. */
export async function readInstalledClient(
  spawn: Spawn,
  python: readonly string[],
  cwd: string,
  spec: SourceSpec,
  given: GivenClientAnswers,
): Promise<{ spec: SourceSpec } | { problem: string }> {
  const sdk = spec.package!;
  const introspection = await introspectPackage(
    spawn,
    python,
    cwd,
    sdk.module,
    given.client ? sdk.client : undefined,
  );
  if ('problem' in introspection) return introspection;
  const read = readClient(introspection, spec, given.client ? sdk.client : undefined);
  if ('problem' in read) return read;
  return { spec: withClient(spec, read.reading, given) };
}
