import type { PackageManager } from './detect.js';
import { formatRequirement, type ReconciledRequirement } from './requirements.js';
import { poetryConstraintToPep440 } from './requirements-version.js';

/** One program run with its arguments as separate strings; never through a shell. */
export interface ToolCommand {
  file: string;
  args: string[];
  /** How to show `file` to the user when it is run by full path (`.venv/bin/python`). */
  shownAs?: string;
}

export type ToolManager = Exclude<PackageManager, 'pip'>;

/** The argument that asks `manager` for this requirement, keeping the project's own constraint. */
export function requirementArgument(manager: ToolManager, reconciled: ReconciledRequirement): string {
  const { requirement, nativeSpecifier } = reconciled;
  if (nativeSpecifier === undefined) return formatRequirement(requirement);
  if (manager === 'poetry' && !requirement.marker) {
    // `name[extras]@^1.2` keeps Poetry's own constraint exactly as the project wrote it
    return `${formatRequirement({ ...requirement, specifier: '' })}@${nativeSpecifier}`;
  }
  return formatRequirement({ ...requirement, specifier: poetryConstraintToPep440(nativeSpecifier) ?? '' });
}

const DEV_FLAGS: Record<ToolManager, string[]> = {
  uv: ['--dev'],
  poetry: ['--group', 'dev'],
  pipenv: ['--dev'],
  pdm: ['--dev'],
};

const ADD_VERBS: Record<ToolManager, string[]> = {
  uv: ['add'],
  poetry: ['add'],
  pipenv: ['install'],
  pdm: ['add'],
};

/** Installs what the manifest already declares, without removing anything else. */
const SYNC_COMMANDS: Record<ToolManager, string[]> = {
  uv: ['sync', '--inexact'],
  poetry: ['install', '--no-root'],
  // pipenv installs its [dev-packages] only when told (uv, Poetry and PDM install the dev group by default)
  pipenv: ['install', '--dev'],
  pdm: ['install'],
};

/**
 * The commands that record and install requirements with the project's own tool: one for runtime
 * requirements, one for development ones; when the manifest already declares everything, the
 * tool's install-what-is-declared command instead.
 */
export function toolCommands(
  manager: ToolManager,
  main: readonly string[],
  dev: readonly string[],
): ToolCommand[] {
  const commands: ToolCommand[] = [];
  if (main.length > 0) commands.push({ file: manager, args: [...ADD_VERBS[manager], ...main] });
  if (dev.length > 0)
    commands.push({ file: manager, args: [...ADD_VERBS[manager], ...DEV_FLAGS[manager], ...dev] });
  if (commands.length === 0) commands.push({ file: manager, args: SYNC_COMMANDS[manager] });
  return commands;
}

export interface PipSetup {
  /** The venv's interpreter: its full path, and how to show it (relative to the project root). */
  python: string;
  pythonShownAs?: string;
  /** The venv folder to create first with `python3 -m venv`, when it does not exist yet. */
  create?: string;
  /** Requirement files, relative to the project root. */
  requirementFiles: string[];
}

/** pip never runs on the system Python: the venv is created when missing, then its own pip installs. */
export function pipCommands(setup: PipSetup): ToolCommand[] {
  const commands: ToolCommand[] = [];
  if (setup.create) commands.push({ file: 'python3', args: ['-m', 'venv', setup.create] });
  commands.push({
    file: setup.python,
    args: ['-m', 'pip', 'install', ...setup.requirementFiles.flatMap((file) => ['-r', file])],
    ...(setup.pythonShownAs ? { shownAs: setup.pythonShownAs } : {}),
  });
  return commands;
}

export const RUN_PREFIXES: Record<ToolManager, string> = {
  uv: 'uv run python',
  poetry: 'poetry run python',
  pipenv: 'pipenv run python',
  pdm: 'pdm run python',
};

const SAFE_ARGUMENT = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** An argument as a POSIX shell needs it to arrive unchanged: `'dlt[duckdb]'`. */
export function shellQuote(argument: string): string {
  if (SAFE_ARGUMENT.test(argument)) return argument;
  return `'${argument.replace(/'/g, `'\\''`)}'`;
}

export function formatCommand(command: ToolCommand): string {
  return [command.shownAs ?? command.file, ...command.args].map(shellQuote).join(' ');
}

/** The command lines as a user would type them, from `cwd` when it is not the current folder. */
export function formatCommandLine(commands: readonly ToolCommand[], cwd?: string): string {
  const line = commands.map(formatCommand).join(' && ');
  return cwd && cwd !== '.' ? `cd ${shellQuote(cwd)} && ${line}` : line;
}
