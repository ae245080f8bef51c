import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGenerator, tempProject } from '../../support/cli.js';
import { type ProcessResult, queryRows, ruffProblems, run, runtimeBin } from '../../support/python.js';
import { type SampleApi, startSampleApi } from '../../support/sample-api.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/custom/tiny_crm', import.meta.url));
const PYTHON_FILES = ['crm_pipeline.py', 'tests/test_crm_pipeline.py', 'conftest.py'];

function assertOk(result: ProcessResult, what: string): void {
  assert.equal(result.code, 0, `${what} failed:\n${result.stdout}\n${result.stderr}`);
}

/**
 * A project virtualenv that sees the test runtime's packages (dlt, duckdb, pytest, pip) through a
 * .pth file, so that pip finds every requirement but the SDK installed already: nothing is
 * downloaded. Its own site-packages gets what the project installs.
 */
async function projectVenv(cwd: string): Promise<string> {
  assertOk(await run(runtimeBin('python'), ['-m', 'venv', '--without-pip', join(cwd, '.venv')]), 'venv');
  const python = join(cwd, '.venv/bin/python');
  const paths = 'import sysconfig; print(sysconfig.get_paths()["purelib"])';
  const runtimeSite = (await run(runtimeBin('python'), ['-c', paths])).stdout.trim();
  const venvSite = (await run(python, ['-c', paths])).stdout.trim();
  writeFileSync(join(venvSite, 'runtime.pth'), `${runtimeSite}\n`);
  return python;
}

/** Writes the values the API expects where the generator left placeholders; fails when one is missing. */
function fillIn(cwd: string, file: string, values: Record<string, string>): void {
  const path = join(cwd, '.dlt', file);
  let text = readFileSync(path, 'utf8');
  for (const [key, value] of Object.entries(values)) {
    const line = new RegExp(`^${key} = .*$`, 'm');
    assert.match(text, line, `${file} has no ${key}:\n${text}`);
    text = text.replace(line, `${key} = ${JSON.stringify(value)}`);
  }
  writeFileSync(path, text);
}

const read = (cwd: string, path: string) => readFileSync(join(cwd, path), 'utf8');

const CRM_ARGS = ['--yes', '--pipeline-name', 'crm', '--reader', 'package', '--package', 'tiny-crm'];

describe('dlt:custom reads an installed SDK @e2e', function () {
  this.timeout(240_000);
  let api: SampleApi;
  let wheels: string;
  /** The project whose install step installed tiny-crm (the first test). */
  let installed: string;

  before(async () => {
    api = await startSampleApi();
    // tiny-crm built once from its source (the runtime's setuptools, no build isolation: offline)
    const source = tempProject('dlt-sdk-source-');
    cpSync(FIXTURE, source, { recursive: true });
    wheels = tempProject('dlt-sdk-wheels-');
    assertOk(
      await run(runtimeBin('python'), [
        ...['-m', 'pip', 'wheel', '--no-build-isolation', '--no-deps', '--no-index', '--quiet'],
        ...[source, '-w', wheels],
      ]),
      'building tiny-crm',
    );
  });
  after(async () => {
    await api.close();
  });

  it('pip: the install step installs the SDK, then the script is rewritten with its real client; every row loads', async () => {
    const cwd = tempProject('dlt-sdk-pip-');
    installed = cwd;
    const python = await projectVenv(cwd);
    const env: NodeJS.ProcessEnv = { PIP_NO_INDEX: '1', PIP_FIND_LINKS: wheels, VIRTUAL_ENV: '' };
    const result = await runGenerator(
      'custom',
      [...CRM_ARGS, '--resources', 'records:merge:id', '--package-manager', 'pip', '--no-dashboard'],
      cwd,
      env,
    );
    assertOk(result, 'the generator');

    const script = read(cwd, 'crm_pipeline.py');
    assert.match(
      script,
      /client = tiny_crm\.TinyCrmClient\(\n {8}domain=domain,\n {8}username=username,\n {8}password=password,\n {8}security_token=security_token,\n {4}\)/,
    );
    assert.match(script, /yield from pages\(client\.list_records\(\)\)/);
    assert.doesNotMatch(script, /adapt/);
    assert.doesNotMatch(read(cwd, 'tests/test_crm_pipeline.py'), /does not exist/);
    // the guessed api_key placeholder this run wrote before the install is gone
    assert.equal(
      read(cwd, '.dlt/secrets.toml').replace(/^#.*\n/gm, ''),
      '\n[sources.crm]\nusername = "<configure me>"\npassword = "<configure me>"\nsecurity_token = "<configure me>"\n',
    );
    assert.match(read(cwd, '.dlt/config.toml'), /\[sources\.crm\]\ndomain = "login"\n/);
    assert.match(
      result.stderr,
      /Read the installed tiny_crm 1\.0\.0: crm_pipeline\.py creates tiny_crm\.TinyCrmClient/,
    );
    assert.match(result.stderr, /\.dlt\/secrets\.toml \[sources\.crm\] security_token/);
    assert.doesNotMatch(result.stderr, /api_key|Check the lines marked "adapt"/);
    const stored = JSON.parse(read(cwd, '.yo-rc.json'))['generator-dlt'].generators.custom;
    assert.equal(stored.packageClient, 'TinyCrmClient');
    assert.equal(stored.secrets, 'username,password,security_token');
    assert.equal(await ruffProblems(cwd, PYTHON_FILES), '');

    fillIn(cwd, 'secrets.toml', {
      username: api.credentials.username,
      password: api.credentials.password,
      security_token: 'a-token',
    });
    fillIn(cwd, 'config.toml', { domain: api.url });
    const dataDir = { DLT_DATA_DIR: join(cwd, '.dlt-data') };
    assertOk(
      await run(python, ['crm_pipeline.py'], { cwd, env: { ...process.env, ...dataDir } }),
      'the pipeline',
    );
    const loaded = await queryRows(cwd, 'crm', 'SELECT id, name, status FROM records ORDER BY id');
    assert.deepEqual(
      loaded,
      api.items().map((item) => [item.id, item.name, item.status]),
    );
    const smoke = await run(
      python,
      ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests/test_crm_pipeline.py'],
      {
        cwd,
        env: { ...process.env, ...dataDir },
      },
    );
    assertOk(smoke, 'the smoke test');
    assert.match(smoke.stdout, /1 passed/);
  });

  it('an environment that has the SDK already: read before writing; one without it: the guess, said in the summary', async () => {
    const cwd = tempProject('dlt-sdk-ready-');
    const env = { VIRTUAL_ENV: join(installed, '.venv') };
    const ready = await runGenerator('custom', [...CRM_ARGS, '--skip-install', '--no-dashboard'], cwd, env);
    assertOk(ready, 'the generator');
    assert.match(read(cwd, 'crm_pipeline.py'), /tiny_crm\.TinyCrmClient\(/);
    // the default resource (items) gets the client's only listing method
    assert.match(
      read(cwd, 'crm_pipeline.py'),
      /def items\(\)[\s\S]*yield from pages\(client\.list_records\(\)\)/,
    );
    assert.equal(await ruffProblems(cwd, PYTHON_FILES), '');

    // a resource the client has no method for keeps its guessed call; the smoke test skips on it
    const partly = tempProject('dlt-sdk-partly-');
    const guessedCall = await runGenerator(
      'custom',
      [...CRM_ARGS, '--resources', 'records:merge:id, accounts', '--skip-install', '--no-dashboard'],
      partly,
      env,
    );
    assertOk(guessedCall, 'the generator');
    assert.match(read(partly, 'crm_pipeline.py'), /# adapt: the tiny_crm call that lists accounts/);
    assert.equal(await ruffProblems(partly, PYTHON_FILES), '');
    const skipped = await run(
      join(installed, '.venv/bin/python'),
      ['-m', 'pytest', '-rs', '-p', 'no:cacheprovider', 'tests/test_crm_pipeline.py'],
      { cwd: partly },
    );
    assertOk(skipped, 'the smoke test');
    assert.match(skipped.stdout, /1 skipped/);
    assert.match(skipped.stdout, /accounts is a guess: adapt the lines marked 'adapt' in crm_pipeline\.py/);

    const bare = tempProject('dlt-sdk-bare-');
    await projectVenv(bare);
    const guessed = await runGenerator('custom', [...CRM_ARGS, '--skip-install', '--no-dashboard'], bare, {
      VIRTUAL_ENV: '',
    });
    assertOk(guessed, 'the generator');
    assert.match(
      read(bare, 'crm_pipeline.py'),
      /# adapt: how tiny_crm creates a client[\s\S]*tiny_crm\.Client\(api_key=api_key\)/,
    );
    assert.match(
      guessed.stderr.replace(/\s+/g, ' '),
      /tiny_crm's client was not read \(tiny_crm is not importable \(No module named 'tiny_crm'\)\): crm_pipeline\.py guesses/,
    );
  });
});
