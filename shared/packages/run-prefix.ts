import { dirname } from 'node:path';

/**
 * How the project runs Python, from the install step's run prefix: `uv run python` (a tool that
 * runs inside the project's environment) or a path to the environment's interpreter.
 */
export interface ProjectPython {
  /** argv that runs Python, to which a script and its arguments are appended. */
  argv: string[];
  /** The folder to put first on PATH (a venv's bin), when the prefix is a path. */
  binDir?: string;
}

const TOOL_PREFIX = /^(uv|poetry|pipenv|pdm) run python3?$/;

export function projectPython(runPrefix = 'python'): ProjectPython {
  if (TOOL_PREFIX.test(runPrefix)) return { argv: runPrefix.split(' ') };
  if (runPrefix === 'python' || runPrefix === 'python3') return { argv: [runPrefix] };
  return { argv: [runPrefix], binDir: dirname(runPrefix) };
}

/**
 * The arguments to the project's Python for `dlt pipeline <name> <operation>`: `-m dlt`, one form for
 * every project. The `dlt` console command refuses in a dlt workspace on dlt 1.31 ("use dlthub local
 * pipeline", with another argument order), and `dlthub` does not exist before 1.27; `python -m dlt
 * pipeline` runs in a workspace (its .dlt/state) and outside it (checked on dlt 1.26.0, 1.27.2 and
 * 1.31.0: info and drop, and show on 1.31). No --yes: 1.26 does not take it; the user confirms.
 */
export function dltPipelineArgs(pipelineName: string, operation: string, ...args: string[]): string[] {
  return ['-m', 'dlt', 'pipeline', pipelineName, operation, ...args];
}

/** A `dlt pipeline` command as the user runs it (the venv activated first: the dashboard starts marimo from PATH). */
export function dltPipelineCommand(
  runPrefix: string | undefined,
  pipelineName: string,
  operation: string,
  ...args: string[]
): string {
  const python = projectPython(runPrefix);
  const argv = [
    ...(python.binDir ? ['python'] : python.argv),
    ...dltPipelineArgs(pipelineName, operation, ...args),
  ];
  return python.binDir ? `. ${python.binDir}/activate && ${argv.join(' ')}` : argv.join(' ');
}

/**
 * The project's `dlthub` command as a user runs it (in a workspace, `dlthub local profile use <name>`
 * pins a profile; dlt 1.27 and later have it): `uv run dlthub`, the venv activated first, or `dlthub`.
 */
export function dlthubCommandLine(runPrefix = 'python'): string {
  const python = projectPython(runPrefix);
  if (python.binDir) return `. ${python.binDir}/activate && dlthub`;
  return python.argv.length > 1 ? `${python.argv.slice(0, -1).join(' ')} dlthub` : 'dlthub';
}
