import { shellQuote } from '../../shared/packages/commands.js';
import type { PackageManager } from '../../shared/packages/detect.js';
import { CHECKOUT, RUNNER, SETUP_PYTHON, SETUP_UV, usesLine } from './actions.js';
import type { SecretVariable } from './secrets.js';

export interface WorkflowSpec {
  pipelineName: string;
  /** The script, relative to the project folder. */
  script: string;
  schedule: string;
  packageManager: PackageManager;
  /** The project folder relative to the repository root; '' when it is the root. */
  workingDirectory: string;
  /** The project pins its Python in .python-version (setup-python and uv read it). */
  pythonVersionFile: boolean;
  /** The Python to set up when there is no .python-version: the project's (see python-version.ts). */
  pythonVersion: string;
  /** The project's lock file, when it has one: the install must match it. */
  locked: boolean;
  /** pip: the requirement files to install, relative to the project folder. */
  requirementFiles: string[];
  secrets: readonly SecretVariable[];
  /** The dlt workspace profile the run uses. */
  profile?: string;
}

/** A YAML double-quoted scalar (JSON strings are valid YAML). */
const q = (text: string) => JSON.stringify(text);

interface Step {
  name: string;
  uses?: string;
  with?: Record<string, string>;
  run?: string;
  env?: Record<string, string>;
}

function setupSteps(spec: WorkflowSpec): Step[] {
  const python: Record<string, string> = spec.pythonVersionFile
    ? {
        'python-version-file': spec.workingDirectory
          ? `${spec.workingDirectory}/.python-version`
          : '.python-version',
      }
    : { 'python-version': spec.pythonVersion };
  if (spec.packageManager === 'uv') {
    return [
      {
        name: 'Set up uv',
        uses: usesLine(SETUP_UV),
        with: {
          ...(spec.pythonVersionFile ? {} : { 'python-version': spec.pythonVersion }),
          ...(spec.workingDirectory ? { 'working-directory': spec.workingDirectory } : {}),
        },
      },
      { name: 'Install the dependencies', run: `uv sync --no-dev${spec.locked ? ' --locked' : ''}` },
    ];
  }
  const setupPython: Step = { name: 'Set up Python', uses: usesLine(SETUP_PYTHON), with: python };
  switch (spec.packageManager) {
    case 'poetry':
      return [
        setupPython,
        { name: 'Install Poetry', run: 'pipx install poetry' },
        { name: 'Install the dependencies', run: 'poetry install --no-root --only main' },
      ];
    case 'pipenv':
      return [
        setupPython,
        { name: 'Install Pipenv', run: 'pipx install pipenv' },
        { name: 'Install the dependencies', run: spec.locked ? 'pipenv install --deploy' : 'pipenv install' },
      ];
    case 'pdm':
      return [
        setupPython,
        { name: 'Install PDM', run: 'pipx install pdm' },
        {
          name: 'Install the dependencies',
          run: `pdm install --prod${spec.locked ? ' --frozen-lockfile' : ''}`,
        },
      ];
    default:
      return [
        setupPython,
        {
          name: 'Install the dependencies',
          run: `python -m pip install ${spec.requirementFiles.map((file) => `-r ${shellQuote(file)}`).join(' ')}`,
        },
      ];
  }
}

const RUNNERS: Record<PackageManager, string> = {
  uv: 'uv run --no-sync python',
  poetry: 'poetry run python',
  pipenv: 'pipenv run python',
  pdm: 'pdm run python',
  pip: 'python',
};

function renderStep(step: Step): string[] {
  const lines = [`      - name: ${q(step.name)}`];
  if (step.uses) lines.push(`        uses: ${step.uses}`);
  if (step.with && Object.keys(step.with).length > 0) {
    lines.push('        with:');
    for (const [key, value] of Object.entries(step.with))
      lines.push(`          ${key}: ${value === 'false' || value === 'true' ? value : q(value)}`);
  }
  if (step.run) lines.push(`        run: ${step.run}`);
  if (step.env && Object.keys(step.env).length > 0) {
    lines.push('        env:');
    for (const [key, value] of Object.entries(step.env)) lines.push(`          ${key}: ${value}`);
  }
  return lines;
}

/**
 * `.github/workflows/<pipeline>.yml`: the pipeline on a schedule and on demand, with the project's
 * own package manager, read-only permissions, actions pinned by SHA, checkout credentials not kept
 * on disk, and one run of the pipeline at a time (a scheduled run waits for a manual one).
 * Secrets reach the run as the environment variables dlt reads, from the repository's secrets.
 */
export function renderWorkflow(spec: WorkflowSpec): string {
  const env = {
    ...(spec.profile ? { WORKSPACE__PROFILE: q(spec.profile) } : {}),
    ...Object.fromEntries(spec.secrets.map(({ name }) => [name, `\${{ secrets.${name} }}`])),
  };
  const steps: Step[] = [
    { name: 'Check out the repository', uses: usesLine(CHECKOUT), with: { 'persist-credentials': 'false' } },
    ...setupSteps(spec),
    { name: `Run ${spec.script}`, run: `${RUNNERS[spec.packageManager]} ${shellQuote(spec.script)}`, env },
  ];
  const header = [
    `# Runs the dlt pipeline "${spec.pipelineName}" (${spec.script}) on a schedule and on demand.`,
    '# Written by yo dlt:deploy. Its secrets come from the repository secrets of the same names:',
    ...(spec.secrets.length > 0
      ? spec.secrets.map(({ name }) => `#   gh secret set ${name}`)
      : ['#   (the pipeline reads no secrets)']),
  ];
  const lines = [
    ...header,
    `name: ${q(`dlt pipeline ${spec.pipelineName}`)}`,
    '',
    'on:',
    '  schedule:',
    `    - cron: ${q(spec.schedule)}`,
    '  workflow_dispatch:',
    '',
    'permissions:',
    '  contents: read',
    '',
    '# one run of this pipeline at a time: a second one waits instead of loading the same data twice',
    'concurrency:',
    `  group: ${q(`dlt-pipeline-${spec.pipelineName}`)}`,
    '  cancel-in-progress: false',
    '',
    'jobs:',
    '  run-pipeline:',
    `    name: ${q(`Load ${spec.pipelineName}`)}`,
    `    runs-on: ${RUNNER}`,
    '    timeout-minutes: 120',
    ...(spec.workingDirectory
      ? ['    defaults:', '      run:', `        working-directory: ${q(spec.workingDirectory)}`]
      : []),
    '    steps:',
    ...steps.flatMap(renderStep),
  ];
  return `${lines.join('\n')}\n`;
}
