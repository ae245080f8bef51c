import { existsSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { isInside } from '../files/write-target.js';
import {
  formatCommandLine,
  pipCommands,
  RUN_PREFIXES,
  requirementArgument,
  type ToolCommand,
  type ToolManager,
  toolCommands,
} from './commands.js';
import type { PackageManager } from './detect.js';
import {
  addProjectTable,
  asTable,
  DLT_REQUIRES_PYTHON,
  type NewProjectTable,
  parseProjectToml,
  projectNameFor,
  type TomlTable,
} from './pyproject.js';
import {
  mergeRequirements,
  normalizeName,
  type ReconciledRequirement,
  type Requirement,
  reconcileRequirements,
} from './requirements.js';
import {
  type DeclaredRequirements,
  declaredInPipfile,
  declaredInPyproject,
} from './requirements-declared.js';
import {
  isCompiledRequirementsFile,
  mergeRequirementsFile,
  requirementsInFile,
} from './requirements-file.js';

/** A manifest change that needs no tool: written by us, by editing text. */
export interface FileEdit {
  path: string;
  /** The current text; undefined when the file is new. */
  before: string | undefined;
  after: string;
}

export interface PipVenv {
  folder: string;
  python: string;
  /** Create it with `python3 -m venv` first. */
  create: boolean;
  /** Taken from the active virtualenv (VIRTUAL_ENV). */
  active: boolean;
}

export interface InstallPlan {
  manager: PackageManager;
  root: string;
  edits: FileEdit[];
  /** Run in `root`, in order. */
  commands: ToolCommand[];
  /** The exact command line to show, as typed from the destination folder. */
  commandLine: string;
  /** How to run a script in the project's environment: `uv run python`, `.venv/bin/python`. */
  runPrefix: string;
  /** What the run asked for, and whether the manifest already had it. */
  requirements: ReconciledRequirement[];
  devRequirements: ReconciledRequirement[];
  warnings: string[];
  venv?: PipVenv;
}

export interface PlanInput {
  manager: PackageManager;
  /** The project root (where the manifest is), absolute. */
  root: string;
  /** Where the generator writes, absolute; commands are shown as typed from here. */
  destinationRoot: string;
  requirements: readonly string[];
  devRequirements: readonly string[];
  env: NodeJS.ProcessEnv;
  /** Reads a project file; undefined when it does not exist. */
  read: (path: string) => string | undefined;
}

const DEV_REQUIREMENT_FILES = ['requirements-dev.txt', 'requirements_dev.txt', 'dev-requirements.txt'];

function venvPython(folder: string): string {
  return process.platform === 'win32' ? join(folder, 'Scripts', 'python.exe') : join(folder, 'bin', 'python');
}

/** The active virtualenv, else the project's `.venv` (or `venv`), else a `.venv` to create. */
export function pipVenv(root: string, env: NodeJS.ProcessEnv): PipVenv {
  if (env.VIRTUAL_ENV) {
    return { folder: env.VIRTUAL_ENV, python: venvPython(env.VIRTUAL_ENV), create: false, active: true };
  }
  for (const name of ['.venv', 'venv']) {
    const folder = join(root, name);
    if (existsSync(venvPython(folder)))
      return { folder, python: venvPython(folder), create: false, active: false };
  }
  const folder = join(root, '.venv');
  return { folder, python: venvPython(folder), create: !existsSync(folder), active: false };
}

/**
 * The interpreter of the project's environment when it exists already, found without running a
 * tool (`uv run` would sync it, `poetry run` create it): pip's virtualenv (see pipVenv), else the
 * in-project `.venv` the tools use (uv always; Poetry, Pipenv and PDM when configured so).
 */
export function existingEnvironmentPython(
  manager: PackageManager,
  root: string,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (manager === 'pip') {
    const venv = pipVenv(root, env);
    return !venv.create && existsSync(venv.python) ? venv.python : undefined;
  }
  const python = venvPython(join(root, '.venv'));
  return existsSync(python) ? python : undefined;
}

/** A path as the user should type it from `from`: relative when it lies inside `within`. */
function shownPath(path: string, from: string, within: string): string {
  if (!isInside(within, path)) return path;
  const shown = relative(from, path);
  return shown.includes('/') || shown.includes('\\') ? shown : `./${shown}`;
}

function splitRun(input: PlanInput): { main: Requirement[]; dev: Requirement[]; warnings: string[] } {
  const main = mergeRequirements(input.requirements);
  const dev = mergeRequirements(input.devRequirements);
  const runtimeNames = new Set(main.requirements.map((r) => normalizeName(r.name)));
  return {
    main: main.requirements,
    dev: dev.requirements.filter((r) => !runtimeNames.has(normalizeName(r.name))),
    warnings: [...main.warnings, ...dev.warnings],
  };
}

function planPip(input: PlanInput): InstallPlan {
  const { root } = input;
  const { main, dev, warnings } = splitRun(input);
  const edits: FileEdit[] = [];
  const requirementFiles: string[] = [];
  const mainPath = join(root, 'requirements.txt');
  const mainBefore = input.read(mainPath);
  let mainText = mainBefore ?? '';
  let requirements: ReconciledRequirement[] = [];
  if (main.length > 0 || mainBefore !== undefined) {
    const merged = mergeRequirementsFile(mainText, main, 'requirements.txt');
    mainText = merged.text;
    requirements = merged.reconciliation.requirements;
    warnings.push(...merged.reconciliation.warnings);
    if (merged.changed) edits.push({ path: mainPath, before: mainBefore, after: merged.text });
    if (merged.changed && mainBefore !== undefined && isCompiledRequirementsFile(mainBefore)) {
      warnings.push(
        'requirements.txt is generated by pip-compile: add the new requirements to its .in file too, ' +
          'or the next pip-compile drops them.',
      );
    }
    requirementFiles.push('requirements.txt');
  }
  let devRequirements: ReconciledRequirement[] = [];
  if (dev.length > 0) {
    const devName = DEV_REQUIREMENT_FILES.find((name) => input.read(join(root, name)) !== undefined);
    const devPath = join(root, devName ?? DEV_REQUIREMENT_FILES[0]!);
    const devBefore = input.read(devPath);
    const start = devBefore ?? (requirementFiles.length > 0 ? '-r requirements.txt\n' : '');
    const merged = mergeRequirementsFile(
      start,
      dev,
      basename(devPath),
      requirementsInFile(mainText, 'requirements.txt'),
    );
    devRequirements = merged.reconciliation.requirements;
    warnings.push(...merged.reconciliation.warnings);
    if (merged.text !== devBefore) edits.push({ path: devPath, before: devBefore, after: merged.text });
    requirementFiles.push(basename(devPath));
  } else {
    // declared by an earlier run: this run installs them too (an interrupted install left pytest out)
    const declaredDev = DEV_REQUIREMENT_FILES.find((name) => input.read(join(root, name)) !== undefined);
    if (declaredDev) requirementFiles.push(declaredDev);
  }
  const venv = pipVenv(root, input.env);
  const commands = pipCommands({
    python: venv.python,
    pythonShownAs: shownPath(venv.python, root, root),
    ...(venv.create ? { create: relative(root, venv.folder) } : {}),
    requirementFiles,
  });
  return {
    manager: 'pip',
    root,
    edits,
    commands,
    commandLine: formatCommandLine(commands, relative(input.destinationRoot, root)),
    runPrefix: runPrefixFor('pip', root, input.destinationRoot, input.env),
    requirements,
    devRequirements,
    warnings,
    venv,
  };
}

function toolSettingFor(manager: ToolManager): NewProjectTable['toolSetting'] {
  // a pipeline project is an application: nothing to build or install as a package
  if (manager === 'pdm') return { tool: 'pdm', key: 'distribution', value: false };
  if (manager === 'poetry') return { tool: 'poetry', key: 'package-mode', value: false };
  return undefined;
}

/**
 * uv and PDM only work on a `[project]` table; Poetry also on its own `[tool.poetry]`. A uv
 * workspace root without one is left as it is: a project table would change what the workspace is.
 */
function needsProjectTable(manager: ToolManager, data: TomlTable): boolean {
  if (manager === 'pipenv' || asTable(data.project)) return false;
  const tool = asTable(data.tool);
  if (manager === 'uv') return !asTable(asTable(tool?.uv)?.workspace);
  return !(manager === 'poetry' && asTable(tool?.poetry));
}

function planTool(manager: ToolManager, input: PlanInput): InstallPlan {
  const { root } = input;
  const { main, dev, warnings } = splitRun(input);
  const edits: FileEdit[] = [];
  let declared: DeclaredRequirements = { main: new Map(), dev: new Map() };
  if (manager === 'pipenv') {
    const pipfile = input.read(join(root, 'Pipfile'));
    if (pipfile !== undefined) declared = declaredInPipfile(parseProjectToml(pipfile, 'Pipfile'));
  } else {
    const path = join(root, 'pyproject.toml');
    const before = input.read(path);
    const data = before === undefined ? {} : parseProjectToml(before, 'pyproject.toml');
    if (needsProjectTable(manager, data)) {
      const toolSetting = toolSettingFor(manager);
      const after = addProjectTable(before ?? '', {
        name: projectNameFor(basename(root)),
        requiresPython: DLT_REQUIRES_PYTHON,
        ...(toolSetting ? { toolSetting } : {}),
      });
      edits.push({ path, before, after });
    }
    declared = declaredInPyproject(data);
  }
  const mainPlan = reconcileRequirements(main, declared.main);
  const devWanted = dev.filter((r) => !declared.main.has(normalizeName(r.name)));
  const devPlan = reconcileRequirements(devWanted, declared.dev);
  const toAdd = (list: readonly ReconciledRequirement[]) =>
    list.filter((r) => r.change !== 'none').map((r) => requirementArgument(manager, r));
  const commands = toolCommands(manager, toAdd(mainPlan.requirements), toAdd(devPlan.requirements));
  return {
    manager,
    root,
    edits,
    commands,
    commandLine: formatCommandLine(commands, relative(input.destinationRoot, root)),
    runPrefix: RUN_PREFIXES[manager],
    requirements: mainPlan.requirements,
    devRequirements: devPlan.requirements,
    warnings: [...warnings, ...mainPlan.warnings, ...devPlan.warnings],
  };
}

/** How to run a script in the project's environment with this manager. */
export function runPrefixFor(
  manager: PackageManager,
  root: string,
  destinationRoot: string,
  env: NodeJS.ProcessEnv,
): string {
  if (manager !== 'pip') return RUN_PREFIXES[manager];
  return shownPath(pipVenv(root, env).python, destinationRoot, root);
}

/**
 * What the one install step of a run does for this project: the manifest edits that need no tool,
 * the tool's commands, and how to show them. Reads project files; changes nothing.
 */
export function planInstall(input: PlanInput): InstallPlan {
  return input.manager === 'pip' ? planPip(input) : planTool(input.manager, input);
}
