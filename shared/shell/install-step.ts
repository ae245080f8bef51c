import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeProjectFiles } from '../files/project-writes.js';
import {
  type ChoiceContext,
  CONFIG_KEY,
  choosePackageManager,
  type PackageManagerChoice,
} from '../packages/choice.js';
import { formatCommand, formatCommandLine, type ToolCommand } from '../packages/commands.js';
import { withDltFloor } from '../packages/dlt-floor.js';
import { type InstallPlan, planInstall, runPrefixFor } from '../packages/plan.js';
import { formatRequirement } from '../packages/requirements.js';
import { findExecutable, HOW_TO_INSTALL, TOOL_MANIFESTS } from '../packages/tools.js';
import type { ProjectContext, Spawn } from '../plan/context.js';
import { type RunState, recordFile } from '../plan/run-state.js';

/** What the run's package-manager choice needs besides choosing: where it is kept. */
export interface PackageManagerContext extends ChoiceContext, Pick<ProjectContext, 'dryRun'> {
  state: RunState;
  /** Keeps a value in the project's .yo-rc.json. */
  remember(key: string, value: string): void;
}

/** What the install step needs: the run so far, how to run a tool, and how to stop with the summary. */
export interface InstallContext extends PackageManagerContext, Pick<ProjectContext, 'read' | 'log'> {
  skipInstall: boolean;
  /** --verbose: the tool's output as it comes; otherwise a line per step, its output only on failure. */
  verbose: boolean;
  spawn: Spawn;
  /** Prints the run's summary (once): a failing install shows what was written before it stops. */
  printSummary(): void;
}

const CHOICE_KEY = 'package-manager';

/**
 * Decides the run's package manager once, in the prompting phase, before anything is written (see
 * choosePackageManager); a choice the project's files do not show is remembered in .yo-rc.json.
 */
export async function ensurePackageManager(context: PackageManagerContext): Promise<PackageManagerChoice> {
  const { state } = context;
  const done = state.shared.get(CHOICE_KEY) as PackageManagerChoice | undefined;
  if (done) return done;
  const { choice, warnings } = await choosePackageManager(context);
  state.warnings.push(...warnings);
  state.shared.set(CHOICE_KEY, choice);
  state.packageManager = choice.manager;
  if (choice.source !== 'detected' && choice.source !== 'stored' && !context.dryRun) {
    context.remember(CONFIG_KEY, choice.manager);
  }
  return choice;
}

/** Keeps the tools from waiting for an answer nobody can give. */
const NON_INTERACTIVE_ENV = {
  POETRY_NO_INTERACTION: '1',
  PIPENV_YES: '1',
  PDM_NON_INTERACTIVE: '1',
  PIP_NO_INPUT: '1',
};

const OUTPUT_TAIL_LINES = 20;

/**
 * The one install step of a run, after every generator has written its files: merges what they
 * asked for into one set of requirements, writes the manifest changes that need no tool
 * (requirements.txt, a `[project]` table), then records and installs them with the project's own
 * tool. --dry-run runs and writes nothing; --skip-install writes the manifest changes and shows the
 * command; a missing tool or a failing install stops the run (exit 1) with the files in place.
 */
export async function runInstallStep(context: InstallContext): Promise<void> {
  const { state } = context;
  if (state.installDone) return;
  state.installDone = true;
  const { manager, root } = await ensurePackageManager(context);
  const destinationRoot = context.root;
  if (state.requirements.length === 0 && state.devRequirements.length === 0) {
    state.runPrefix = runPrefixFor(manager, root, destinationRoot, process.env);
    return;
  }
  const plan = installPlanOf(context, manager, root);
  state.requirements.splice(0, Infinity, ...plan.requirements.map((r) => formatRequirement(r.requirement)));
  state.devRequirements.splice(
    0,
    Infinity,
    ...plan.devRequirements.map((r) => formatRequirement(r.requirement)),
  );
  state.packageManager = manager;
  state.installCommand = plan.commandLine;
  state.runPrefix = plan.runPrefix;
  state.warnings.push(...plan.warnings);
  for (const edit of plan.edits) {
    recordFile(state, relative(destinationRoot, edit.path), edit.before === undefined ? 'create' : 'update');
  }
  if (context.dryRun) return;
  writeProjectFiles(
    destinationRoot,
    plan.edits.map((edit) => ({ path: edit.path, contents: edit.after })),
  );
  if (context.skipInstall) return;
  await runPlan(context, plan);
  state.installed = true;
}

function installPlanOf(
  context: InstallContext,
  manager: PackageManagerChoice['manager'],
  root: string,
): InstallPlan {
  const { state } = context;
  return planInstall({
    manager,
    root,
    destinationRoot: context.root,
    requirements: withDltFloor(state.requirements),
    devRequirements: state.devRequirements,
    env: process.env,
    read: (path) => context.read(path),
  });
}

/** The manifest files (requirements.txt, pyproject.toml) the install step will write, for the preflight. */
export async function plannedManifestEdits(context: InstallContext): Promise<InstallPlan['edits']> {
  const { state } = context;
  if (state.installDone || context.dryRun) return [];
  if (state.requirements.length === 0 && state.devRequirements.length === 0) return [];
  const { manager, root } = await ensurePackageManager(context);
  return installPlanOf(context, manager, root).edits;
}

function missingProgram(plan: InstallPlan): string | undefined {
  const first = plan.commands[0]!;
  const venv = plan.venv;
  if (venv && !venv.create && !existsSync(venv.python)) {
    return venv.active
      ? `VIRTUAL_ENV is ${venv.folder}, but it has no Python (${venv.python}): activate a working ` +
          'virtualenv or unset VIRTUAL_ENV'
      : `${venv.folder} is not a virtualenv (no ${relative(venv.folder, venv.python)}): remove it, so that ` +
          'a new one is created, or activate a virtualenv';
  }
  if (venv) {
    return venv.create && !findExecutable('python3')
      ? `python3 is not on PATH, so no virtualenv can be created: ${HOW_TO_INSTALL.python3}`
      : undefined;
  }
  if (findExecutable(first.file)) return undefined;
  return `${first.file} is not installed (not found on PATH): ${HOW_TO_INSTALL[plan.manager]}`;
}

/** Stops the run with the files in place: the summary first (what was written, what is left), then why. */
function fail(context: InstallContext, plan: InstallPlan, problem: string): never {
  context.printSummary();
  throw new Error(
    `${problem}\nNothing was installed; the generated files are in place. Then run in ${plan.root}:\n` +
      `  ${formatCommandLine(plan.commands)}`,
  );
}

/** A failing step's whole output, when the error's tail of it would leave some out. */
function showFullOutput(context: InstallContext, command: ToolCommand, error: unknown): void {
  const all = toolOutput(error);
  if (all.split(/\r?\n/).length <= OUTPUT_TAIL_LINES) return;
  context.log(`Output of ${formatCommand(command)}:\n${all}`);
}

/** What the failed tool printed (stdout and stderr interleaved, as execa's `all` keeps it). */
function toolOutput(error: unknown): string {
  return String((error as { all?: unknown }).all ?? '').trimEnd();
}

function outputTail(error: unknown): string {
  const all = toolOutput(error);
  if (all === '') return '';
  const lines = all.split(/\r?\n/).slice(-OUTPUT_TAIL_LINES);
  return `\n  ${lines.join('\n  ')}`;
}

async function runCommand(context: InstallContext, plan: InstallPlan, command: ToolCommand): Promise<void> {
  try {
    // kept for errors; with --verbose it also goes to stderr as it comes (stdout stays free for --json)
    await context.spawn(command.file, command.args, {
      cwd: plan.root,
      env: NON_INTERACTIVE_ENV,
      stdin: 'ignore',
      stdout: context.verbose ? ['pipe', 2] : 'pipe',
      stderr: context.verbose ? ['pipe', 'inherit'] : 'pipe',
      all: true,
    });
  } catch (error) {
    if (!context.verbose) showFullOutput(context, command, error);
    const failure = error as { code?: string; exitCode?: number };
    if (failure.code === 'ENOENT') {
      fail(
        context,
        plan,
        `${command.shownAs ?? command.file} was not found: ${HOW_TO_INSTALL[plan.manager]}`,
      );
    }
    const status =
      failure.exitCode === undefined ? (error as Error).message : `exit code ${failure.exitCode}`;
    fail(
      context,
      plan,
      `${formatCommand(command)} failed (${status}). Its output ends with:${outputTail(error)}`,
    );
  }
}

function readManifests(plan: InstallPlan): Map<string, string | undefined> {
  return new Map(
    TOOL_MANIFESTS[plan.manager].map((file) => {
      const path = join(plan.root, file);
      return [path, existsSync(path) ? readFileSync(path, 'utf8') : undefined];
    }),
  );
}

/** What Ctrl-C during command `current` of the plan leaves to do: that command and every one after it. */
export function interruptedMessage(plan: InstallPlan, current: number): string {
  const left = formatCommandLine(plan.commands.slice(current));
  return `\nInstall interrupted; the generated files are in place. To finish it, run in ${plan.root}:\n  ${left}`;
}

/** Nothing new to declare, and no virtualenv to create: the tool only checks the environment. */
function declaresEverything(plan: InstallPlan): boolean {
  const all = [...plan.requirements, ...plan.devRequirements];
  return all.length > 0 && all.every((r) => r.change === 'none') && !plan.venv?.create;
}

async function runPlan(context: InstallContext, plan: InstallPlan): Promise<void> {
  const missing = missingProgram(plan);
  if (missing) fail(context, plan, missing);
  context.log(
    declaresEverything(plan)
      ? `Nothing to install: the project declares every requirement already; checking its environment (${plan.commandLine})`
      : `Installing with ${plan.manager}: ${plan.commandLine}`,
  );
  const before = readManifests(plan);
  let current = 0;
  // Ctrl-C stops the tool with us: say how to finish instead of leaving a half-installed project unexplained
  const interrupted = () => {
    context.log(interruptedMessage(plan, current));
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  try {
    for (const [index, command] of plan.commands.entries()) {
      current = index;
      if (!context.verbose) context.log(`  [${index + 1}/${plan.commands.length}] ${formatCommand(command)}`);
      await runCommand(context, plan, command);
    }
  } finally {
    process.removeListener('SIGINT', interrupted);
  }
  // the tool wrote its manifest and lock file; the summary lists them with the generated files
  for (const [path, after] of readManifests(plan)) {
    const previous = before.get(path);
    if (after === undefined || after === previous) continue;
    recordFile(context.state, relative(context.root, path), previous === undefined ? 'create' : 'update');
  }
}
