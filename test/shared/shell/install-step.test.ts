import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import helpers from 'yeoman-test';
import { isUsageError } from '../../../shared/plan/errors.js';
import type { RunState } from '../../../shared/plan/run-state.js';
import type { DltGenerator } from '../../../shared/shell/dlt-generator.js';
import { run } from '../../support/python.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/install-generator/generator.js', import.meta.url));
const FIXTURE_CLI = fileURLToPath(new URL('../../fixtures/install-generator/cli.js', import.meta.url));
const TOOLS = ['uv', 'poetry', 'pipenv', 'pdm', 'python3'] as const;

/**
 * Stand-ins for the package managers: each logs how it was called (program, arguments, folder) as
 * one JSON line, prints a line, and exits with FAKE_TOOL_EXIT. They run through the real spawn.
 */
const FAKE_TOOL = `#!${process.execPath}
const { appendFileSync, copyFileSync, mkdirSync } = require('node:fs');
const { basename, join } = require('node:path');
const args = process.argv.slice(2);
appendFileSync(process.env.FAKE_TOOL_LOG, JSON.stringify({ tool: basename(process.argv[1]), args, cwd: process.cwd() }) + '\\n');
if (args[0] === '-m' && args[1] === 'venv') {
  mkdirSync(join(args[2], 'bin'), { recursive: true });
  copyFileSync(process.argv[1], join(args[2], 'bin', 'python'));
}
console.log('fake ' + basename(process.argv[1]) + ' says hello');
if (process.env.FAKE_TOOL_EXIT) console.error('fake failure: no such package');
const finish = () => process.exit(Number(process.env.FAKE_TOOL_EXIT || 0));
if (process.env.FAKE_TOOL_SLEEP) setTimeout(finish, Number(process.env.FAKE_TOOL_SLEEP));
else finish();
`;

interface ToolCall {
  tool: string;
  args: string[];
  cwd: string;
}

let base: string;
let log: string;
let savedEnv: NodeJS.ProcessEnv;

/** A folder holding only the fake tools named, to put first on PATH. */
function toolsOnPath(...names: readonly string[]): string {
  const folder = mkdtempSync(join(base, 'bin-'));
  for (const name of names) {
    writeFileSync(join(folder, name), FAKE_TOOL);
    chmodSync(join(folder, name), 0o755);
  }
  return folder;
}

function usePath(folder: string): void {
  // only the fake tools and node's own folder: no real uv, poetry... can be found
  process.env.PATH = [folder, dirname(process.execPath)].join(delimiter);
}

function project(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(base, 'project-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function calls(): ToolCall[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ToolCall);
}

interface FixtureRun {
  cwd: string;
  options?: Record<string, unknown>;
  answers?: Record<string, unknown>;
  dryRun?: boolean;
}

async function runFixture({ cwd, options = {}, answers, dryRun }: FixtureRun) {
  let context = helpers
    // the generator works in `cwd`; yeoman-test's own temporary folder only hosts the process
    .run(FIXTURE, {}, dryRun ? { dryRun: true } : {})
    .withOptions({ skipInstall: false, destinationRoot: cwd, ...options } as never);
  if (answers) context = context.withAnswers(answers);
  const result = await context;
  return { result, state: (result.generator as unknown as DltGenerator).state as RunState };
}

async function rejection(run: Promise<unknown>): Promise<Error> {
  try {
    await run;
  } catch (error) {
    return error as Error;
  }
  assert.fail('the run should have failed');
}

const yoRc = (cwd: string) => JSON.parse(readFileSync(join(cwd, '.yo-rc.json'), 'utf8'))['generator-dlt'];

describe('install-step: one install per run, with the project tool', () => {
  before(() => {
    savedEnv = { ...process.env };
    base = mkdtempSync(join(tmpdir(), 'dlt-install-'));
    mkdirSync(join(base, '.git')); // the walk-up stops here, whatever lies in the temp folder
    log = join(base, 'calls.jsonl');
    process.env.FAKE_TOOL_LOG = log;
  });
  beforeEach(() => {
    rmSync(log, { force: true });
    delete process.env.VIRTUAL_ENV;
    delete process.env.FAKE_TOOL_EXIT;
    delete process.env.FAKE_TOOL_SLEEP;
    usePath(toolsOnPath(...TOOLS));
  });
  after(() => {
    process.env = savedEnv;
    rmSync(base, { recursive: true, force: true });
  });

  it('runs the tool once for all generators, with one dlt carrying every extra', async () => {
    const cwd = project({ 'uv.lock': '', 'pyproject.toml': '[project]\nname = "x"\ndependencies = []\n' });
    const { state } = await runFixture({
      cwd,
      options: { requirements: 'dlt[duckdb]', also: 'dlt[workspace] requests' },
    });
    assert.deepEqual(calls(), [
      { tool: 'uv', args: ['add', 'dlt[duckdb,workspace]>=1.27.2', 'requests'], cwd },
    ]);
    assert.equal(state.packageManager, 'uv');
    assert.equal(state.installCommand, "uv add 'dlt[duckdb,workspace]>=1.27.2' requests");
    assert.equal(state.installed, true);
    assert.equal(state.runPrefix, 'uv run python');
    assert.deepEqual(state.requirements, ['dlt[duckdb,workspace]>=1.27.2', 'requests']);
    assert.ok(existsSync(join(cwd, 'second.py')), 'the composed generator wrote its file');
  });

  it('adds dev requirements with the tool dev flag', async () => {
    const cwd = project({ 'poetry.lock': '', 'pyproject.toml': '[tool.poetry]\nname = "x"\n' });
    await runFixture({ cwd, options: { requirements: 'dlt[duckdb]', devRequirements: 'pytest' } });
    assert.deepEqual(
      calls().map((c) => [c.tool, ...c.args]),
      [
        ['poetry', 'add', 'dlt[duckdb]>=1.27.2'],
        ['poetry', 'add', '--group', 'dev', 'pytest'],
      ],
    );
  });

  it('runs the tool in the project root when the generator runs in a subfolder', async () => {
    const root = project({ Pipfile: '[packages]\n', 'pipelines/.keep': '' });
    const { state } = await runFixture({ cwd: join(root, 'pipelines') });
    assert.deepEqual(calls(), [{ tool: 'pipenv', args: ['install', 'dlt[duckdb]>=1.27.2'], cwd: root }]);
    assert.equal(state.installCommand, "cd .. && pipenv install 'dlt[duckdb]>=1.27.2'");
  });

  it('pip: merges requirements.txt, creates .venv with python3, installs with the venv pip', async () => {
    const cwd = project({ 'requirements.txt': '# ours\nrequests==2.32.0  # pinned\n' });
    const { state } = await runFixture({ cwd });
    assert.equal(
      readFileSync(join(cwd, 'requirements.txt'), 'utf8'),
      '# ours\nrequests==2.32.0  # pinned\ndlt[duckdb]>=1.27.2\n',
    );
    assert.deepEqual(calls(), [
      { tool: 'python3', args: ['-m', 'venv', '.venv'], cwd },
      { tool: 'python', args: ['-m', 'pip', 'install', '-r', 'requirements.txt'], cwd },
    ]);
    assert.equal(state.files.get('requirements.txt'), 'update');
    assert.equal(state.runPrefix, '.venv/bin/python');
  });

  it('--skip-install writes requirements.txt and the command, and runs nothing', async () => {
    const cwd = project({ 'requirements.txt': 'requests\n' });
    const { state } = await runFixture({ cwd, options: { skipInstall: true } });
    assert.deepEqual(calls(), []);
    assert.equal(readFileSync(join(cwd, 'requirements.txt'), 'utf8'), 'requests\ndlt[duckdb]>=1.27.2\n');
    assert.equal(
      state.installCommand,
      'python3 -m venv .venv && .venv/bin/python -m pip install -r requirements.txt',
    );
    assert.equal(state.installed, false);
  });

  it('--skip-install adds the [project] table uv needs, leaving the other tables alone', async () => {
    const ruff = '[tool.ruff]\nline-length = 100\n';
    const cwd = project({ 'pyproject.toml': ruff });
    const { state } = await runFixture({ cwd, options: { skipInstall: true, packageManager: 'uv' } });
    const after = readFileSync(join(cwd, 'pyproject.toml'), 'utf8');
    assert.match(after, /^\[project\]\n/);
    assert.ok(after.endsWith(`\n${ruff}`));
    assert.equal(state.installCommand, "uv add 'dlt[duckdb]>=1.27.2'");
    assert.deepEqual(calls(), []);
  });

  it('--dry-run writes and runs nothing, but knows the command', async () => {
    const cwd = project({ 'uv.lock': '' });
    const { state } = await runFixture({ cwd, dryRun: true });
    assert.deepEqual(calls(), []);
    assert.ok(!existsSync(join(cwd, 'pyproject.toml')));
    assert.ok(!existsSync(join(cwd, 'hello_pipeline.py')));
    assert.ok(!existsSync(join(cwd, '.yo-rc.json')));
    assert.equal(state.installCommand, "uv add 'dlt[duckdb]>=1.27.2'");
    assert.equal(state.files.get('pyproject.toml'), 'create');
    assert.equal(state.installed, false);
  });

  it('an ambiguous project stops a run that cannot ask: exit 2, the option named, nothing written', async () => {
    const cwd = project({ 'uv.lock': '', 'poetry.lock': '' });
    const error = await rejection(runFixture({ cwd }));
    assert.ok(isUsageError(error), 'a usage error (exit 2)');
    assert.match(error.message, /--package-manager uv\|poetry/);
    assert.match(error.message, /uv\.lock \(uv\), poetry\.lock \(poetry\)/);
    assert.ok(!existsSync(join(cwd, 'hello_pipeline.py')));
    assert.ok(!existsSync(join(cwd, '.yo-rc.json')));
    assert.deepEqual(calls(), []);
  });

  it('an ambiguous project is asked about when it can ask, and the answer remembered', async () => {
    const cwd = project({ 'pyproject.toml': '[project]\nname = "x"\n' });
    const { result } = await runFixture({
      cwd,
      options: { interactive: true },
      answers: { packageManager: 'pdm' },
    });
    assert.deepEqual(
      result.askedQuestions.map((q) => q.name),
      ['packageManager'],
    );
    assert.equal(calls()[0]!.tool, 'pdm');
    assert.equal(yoRc(cwd).packageManager, 'pdm');
  });

  it('--package-manager overrides, is remembered, and settles an ambiguous project on the next run', async () => {
    const cwd = project({ 'pyproject.toml': '[project]\nname = "x"\n' });
    await runFixture({ cwd, options: { packageManager: 'PDM' } });
    assert.equal(yoRc(cwd).packageManager, 'pdm');
    rmSync(log);
    await runFixture({ cwd });
    assert.equal(calls()[0]!.tool, 'pdm');
  });

  it("the project's files beat a remembered choice that no longer fits, with a warning", async () => {
    const cwd = project({
      'uv.lock': '',
      'pyproject.toml': '[project]\nname = "x"\n',
      '.yo-rc.json': JSON.stringify({ 'generator-dlt': { packageManager: 'poetry' } }),
    });
    const { state } = await runFixture({ cwd });
    assert.equal(calls()[0]!.tool, 'uv');
    assert.match(state.warnings.join('\n'), /\.yo-rc\.json says packageManager poetry.*uv\.lock/);
  });

  it('refuses an unknown --package-manager, naming the choices', async () => {
    const cwd = project();
    const error = await rejection(runFixture({ cwd, options: { packageManager: 'conda' } }));
    assert.ok(isUsageError(error));
    assert.match(error.message, /--package-manager: "conda" is not one of: uv, poetry, pipenv, pdm, pip/);
    assert.ok(!existsSync(join(cwd, 'hello_pipeline.py')));
  });

  it('a new project is asked about in a terminal, uv offered first when it is installed', async () => {
    const cwd = project();
    const { result } = await runFixture({ cwd, options: { interactive: true } });
    assert.deepEqual(result.askedQuestions, [{ name: 'packageManager', answer: 'uv' }]);
    assert.equal(yoRc(cwd).packageManager, 'uv');
  });

  it('a new project takes uv when uv is installed, else pip', async () => {
    const withUv = project();
    await runFixture({ cwd: withUv, options: { yes: true } });
    assert.equal(calls()[0]!.tool, 'uv');
    assert.equal(yoRc(withUv).packageManager, 'uv');

    rmSync(log);
    usePath(toolsOnPath('python3'));
    const withoutUv = project();
    const { state } = await runFixture({ cwd: withoutUv, options: { yes: true } });
    assert.equal(state.packageManager, 'pip');
    assert.equal(calls()[0]!.tool, 'python3');
  });

  it('a missing tool: the command and how to get the tool, the files in place, a failed run', async () => {
    usePath(toolsOnPath('uv'));
    const cwd = project({ 'poetry.lock': '', 'pyproject.toml': '[tool.poetry]\nname = "x"\n' });
    const error = await rejection(runFixture({ cwd }));
    assert.ok(!isUsageError(error), 'exit 1, not a usage error');
    assert.match(error.message, /poetry is not installed \(not found on PATH\)/);
    assert.match(error.message, /pipx install poetry/);
    assert.match(error.message, /poetry add 'dlt\[duckdb\]>=1\.27\.2'/);
    assert.ok(existsSync(join(cwd, 'hello_pipeline.py')), 'the generated file stays');
    assert.deepEqual(calls(), []);
  });

  it("a failing install: the tool's own output in the error, the files in place", async () => {
    process.env.FAKE_TOOL_EXIT = '3';
    const cwd = project({ 'uv.lock': '' });
    const error = await rejection(runFixture({ cwd }));
    assert.match(error.message, /uv add 'dlt\[duckdb\]>=1\.27\.2' failed \(exit code 3\)/);
    assert.match(error.message, /fake failure: no such package/);
    assert.ok(existsSync(join(cwd, 'hello_pipeline.py')));
    assert.ok(existsSync(join(cwd, 'pyproject.toml')), 'the manifest change stays too');
  });

  describe('what it shows while it installs (through the command line)', () => {
    const cli = (cwd: string, args: string[] = []) =>
      run(process.execPath, [FIXTURE_CLI, '--yes', ...args], { cwd, env: { ...process.env } });

    it("a line per step; the tool's output only with --verbose, or when it fails", async () => {
      const quiet = await cli(project({ 'requirements.txt': '' }));
      assert.equal(quiet.code, 0, quiet.stderr);
      assert.match(quiet.stderr, /^ {2}\[1\/2\] python3 -m venv \.venv$/m);
      assert.match(quiet.stderr, /^ {2}\[2\/2\] \.venv\/bin\/python -m pip install -r requirements\.txt$/m);
      assert.doesNotMatch(quiet.stderr + quiet.stdout, /says hello/);

      const verbose = await cli(project({ 'requirements.txt': '' }), ['--verbose']);
      assert.equal(verbose.code, 0, verbose.stderr);
      assert.match(verbose.stderr, /fake python3 says hello/);

      process.env.FAKE_TOOL_EXIT = '3';
      const failed = await cli(project({ 'uv.lock': '' }));
      assert.equal(failed.code, 1);
      assert.match(failed.stderr, /fake uv says hello[\s\S]*fake failure: no such package/);
    });

    it('says "nothing to install" when the project declares every requirement already', async () => {
      const cwd = project({ 'requirements.txt': `dlt[duckdb]>=1.27.2\n` });
      usePath(toolsOnPath(...TOOLS));
      mkdirSync(join(cwd, '.venv/bin'), { recursive: true });
      writeFileSync(join(cwd, '.venv/bin/python'), FAKE_TOOL);
      chmodSync(join(cwd, '.venv/bin/python'), 0o755);
      const again = await cli(cwd);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /Nothing to install: the project declares every requirement already/);
      assert.deepEqual(
        calls().map((call) => call.args.slice(0, 3)),
        [['-m', 'pip', 'install']],
      );
    });

    it('Ctrl-C during the install says how to finish it', async () => {
      process.env.FAKE_TOOL_SLEEP = '30000';
      const cwd = project({ 'uv.lock': '' });
      const child = spawn(process.execPath, [FIXTURE_CLI, '--yes'], { cwd, env: { ...process.env } });
      let stderr = '';
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += String(chunk);
        if (/\[1\/1\] uv add/.test(stderr)) child.kill('SIGINT');
      });
      assert.equal(await exited, 130, stderr);
      assert.match(
        stderr,
        /Install interrupted; the generated files are in place\. To finish it, run in .*:\n {2}uv add 'dlt\[duckdb\]>=1\.27\.2'/,
      );
    });
  });

  it('a VIRTUAL_ENV without a Python is refused, never falling back to the system Python', async () => {
    process.env.VIRTUAL_ENV = project();
    const cwd = project({ 'requirements.txt': '' });
    const error = await rejection(runFixture({ cwd }));
    assert.match(error.message, /VIRTUAL_ENV is .* but it has no Python/);
    assert.deepEqual(calls(), []);
  });
});
