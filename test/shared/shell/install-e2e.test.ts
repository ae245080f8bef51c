import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ProcessResult, run, toolBin } from '../../support/python.js';

const CLI = fileURLToPath(new URL('../../fixtures/install-generator/cli.js', import.meta.url));
const IMPORT_CHECK = ['-c', 'import dlt, duckdb; print(dlt.__version__)'];

/**
 * The registry these tests reach serves PyPI's simple index but not its JSON API, which Poetry
 * uses for pypi.org; a project-level source that points at the simple index works with both.
 */
const POETRY_SIMPLE_SOURCE =
  '[[tool.poetry.source]]\nname = "pypi-simple"\nurl = "https://pypi.org/simple/"\npriority = "primary"\n';

let base: string;

function project(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(base, 'project-'));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
  return root;
}

const MANAGERS = ['uv', 'poetry', 'pipenv', 'pdm'];

/** PATH with the named tools from the tools venv, and the system's folders (python3) without any other. */
function pathWith(...tools: string[]): string {
  const folder = mkdtempSync(join(base, 'bin-'));
  for (const tool of tools) symlinkSync(toolBin(tool), join(folder, tool));
  const system = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((entry) => entry !== '' && !MANAGERS.some((tool) => existsSync(join(entry, tool))));
  return [folder, ...system].join(delimiter);
}

function runCli(cwd: string, args: string[], tools: string[]): Promise<ProcessResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: pathWith(...tools),
    // the tools' environments live in the temporary project, not in the home folder
    POETRY_VIRTUALENVS_IN_PROJECT: 'true',
    PIPENV_VENV_IN_PROJECT: '1',
  };
  delete env.VIRTUAL_ENV;
  return run(process.execPath, [CLI, ...args], { cwd, env, timeoutMs: 300_000 });
}

function assertOk(result: ProcessResult): void {
  assert.equal(result.code, 0, `exit ${result.code}\n${result.stderr}`);
}

async function assertImports(cwd: string): Promise<void> {
  const python = join(cwd, '.venv/bin/python');
  const result = await run(python, IMPORT_CHECK, { cwd });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^\d+\.\d+/);
}

const read = (cwd: string, file: string) => readFileSync(join(cwd, file), 'utf8');

describe('install-step @e2e: real installs from PyPI', function () {
  this.timeout(300_000);

  before(() => {
    base = mkdtempSync(join(tmpdir(), 'dlt-install-e2e-'));
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('pip: requirements.txt merged, .venv created, dlt[duckdb] installed with the venv pip', async () => {
    const cwd = project({ 'requirements.txt': '# pipelines\n' });
    const result = await runCli(cwd, ['--requirements', 'dlt[duckdb]'], []);
    assertOk(result);
    assert.equal(read(cwd, 'requirements.txt'), '# pipelines\ndlt[duckdb]>=1.27.2\n');
    // a line per step; pip's own output only with --verbose or when it fails
    assert.match(result.stderr, /\[2\/2\] \.venv\/bin\/python -m pip install -r requirements\.txt/);
    assert.doesNotMatch(result.stderr, /Successfully installed/);
    assert.match(
      result.stderr,
      /Installed with: python3 -m venv \.venv && \.venv\/bin\/python -m pip install -r requirements\.txt/,
    );
    assert.match(result.stderr, /Run the pipeline: +\.venv\/bin\/python hello_pipeline\.py/);
    await assertImports(cwd);
  });

  it('uv: a new project gets pyproject.toml and uv.lock; --json keeps stdout to one object', async () => {
    const cwd = project();
    const result = await runCli(cwd, ['--yes', '--json', '--requirements', 'dlt[duckdb]'], ['uv']);
    assertOk(result);
    const summary = JSON.parse(result.stdout) as {
      packageManager: string;
      install: { command: string; ran: boolean };
      files: { path: string; action: string }[];
    };
    assert.equal(summary.packageManager, 'uv');
    assert.deepEqual(summary.install, { command: "uv add 'dlt[duckdb]>=1.27.2'", ran: true });
    const changed = summary.files.map((file) => `${file.action} ${file.path}`);
    assert.deepEqual(changed.sort(), [
      'create .dlt/.workspace',
      'create hello_pipeline.py',
      'create pyproject.toml',
      'create uv.lock',
    ]);
    // stdout holds the JSON alone: the progress line went to stderr, uv's output nowhere (no --verbose)
    assert.match(result.stderr, /\[1\/1\] uv add /);
    assert.doesNotMatch(result.stderr, /Resolved \d+ packages/);
    assert.match(read(cwd, 'pyproject.toml'), /dependencies = \[\s*"dlt\[duckdb\]>=/);
    assert.match(read(cwd, 'uv.lock'), /name = "dlt"/);
    assert.match(read(cwd, 'uv.lock'), /name = "duckdb"/);
    assert.equal(JSON.parse(read(cwd, '.yo-rc.json'))['generator-dlt'].packageManager, 'uv');
    await assertImports(cwd);
  });

  it('poetry: poetry add records dlt[duckdb] in pyproject.toml and poetry.lock', async () => {
    const cwd = project({
      'pyproject.toml': `[project]\nname = "pipes"\nversion = "0.1.0"\nrequires-python = ">=3.10,<3.15"\ndependencies = []\n\n[tool.poetry]\npackage-mode = false\n\n${POETRY_SIMPLE_SOURCE}`,
    });
    const result = await runCli(cwd, ['--requirements', 'dlt[duckdb]'], ['poetry']);
    assertOk(result);
    assert.match(result.stderr, /Installed with: poetry add 'dlt\[duckdb\]>=1\.27\.2'/);
    assert.match(read(cwd, 'pyproject.toml'), /"dlt\[duckdb\] \(>=/);
    assert.match(read(cwd, 'poetry.lock'), /name = "dlt"/);
    await assertImports(cwd);
  });

  it('pipenv: pipenv install records dlt[duckdb] in Pipfile and Pipfile.lock', async () => {
    const cwd = project({
      Pipfile:
        '[[source]]\nurl = "https://pypi.org/simple"\nverify_ssl = true\nname = "pypi"\n\n[packages]\n\n[dev-packages]\n',
    });
    const result = await runCli(cwd, ['--requirements', 'dlt[duckdb]'], ['pipenv']);
    assertOk(result);
    assert.match(result.stderr, /Installed with: pipenv install 'dlt\[duckdb\]>=1\.27\.2'/);
    assert.match(read(cwd, 'Pipfile'), /^dlt = \{.*extras = \["duckdb"\]/m);
    assert.match(read(cwd, 'Pipfile.lock'), /"dlt": \{/);
    await assertImports(cwd);
  });

  it('pdm: pdm add records dlt[duckdb] in a new pyproject.toml and pdm.lock', async function () {
    const hishel = await run(toolBin('python'), [
      '-c',
      'import importlib.metadata as m; print(m.version("hishel"))',
    ]);
    if (Number(hishel.stdout.split('.')[0]) >= 2) {
      // pdm 2.29 breaks on hishel 2 ("module 'hishel' has no attribute 'SyncSqliteStorage'")
      console.warn(
        '      skipped: the tools venv has pdm with hishel 2; pin hishel<2 in test/python/tool-requirements.txt',
      );
      this.skip();
    }
    const cwd = project();
    const result = await runCli(cwd, ['--package-manager', 'pdm', '--requirements', 'dlt[duckdb]'], ['pdm']);
    assertOk(result);
    assert.match(read(cwd, 'pyproject.toml'), /\[tool\.pdm\]\ndistribution = false/);
    assert.match(read(cwd, 'pyproject.toml'), /"dlt\[duckdb\]>=/);
    assert.match(read(cwd, 'pdm.lock'), /name = "dlt"/);
    await assertImports(cwd);
  });

  it("a failing install exits 1 with the tool's error, and the files stay", async () => {
    const cwd = project();
    const result = await runCli(
      cwd,
      ['--package-manager', 'uv', '--requirements', 'dlt-no-such-package-5f1e2d'],
      ['uv'],
    );
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /uv add dlt-no-such-package-5f1e2d failed \(exit code \d+\)/);
    assert.match(result.stderr, /dlt-no-such-package-5f1e2d.*(not found|no versions|No solution)/is);
    assert.ok(existsSync(join(cwd, 'hello_pipeline.py')));
    assert.match(read(cwd, 'pyproject.toml'), /^\[project\]/);
  });

  it('a missing tool exits 1 with the command to run; an ambiguous project exits 2 naming the option', async () => {
    const poetryProject = project({ 'poetry.lock': '', 'pyproject.toml': '[tool.poetry]\nname = "x"\n' });
    const missing = await runCli(poetryProject, [], ['uv']);
    assert.equal(missing.code, 1, missing.stderr);
    assert.match(missing.stderr, /poetry is not installed[\s\S]*poetry add 'dlt\[duckdb\]>=1\.27\.2'/);
    assert.ok(existsSync(join(poetryProject, 'hello_pipeline.py')));

    const ambiguous = project({ 'uv.lock': '', 'Pipfile.lock': '{}' });
    const stopped = await runCli(ambiguous, [], ['uv', 'pipenv']);
    assert.equal(stopped.code, 2, stopped.stderr);
    assert.match(stopped.stderr, /--package-manager uv\|pipenv/);
    assert.ok(!existsSync(join(ambiguous, 'hello_pipeline.py')));
  });
});
