import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runGenerator, tempProject } from '../../support/cli.js';

/** A pipeline script as users write them: a source, a pipeline, one run. */
const script = (name: string, source = `${name}_source`) => `import dlt


@dlt.source
def ${source}(api_key: str = dlt.secrets.value):
    @dlt.resource
    def rows():
        yield [{"id": 1}]

    return rows


if __name__ == "__main__":
    pipeline = dlt.pipeline(pipeline_name="${name}", destination="duckdb", dataset_name="${name}_data")
    pipeline.run(${source}())
`;

function project(files: Record<string, string>): string {
  const cwd = tempProject('dlt-deploy-cli-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(cwd, path, '..'), { recursive: true });
    writeFileSync(join(cwd, path), text);
  }
  return cwd;
}

const SECRETS =
  '[sources.shop_pipeline]\napi_key = "k_live_123"\n\n[sources.crm_pipeline]\napi_key = "crm_456"\n';
const deploy = (cwd: string, args: readonly string[]) =>
  runGenerator('deploy', ['--yes', '--skip-install', '--package-manager', 'pip', ...args], cwd);

describe('dlt:deploy from the command line', () => {
  it('with no pipeline in the project: exit 2, saying so, nothing written', async () => {
    const cwd = project({ 'notes.py': 'print("hello")\n' });
    const run = await deploy(cwd, []);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /no dlt pipeline found/);
    assert.deepEqual(readdirSync(cwd), ['notes.py']);
  });

  it('picks the one pipeline (tests are not pipelines) and lists the secrets to create, without values', async () => {
    const cwd = project({
      'shop_pipeline.py': script('shop'),
      'tests/test_shop.py': script('shop_test_run'),
      '.dlt/secrets.toml': SECRETS,
    });
    const run = await deploy(cwd, ['--schedule', '30 4 * * 1']);
    assert.equal(run.code, 0, run.stderr);
    const workflow = readFileSync(join(cwd, '.github/workflows/shop.yml'), 'utf8');
    assert.match(workflow, /cron: "30 4 \* \* 1"/);
    assert.match(
      workflow,
      /SOURCES__SHOP_PIPELINE__API_KEY: \$\{\{ secrets\.SOURCES__SHOP_PIPELINE__API_KEY \}\}/,
    );
    // crm_pipeline is not a section this script reads, but no other pipeline claims it either
    assert.match(workflow, /SOURCES__CRM_PIPELINE__API_KEY/);
    assert.match(run.stderr, /gh secret set SOURCES__SHOP_PIPELINE__API_KEY\n/);
    for (const output of [workflow, run.stdout, run.stderr]) {
      assert.ok(!output.includes('k_live_123') && !output.includes('crm_456'));
    }
  });

  it("sets up the project's Python: its environment's, else requires-python's lowest, else .python-version's file", async () => {
    const venv = project({
      'shop_pipeline.py': script('shop'),
      '.venv/bin/python': '',
      '.venv/pyvenv.cfg': 'home = /usr/bin\nversion = 3.11.7\n',
      'pyproject.toml': '[project]\nname = "shop"\nrequires-python = ">=3.10,<3.15"\n',
    });
    const declared = project({
      'shop_pipeline.py': script('shop'),
      'pyproject.toml': '[project]\nname = "shop"\nrequires-python = ">=3.12,<3.15"\n',
    });
    const pinned = project({ 'shop_pipeline.py': script('shop'), '.python-version': '3.13\n' });
    const expected: [string, RegExp][] = [
      [venv, /python-version: "3\.11"/],
      [declared, /python-version: "3\.12"/],
      [pinned, /python-version-file: "?\.python-version"?/],
    ];
    for (const [cwd, setup] of expected) {
      const run = await deploy(cwd, ['--target', 'github-actions']);
      assert.equal(run.code, 0, run.stderr);
      const workflow = readFileSync(join(cwd, '.github/workflows/shop.yml'), 'utf8');
      assert.match(workflow, setup);
      assert.doesNotMatch(workflow, /3\.14/);
    }
  });

  it('asks which pipeline when there are several; --yes without --pipeline-name is exit 2; another pipeline keeps its secrets', async () => {
    const cwd = project({
      'shop_pipeline.py': script('shop'),
      'crm_pipeline.py': script('crm'),
      '.dlt/secrets.toml': SECRETS,
    });
    const missing = await deploy(cwd, []);
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /--pipeline-name is required/);
    const unknown = await deploy(cwd, ['--pipeline-name', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /"nope" is not one of: crm, shop/);
    assert.ok(!existsSync(join(cwd, '.github')));

    const run = await deploy(cwd, ['--pipeline-name', 'crm', '--target', 'dagster']);
    assert.equal(run.code, 0, run.stderr);
    const definitions = readFileSync(join(cwd, 'crm_definitions.py'), 'utf8');
    assert.match(definitions, /^from crm_pipeline import crm_source$/m);
    assert.match(definitions, /^ {4}SOURCES__CRM_PIPELINE__API_KEY$/m);
    assert.doesNotMatch(definitions, /SHOP_PIPELINE/);
    assert.match(readFileSync(join(cwd, 'requirements.txt'), 'utf8'), /^dagster-dlt$/m);
  });

  it('a second run keeps a file the user edited and reports it; --force replaces it; --dry-run writes nothing', async () => {
    const cwd = project({ 'shop_pipeline.py': script('shop') });
    assert.equal((await deploy(cwd, ['--target', 'airflow'])).code, 0);
    const dag = join(cwd, 'dags/shop.py');
    const edited = readFileSync(dag, 'utf8').replace('max_active_runs=1', 'max_active_runs=2');
    writeFileSync(dag, edited);

    const again = await deploy(cwd, ['--target', 'airflow']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(readFileSync(dag, 'utf8'), edited);
    assert.match(again.stderr, /^ +kept +dags\/shop\.py$/m);
    assert.match(again.stderr, /dags\/shop\.py differs from what dlt:deploy writes now/);

    const dry = await deploy(cwd, ['--target', 'github-actions', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.ok(!existsSync(join(cwd, '.github')));

    const forced = await deploy(cwd, ['--target', 'airflow', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(readFileSync(dag, 'utf8'), /max_active_runs=1/);
  });

  it('leaves the project as it is: a new-looking project is not made a dlt workspace', async () => {
    const cwd = project({ 'load.py': script('shop') });
    const run = await deploy(cwd, ['--target', 'dagster']);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!existsSync(join(cwd, '.dlt')));
    assert.match(readFileSync(join(cwd, 'shop_definitions.py'), 'utf8'), /^from load import shop_source$/m);
  });

  it('refuses an invalid schedule or target with exit 2', async () => {
    const cwd = project({ 'shop_pipeline.py': script('shop') });
    const run = await deploy(cwd, ['--schedule', '@daily', '--target', 'jenkins']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--target: "jenkins" is not one of: github-actions, dagster, airflow/);
    assert.match(run.stderr, /--schedule: "@daily" is not a cron expression of five fields/);
  });

  it("in a dlt workspace: the profile's secrets file is read too, and the workflow runs with that profile", async () => {
    const cwd = project({
      'shop_pipeline.py': script('shop'),
      '.dlt/.workspace': '',
      '.dlt/secrets.toml': '[sources.shop_pipeline]\napi_key = "dev_key"\n',
      '.dlt/prod.secrets.toml': '[destination.duckdb]\ncredentials = "prod.duckdb"\n',
    });
    const invalid = await deploy(cwd, ['--profile', '../prod']);
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /--profile: give a profile name/);

    const run = await deploy(cwd, ['--profile', 'prod']);
    assert.equal(run.code, 0, run.stderr);
    const workflow = readFileSync(join(cwd, '.github/workflows/shop.yml'), 'utf8');
    assert.match(workflow, /WORKSPACE__PROFILE: "prod"/);
    assert.match(
      workflow,
      /DESTINATION__DUCKDB__CREDENTIALS: \$\{\{ secrets\.DESTINATION__DUCKDB__CREDENTIALS \}\}/,
    );
    assert.match(
      workflow,
      /SOURCES__SHOP_PIPELINE__API_KEY: \$\{\{ secrets\.SOURCES__SHOP_PIPELINE__API_KEY \}\}/,
    );
  });

  it('a script that leaves its destination to the config: the profile’s destination decides which credentials it needs', async () => {
    const cwd = project({
      'shop_pipeline.py': script('shop').replace('destination="duckdb", ', ''),
      '.dlt/.workspace': '',
      '.dlt/config.toml': '[pipelines.shop]\ndestination_type = "duckdb"\n',
      '.dlt/prod.config.toml': '[pipelines.shop]\ndestination_type = "postgres"\n',
      '.dlt/secrets.toml': '[destination.duckdb]\ncredentials = "dev.duckdb"\n',
      '.dlt/prod.secrets.toml': '[destination.postgres.credentials]\npassword = "pw"\n',
    });
    const run = await deploy(cwd, ['--target', 'airflow', '--profile', 'prod']);
    assert.equal(run.code, 0, run.stderr);
    const dag = readFileSync(join(cwd, 'dags/shop.py'), 'utf8');
    assert.match(dag, /^ {4}DESTINATION__POSTGRES__CREDENTIALS__PASSWORD$/m);
    assert.doesNotMatch(dag, /DESTINATION__DUCKDB/);
    assert.match(dag, /os\.environ\["WORKSPACE__PROFILE"\] = "prod"/);
    assert.match(readFileSync(join(cwd, 'dags/.dlt/config.toml'), 'utf8'), /destination_type = "postgres"/);

    // a workspace deploys with prod by default: postgres's credentials, no local-files warning
    const workflow = await deploy(cwd, ['--target', 'github-actions']);
    assert.equal(workflow.code, 0, workflow.stderr);
    assert.match(workflow.stderr, /gh secret set DESTINATION__POSTGRES__CREDENTIALS__PASSWORD/);
    assert.doesNotMatch(workflow.stderr, /DESTINATION__DUCKDB|local files are gone/);

    const plain = project({
      'shop_pipeline.py': script('shop').replace('destination="duckdb", ', ''),
      '.dlt/config.toml': '[pipelines.shop]\ndestination_type = "duckdb"\n',
    });
    const local = await deploy(plain, ['--target', 'github-actions']);
    assert.equal(local.code, 0, local.stderr);
    assert.match(local.stderr, /the pipeline loads into duckdb: on a GitHub runner/);
  });

  it("warns when the deployed profile's destination needs an extra the project's requirements do not declare", async () => {
    const pyproject = (dependency: string) =>
      `[project]\nname = "shop"\nversion = "0.1.0"\ndependencies = ["${dependency}"]\n`;
    const files = {
      'shop_pipeline.py': script('shop').replace('destination="duckdb", ', ''),
      '.dlt/.workspace': '',
      '.dlt/config.toml': '[pipelines.shop]\ndestination_type = "duckdb"\n',
      '.dlt/prod.config.toml': '[pipelines.shop]\ndestination_type = "postgres"\n',
    };
    const args = ['--yes', '--skip-install', '--package-manager', 'uv', '--profile', 'prod'];
    const cwd = project({ ...files, 'pyproject.toml': pyproject('dlt[duckdb,parquet]>=1.27.2') });
    const run = await runGenerator('deploy', args, cwd);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /Warning: the pipeline loads into postgres under the prod profile, and the project's requirements lack what it needs \(declare dlt\[duckdb,parquet,postgres\]>=1\.27\.2\)/,
    );
    const declared = project({ ...files, 'pyproject.toml': pyproject('dlt[parquet,postgres]>=1.27.2') });
    const fine = await runGenerator('deploy', args, declared);
    assert.equal(fine.code, 0, fine.stderr);
    assert.doesNotMatch(fine.stderr, /requirements lack/);
    const pip = project({ ...files, 'requirements.txt': 'dlt[duckdb]\n' });
    const pipRun = await deploy(pip, ['--profile', 'prod']);
    assert.equal(pipRun.code, 0, pipRun.stderr);
    assert.match(pipRun.stderr, /requirements lack what it needs \(declare dlt\[duckdb,postgres\]\)/);
  });
});
