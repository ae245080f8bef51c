import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { choosePackageManager, packageManagerChoice } from '../packages/choice.js';
import { formatCommand, formatCommandLine, type ToolCommand } from '../packages/commands.js';
import { writeFileAtomically } from '../packages/files.js';
import { type InstallPlan, planInstall, runPrefixFor } from '../packages/plan.js';
import { formatRequirement } from '../packages/requirements.js';
import { findExecutable, HOW_TO_INSTALL, TOOL_MANIFESTS } from '../packages/tools.js';
import { recordFile } from '../plan/run-state.js';
import { printSummary } from '../project/summary.js';
import type { DltGenerator } from './dlt-generator.js';

export { choosePackageManager };

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
export async function runInstallStep(generator: DltGenerator): Promise<void> {
  const { state } = generator;
  if (state.installDone) return;
  state.installDone = true;
  await choosePackageManager(generator);
  const { manager, root } = packageManagerChoice(generator);
  const destinationRoot = generator.destinationRoot();
  if (state.requirements.length === 0 && state.devRequirements.length === 0) {
    state.runPrefix = runPrefixFor(manager, root, destinationRoot, process.env);
    return;
  }
  const plan = planInstall({
    manager,
    root,
    destinationRoot,
    requirements: state.requirements,
    devRequirements: state.devRequirements,
    env: process.env,
    read: (path) => (generator.fs.exists(path) ? generator.fs.read(path) : undefined),
  });
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
  if (generator.isDryRun) return;
  for (const edit of plan.edits) writeFileAtomically(edit.path, edit.after);
  if (generator.options.skipInstall) return;
  await runPlan(generator, plan);
  state.installed = true;
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
function fail(generator: DltGenerator, plan: InstallPlan, problem: string): never {
  printSummary(generator);
  throw new Error(
    `${problem}\nNothing was installed; the generated files are in place. Then run in ${plan.root}:\n` +
      `  ${formatCommandLine(plan.commands)}`,
  );
}

function outputTail(error: unknown): string {
  const all = String((error as { all?: unknown }).all ?? '').trimEnd();
  if (all === '') return '';
  const lines = all.split(/\r?\n/).slice(-OUTPUT_TAIL_LINES);
  return `\n  ${lines.join('\n  ')}`;
}

async function runCommand(generator: DltGenerator, plan: InstallPlan, command: ToolCommand): Promise<void> {
  try {
    // the tool's output goes to stderr as it comes (stdout stays free for --json) and is kept for errors
    await generator.spawn(command.file, command.args, {
      cwd: plan.root,
      env: NON_INTERACTIVE_ENV,
      stdin: 'ignore',
      stdout: ['pipe', 2],
      stderr: ['pipe', 'inherit'],
      all: true,
    } as never);
  } catch (error) {
    const failure = error as { code?: string; exitCode?: number };
    if (failure.code === 'ENOENT') {
      fail(
        generator,
        plan,
        `${command.shownAs ?? command.file} was not found: ${HOW_TO_INSTALL[plan.manager]}`,
      );
    }
    const status =
      failure.exitCode === undefined ? (error as Error).message : `exit code ${failure.exitCode}`;
    fail(
      generator,
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

async function runPlan(generator: DltGenerator, plan: InstallPlan): Promise<void> {
  const missing = missingProgram(plan);
  if (missing) fail(generator, plan, missing);
  generator.log(`Installing with ${plan.manager}: ${plan.commandLine}`);
  const before = readManifests(plan);
  for (const command of plan.commands) await runCommand(generator, plan, command);
  // the tool wrote its manifest and lock file; the summary lists them with the generated files
  for (const [path, after] of readManifests(plan)) {
    const previous = before.get(path);
    if (after === undefined || after === previous) continue;
    recordFile(
      generator.state,
      relative(generator.destinationRoot(), path),
      previous === undefined ? 'create' : 'update',
    );
  }
}
