import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  formatCommandLine,
  pipCommands,
  requirementArgument,
  shellQuote,
  toolCommands,
} from '../../../shared/packages/commands.js';
import type { PackageManager } from '../../../shared/packages/detect.js';
import { type InstallPlan, planInstall } from '../../../shared/packages/plan.js';
import { parseRequirement } from '../../../shared/packages/requirements.js';
import { interruptedMessage } from '../../../shared/shell/install-step.js';

let base: string;

function project(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(base, 'p-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function plan(
  manager: PackageManager,
  root: string,
  requirements: string[],
  devRequirements: string[] = [],
  options: { destinationRoot?: string; env?: NodeJS.ProcessEnv } = {},
): InstallPlan {
  return planInstall({
    manager,
    root,
    destinationRoot: options.destinationRoot ?? root,
    requirements,
    devRequirements,
    env: options.env ?? {},
    read: (path) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined),
  });
}

describe('package-manager-commands: each tool its own command', () => {
  it('adds runtime and dev requirements with each tool, arguments kept apart', () => {
    const expected: Record<string, string[][]> = {
      uv: [
        ['uv', 'add', 'dlt[duckdb]', 'requests'],
        ['uv', 'add', '--dev', 'pytest'],
      ],
      poetry: [
        ['poetry', 'add', 'dlt[duckdb]', 'requests'],
        ['poetry', 'add', '--group', 'dev', 'pytest'],
      ],
      pipenv: [
        ['pipenv', 'install', 'dlt[duckdb]', 'requests'],
        ['pipenv', 'install', '--dev', 'pytest'],
      ],
      pdm: [
        ['pdm', 'add', 'dlt[duckdb]', 'requests'],
        ['pdm', 'add', '--dev', 'pytest'],
      ],
    };
    for (const [manager, commands] of Object.entries(expected)) {
      const built = toolCommands(manager as 'uv', ['dlt[duckdb]', 'requests'], ['pytest']);
      assert.deepEqual(
        built.map((c) => [c.file, ...c.args]),
        commands,
        manager,
      );
    }
  });

  it('installs what is declared when there is nothing to add', () => {
    const sync = (manager: 'uv' | 'poetry' | 'pipenv' | 'pdm') =>
      formatCommandLine(toolCommands(manager, [], []));
    assert.equal(sync('uv'), 'uv sync --inexact');
    assert.equal(sync('poetry'), 'poetry install --no-root');
    // pipenv installs [dev-packages] only with --dev
    assert.equal(sync('pipenv'), 'pipenv install --dev');
    assert.equal(sync('pdm'), 'pdm install');
  });

  it("runs pip with the venv's own interpreter, creating the venv first when missing", () => {
    const commands = pipCommands({
      python: '/p/.venv/bin/python',
      pythonShownAs: '.venv/bin/python',
      create: '.venv',
      requirementFiles: ['requirements.txt', 'requirements-dev.txt'],
    });
    assert.deepEqual(commands[0], { file: 'python3', args: ['-m', 'venv', '.venv'] });
    assert.equal(commands[1]!.file, '/p/.venv/bin/python');
    assert.equal(
      formatCommandLine(commands),
      'python3 -m venv .venv && .venv/bin/python -m pip install -r requirements.txt -r requirements-dev.txt',
    );
  });

  it('quotes for the shell only what needs it', () => {
    assert.equal(shellQuote('dlt[duckdb]'), "'dlt[duckdb]'");
    assert.equal(shellQuote('dlt>=1.26'), "'dlt>=1.26'");
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellQuote('requests'), 'requests');
    assert.equal(
      formatCommandLine([{ file: 'uv', args: ['add', 'x'] }], '../my project'),
      "cd '../my project' && uv add x",
    );
  });

  it("keeps Poetry's own constraint when it re-adds a requirement with more extras", () => {
    const reconciled = {
      requirement: parseRequirement('dlt[duckdb]'),
      nativeSpecifier: '^1.20',
      change: 'update' as const,
    };
    assert.equal(requirementArgument('poetry', reconciled), 'dlt[duckdb]@^1.20');
    assert.equal(requirementArgument('uv', reconciled), 'dlt[duckdb]>=1.20,<2');
  });
});

describe('package-manager-plan: what the install step will do', () => {
  before(() => {
    base = mkdtempSync(join(tmpdir(), 'dlt-plan-'));
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('uv in a new project: a pyproject.toml with [project], then one uv add with the merged dlt', () => {
    const root = project();
    const result = plan('uv', root, ['dlt[duckdb]', 'dlt[workspace]'], ['pytest']);
    assert.equal(result.commandLine, "uv add 'dlt[duckdb,workspace]' && uv add --dev pytest");
    assert.equal(result.runPrefix, 'uv run python');
    assert.equal(result.edits.length, 1);
    assert.equal(result.edits[0]!.path, join(root, 'pyproject.toml'));
    assert.equal(result.edits[0]!.before, undefined);
    assert.match(result.edits[0]!.after, /^\[project\]\nname = "p-/);
  });

  it('uv with a tool-settings pyproject.toml: [project] added, the rest kept', () => {
    const ruff = '[tool.ruff]\nline-length = 100\n';
    const root = project({ 'pyproject.toml': ruff });
    const [edit] = plan('uv', root, ['dlt[duckdb]']).edits;
    assert.ok(edit!.after.endsWith(`\n${ruff}`));
    assert.equal(edit!.before, ruff);
  });

  it('uv leaves a workspace root without [project] alone', () => {
    const root = project({ 'pyproject.toml': '[tool.uv.workspace]\nmembers = ["packages/*"]\n' });
    assert.deepEqual(plan('uv', root, ['dlt[duckdb]']).edits, []);
  });

  it('uv when everything is declared already: no edit, a sync that removes nothing', () => {
    const root = project({
      'pyproject.toml': '[project]\nname = "x"\nversion = "1"\ndependencies = ["dlt[duckdb]>=1.31.0"]\n',
      'uv.lock': '',
    });
    const result = plan('uv', root, ['dlt[duckdb]']);
    assert.deepEqual(result.edits, []);
    assert.equal(result.commandLine, 'uv sync --inexact');
    assert.equal(result.requirements[0]!.change, 'none');
  });

  it('uv keeps a pin of the project and adds the missing extra', () => {
    const root = project({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["dlt==1.20.0"]\n' });
    const result = plan('uv', root, ['dlt[duckdb]>=1.26']);
    assert.equal(result.commandLine, "uv add 'dlt[duckdb]==1.20.0'");
    assert.equal(result.warnings.length, 1);
  });

  it('poetry: its own constraint kept; a new project is marked as no package', () => {
    const existing =
      '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^3.11"\ndlt = "^1.28"\n';
    const result = plan('poetry', project({ 'pyproject.toml': existing }), ['dlt[duckdb]']);
    assert.deepEqual(result.edits, []);
    assert.equal(result.commandLine, "poetry add 'dlt[duckdb]@^1.28'");
    assert.equal(result.runPrefix, 'poetry run python');
    const fresh = plan('poetry', project(), ['dlt[duckdb]']);
    assert.match(fresh.edits[0]!.after, /\[tool\.poetry\]\npackage-mode = false\n/);
    assert.match(fresh.edits[0]!.after, /requires-python = ">=3\.10,<3\.15"/);
  });

  it('pdm: a new project gets [project] and distribution = false', () => {
    const result = plan('pdm', project(), ['dlt[duckdb]'], ['pytest']);
    assert.equal(result.commandLine, "pdm add 'dlt[duckdb]' && pdm add --dev pytest");
    assert.match(result.edits[0]!.after, /\[tool\.pdm\]\ndistribution = false\n/);
  });

  it('pipenv: reads the Pipfile, never writes it', () => {
    const root = project({ Pipfile: '[packages]\ndlt = "==1.20.0"\n\n[dev-packages]\npytest = "*"\n' });
    const result = plan('pipenv', root, ['dlt[duckdb]'], ['pytest', 'ruff']);
    assert.deepEqual(result.edits, []);
    assert.equal(result.commandLine, "pipenv install 'dlt[duckdb]==1.20.0' && pipenv install --dev ruff");
    assert.equal(result.runPrefix, 'pipenv run python');
  });

  it('pip in a new project: requirements.txt, a .venv, and its own pip', () => {
    const root = project();
    const result = plan('pip', root, ['dlt[duckdb]', 'dlt[workspace]']);
    assert.deepEqual(
      result.edits.map((e) => [e.path, e.before, e.after]),
      [[join(root, 'requirements.txt'), undefined, 'dlt[duckdb,workspace]\n']],
    );
    assert.equal(
      result.commandLine,
      'python3 -m venv .venv && .venv/bin/python -m pip install -r requirements.txt',
    );
    assert.deepEqual(
      result.commands.map((c) => [c.file, ...c.args]),
      [
        ['python3', '-m', 'venv', '.venv'],
        [join(root, '.venv/bin/python'), '-m', 'pip', 'install', '-r', 'requirements.txt'],
      ],
    );
    assert.equal(result.runPrefix, '.venv/bin/python');
  });

  it('pip into the active virtualenv, never the system Python', () => {
    const root = project({ 'requirements.txt': 'dlt[duckdb]\n' });
    const venv = project({ 'bin/python': '' });
    const result = plan('pip', root, ['dlt[duckdb]'], [], { env: { VIRTUAL_ENV: venv } });
    assert.deepEqual(result.edits, []);
    assert.equal(result.commandLine, `${join(venv, 'bin/python')} -m pip install -r requirements.txt`);
    assert.equal(result.runPrefix, join(venv, 'bin/python'));
  });

  it("pip uses the project's existing venv", () => {
    const root = project({ 'venv/bin/python': '' });
    const result = plan('pip', root, ['dlt']);
    assert.equal(result.commandLine, 'venv/bin/python -m pip install -r requirements.txt');
  });

  it('pip dev requirements go to requirements-dev.txt, which includes requirements.txt', () => {
    const root = project({ 'requirements.txt': '# app\ndlt[duckdb]\npytest\n' });
    const result = plan('pip', root, ['dlt[duckdb]'], ['pytest', 'ruff']);
    assert.deepEqual(
      result.edits.map((e) => [e.path, e.after]),
      [[join(root, 'requirements-dev.txt'), '-r requirements.txt\nruff\n']],
    );
    assert.match(result.commandLine, /pip install -r requirements.txt -r requirements-dev.txt$/);
  });

  it('pip merges into an existing dev requirements file by its own name', () => {
    const root = project({ 'dev-requirements.txt': 'black\n' });
    const result = plan('pip', root, [], ['ruff']);
    assert.deepEqual(
      result.edits.map((e) => [e.path, e.after]),
      [[join(root, 'dev-requirements.txt'), 'black\nruff\n']],
    );
    assert.match(result.commandLine, /pip install -r dev-requirements.txt$/);
  });

  it('pip: a run that declares no dev requirement installs the declared dev file too', () => {
    const root = project({
      'requirements.txt': 'dlt[duckdb]>=1.26.0\n',
      'requirements-dev.txt': '-r requirements.txt\npytest\n',
      '.venv/bin/python': '',
    });
    const result = plan('pip', root, ['dlt[duckdb]']);
    assert.deepEqual(result.edits, []);
    assert.equal(
      result.commandLine,
      '.venv/bin/python -m pip install -r requirements.txt -r requirements-dev.txt',
    );
  });

  it('Ctrl-C: names the interrupted command and every one after it, the dev install included', () => {
    const root = project();
    const result = plan('uv', root, ['dlt[duckdb]'], ['pytest']);
    assert.equal(
      interruptedMessage(result, 0),
      `\nInstall interrupted; the generated files are in place. To finish it, run in ${root}:\n` +
        "  uv add 'dlt[duckdb]' && uv add --dev pytest",
    );
    assert.match(interruptedMessage(result, 1), /:\n {2}uv add --dev pytest$/);
  });

  it('shows the command from where the generator runs, when the project root is above it', () => {
    const root = project({ 'requirements.txt': '', 'pipelines/.keep': '' });
    const result = plan('pip', root, ['dlt'], [], { destinationRoot: join(root, 'pipelines') });
    assert.match(result.commandLine, /^cd \.\. && python3 -m venv \.venv && /);
    assert.equal(result.runPrefix, '../.venv/bin/python');
  });

  it('warns when requirements.txt is generated by pip-compile', () => {
    const root = project({
      'requirements.txt': '#\n# This file is autogenerated by pip-compile\n#\nrequests==2.0\n',
    });
    assert.match(plan('pip', root, ['dlt']).warnings.join('\n'), /pip-compile/);
  });
});
