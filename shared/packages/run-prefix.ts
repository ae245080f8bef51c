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
 * How a user runs a console command of the project's dlt (`dlt`, or `dlthub`, which dlt 1.31 wants
 * in a workspace): `uv run dlt`, or the venv activated first (the dashboard starts marimo, which
 * must be on PATH), or plain `dlt`.
 */
export function dltCommandLine(runPrefix = 'python', command: 'dlt' | 'dlthub' = 'dlt'): string {
  const python = projectPython(runPrefix);
  if (python.binDir) return `. ${python.binDir}/activate && ${command}`;
  return python.argv.length > 1 ? `${python.argv.slice(0, -1).join(' ')} ${command}` : command;
}
