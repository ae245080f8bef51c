import { dlthubCommandLine, dltPipelineCommand } from '../packages/run-prefix.js';
import type { ProjectContext } from '../plan/context.js';
import type { RunState } from '../plan/run-state.js';
import { type Placeholder, unfilledPlaceholders } from '../toml/placeholders.js';
import { PLAIN_TOML_FILES, tomlFiles } from '../toml/profile-files.js';

export interface RunSummary {
  dryRun: boolean;
  /** The project is a dlt workspace: its pipeline state and DuckDB files stay in its .dlt folder. */
  workspace: boolean;
  /** The workspace profile whose files got this run's settings and secrets (--profile). */
  profile?: string;
  files: { path: string; action: string }[];
  toml: { file: string; table: string; key: string; action: string }[];
  placeholders: Placeholder[];
  requirements: string[];
  devRequirements: string[];
  packageManager?: string;
  /** How to run a script in the project's environment (`uv run python`, `.venv/bin/python` ...). */
  runPrefix: string;
  install: { command?: string; ran: boolean };
  pipelines: {
    name: string;
    script: string;
    datasetName?: string;
    destination?: string;
    run: string;
    show: string;
  }[];
  warnings: string[];
  /** What the run found out about the API (the probe's findings per resource). */
  detected: string[];
  nextSteps: string[];
  /** What the user should know about what gets installed (dlthub's licence). */
  notices: string[];
}

/** Said once when the requirements bring dlthub (dlt's `hub` extra), which is not open source. */
export const DLTHUB_NOTICE =
  'dlt[hub] (for the dashboard) installs dlthub, licensed under the dltHub Software EULA ' +
  '(https://dlthub.com/docs/plus/EULA), not an open-source licence; --no-dashboard leaves it out.';

const bringsDlthub = (requirement: string) => /^dlt\[[^\]]*\bhub\b[^\]]*\]/.test(requirement);

let jsonPrinted = false;

/** Whether this process has printed its one --json object already (a failing install prints it). */
export function jsonSummaryPrinted(): boolean {
  return jsonPrinted;
}

/** What `yo dlt --run` did: the rows per table it loaded, or why it did not run. */
export interface RunOutcome {
  pipeline: string;
  ran: boolean;
  loaded?: Record<string, number>;
  reason?: string;
}

/**
 * What the summary reads of the project: its files as the run left them, whether it was a dry
 * run, and whether the dashboard's packages are installed (--no-dashboard: they are not).
 */
export type SummaryContext = Pick<ProjectContext, 'read' | 'dryRun'> & { dashboard: boolean };

/**
 * A command as the summary prints it: under the run's --profile, whose files got the pipeline's
 * settings and secrets (under dlt's default dev profile it would not find them).
 */
export function underProfile(profile: string | undefined, command: string): string {
  if (!profile) return command;
  // `. .venv/bin/activate && python -m dlt ...`: the variable goes to the command that runs dlt
  const at = command.lastIndexOf('&& ');
  const head = at < 0 ? '' : command.slice(0, at + 3);
  return `${head}WORKSPACE__PROFILE=${profile} ${command.slice(head.length)}`;
}

export function buildSummary(state: RunState, context: SummaryContext): RunSummary {
  const files = [PLAIN_TOML_FILES, ...(state.profile ? [tomlFiles(state.profile)] : [])].flatMap(
    ({ config, secrets }) => [config, secrets],
  );
  const texts = files.map((file) => context.read(file) ?? '');
  const placeholders = unfilledPlaceholders(files.map((file, index) => ({ file, text: texts[index]! })));
  const runPrefix = state.runPrefix ?? 'python';
  const workspace = state.workspace === true;
  const look = context.dashboard ? 'show' : 'info';
  return {
    dryRun: context.dryRun,
    workspace,
    ...(state.profile ? { profile: state.profile } : {}),
    files: [...state.files]
      .filter(([, action]) => action !== 'identical')
      .map(([path, action]) => ({ path, action })),
    toml: state.toml.map((change) => ({ ...change })),
    placeholders,
    requirements: [...state.requirements],
    devRequirements: [...state.devRequirements],
    packageManager: state.packageManager,
    runPrefix,
    install: { command: state.installCommand, ran: state.installed },
    pipelines: state.pipelines.map((pipeline) => ({
      ...pipeline,
      run: underProfile(state.profile, `${runPrefix} ${pipeline.script}`),
      // without the dashboard's packages (--no-dashboard) `show` cannot start; `info` needs none
      show: underProfile(state.profile, dltPipelineCommand(runPrefix, pipeline.name, look)),
    })),
    warnings: [...state.warnings],
    detected: [...state.detected],
    nextSteps: [...state.nextSteps],
    notices: state.requirements.some(bringsDlthub) ? [DLTHUB_NOTICE] : [],
  };
}

export function formatSummary(summary: RunSummary): string {
  const lines: string[] = [];
  const verb = summary.dryRun ? 'Would write' : 'Wrote';
  if (summary.files.length > 0) {
    lines.push(`${verb}:`);
    for (const file of summary.files) lines.push(`  ${file.action.padEnd(8)} ${file.path}`);
  } else {
    lines.push(summary.dryRun ? 'Would change no files.' : 'No files changed.');
  }
  const set = summary.toml.filter((change) => change.action === 'added' || change.action === 'updated');
  if (summary.dryRun && set.length > 0) {
    // the keys only: a secret's value is never printed (the diff above masks it)
    lines.push('Would set these TOML keys:');
    for (const c of set) lines.push(`  ${c.action.padEnd(8)} ${c.file} [${c.table}] ${c.key}`);
  }
  const conflicts = summary.toml.filter((change) => change.action === 'conflict');
  if (conflicts.length > 0) {
    lines.push('Kept your values (a different one was proposed; rerun with --force to take it):');
    for (const c of conflicts) lines.push(`  ${c.file} [${c.table}] ${c.key}`);
  }
  if (summary.requirements.length > 0) {
    lines.push(`Requirements: ${summary.requirements.join(' ')}`);
  }
  if (summary.devRequirements.length > 0) {
    lines.push(`Development requirements: ${summary.devRequirements.join(' ')}`);
  }
  for (const notice of summary.notices) lines.push(`Note: ${notice}`);
  if (summary.install.command) {
    lines.push(
      summary.install.ran
        ? `Installed with: ${summary.install.command}`
        : `Install with: ${summary.install.command}`,
    );
  }
  if (summary.placeholders.length > 0) {
    lines.push('Fill in before running:');
    for (const p of summary.placeholders) lines.push(`  ${p.file} [${p.table}] ${p.key}`);
  }
  for (const step of summary.nextSteps) lines.push(step);
  if (summary.profile) {
    const { config, secrets } = tomlFiles(summary.profile);
    // only the profile's files this run wrote: a run with no secret writes no secrets file
    const written = [config, secrets].filter((file) => summary.files.some(({ path }) => path === file));
    if (written.length > 0) {
      lines.push(
        `Settings${written.includes(secrets) ? ' and secrets' : ''} went to the ${summary.profile} profile ` +
          `(${written.join(', ')}); dlt reads them before the plain files when ${summary.profile} is the active profile.`,
      );
    }
    const plain: string[] = [PLAIN_TOML_FILES.config, PLAIN_TOML_FILES.secrets];
    const everyProfile = summary.toml.filter(
      (change) => plain.includes(change.file) && (change.action === 'added' || change.action === 'updated'),
    );
    if (everyProfile.length > 0) {
      lines.push(
        `For every profile (the plain files): ${everyProfile.map((c) => `${c.file} [${c.table}] ${c.key}`).join(', ')}.`,
      );
    }
  }
  for (const pipeline of summary.pipelines) {
    lines.push(`Run the pipeline:   ${pipeline.run}`);
    lines.push(`See what it loaded: ${pipeline.show}`);
  }
  if (summary.workspace && summary.profile && summary.pipelines.length > 0) {
    lines.push(
      `From the project folder dlt runs it as a workspace, with the dev profile unless told otherwise: the commands ` +
        `above run it under ${summary.profile}, which holds this run's settings (or pin it: ` +
        `${dlthubCommandLine(summary.runPrefix)} local profile use ${summary.profile}).`,
    );
  } else if (summary.workspace && (summary.pipelines.length > 0 || summary.profile)) {
    const profile = summary.profile ?? 'prod';
    const run = summary.pipelines[0]?.run ?? `${summary.runPrefix} <name>_pipeline.py`;
    lines.push(
      `From the project folder dlt runs it as a workspace, with the dev profile; under ${profile}: ` +
        `WORKSPACE__PROFILE=${profile} ${run} (or pin it: ${dlthubCommandLine(summary.runPrefix)} local profile use ${profile}).`,
    );
  }
  for (const warning of summary.warnings) lines.push(`Warning: ${warning}`);
  return lines.join('\n');
}

/** Prints the end-of-run summary once per run: as text on stderr, or as JSON on stdout with --json. */
export function printSummary(
  state: RunState,
  context: SummaryContext & Pick<ProjectContext, 'log'> & { json: boolean },
  extra: { run?: RunOutcome } = {},
): void {
  if (state.summaryDone) return;
  state.summaryDone = true;
  const summary = { ...buildSummary(state, context), ...extra };
  if (context.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    jsonPrinted = true;
  } else context.log(formatSummary(summary));
}
