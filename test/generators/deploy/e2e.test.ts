import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { runGenerator, tempProject } from '../../support/cli.js';
import { engineBin, type ProcessResult, ruffProblems, run, runtimeBin } from '../../support/python.js';
import { type SampleApi, startSampleApi } from '../../support/sample-api.js';

/**
 * dlt:deploy's output run by the real engines, against the local sample API: the GitHub workflow
 * passes GitHub's schema and zizmor, and the pipeline loads with nothing but the environment the
 * workflow gives it; Dagster materializes the assets; Airflow 3 imports the DAG and runs it with
 * `airflow dags test`. Every loaded row is checked in DuckDB.
 */

const RECORDS = 45;
const ITEM_IDS = Array.from({ length: RECORDS }, (_, i) => i + 1);
/** Item i has i % 3 comments, with ids i*10 + k. */
const COMMENT_IDS = ITEM_IDS.flatMap((id) => Array.from({ length: id % 3 }, (_, k) => id * 10 + k));
const TAG_ROWS = ITEM_IDS.reduce((sum, id) => sum + (id % 2 === 0 ? 2 : 1), 0);

function assertRan(result: ProcessResult, what: string): void {
  assert.equal(result.code, 0, `${what} failed:\n${result.stdout}\n${result.stderr}`);
}

/** The ids of every row in the DuckDB file, by table, read with the runtime venv's duckdb. */
async function loadedRows(database: string): Promise<{ items: number[]; comments: number[]; tags: number }> {
  const code = `
import json, sys, duckdb
db = duckdb.connect(sys.argv[1], read_only=True)
ids = lambda table: [r[0] for r in db.execute(f"SELECT id FROM shop_data.{table} ORDER BY id").fetchall()]
tags = db.execute("SELECT COUNT(*) FROM shop_data.items__tags").fetchone()[0]
print(json.dumps({"items": ids("items"), "comments": ids("comments"), "tags": tags}))
`;
  const result = await run(runtimeBin('python'), ['-c', code, database]);
  assertRan(result, 'reading the DuckDB file');
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as {
    items: number[];
    comments: number[];
    tags: number;
  };
}

async function assertEveryRow(database: string): Promise<void> {
  assert.deepEqual(await loadedRows(database), { items: ITEM_IDS, comments: COMMENT_IDS, tags: TAG_ROWS });
}

/** What secrets.toml holds, as the environment variables dlt reads (name to value). */
function secretsAsEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  const walk = (table: Record<string, unknown>, path: string[]) => {
    for (const [key, value] of Object.entries(table)) {
      if (value && typeof value === 'object') walk(value as Record<string, unknown>, [...path, key]);
      else env[[...path, key].join('__').toUpperCase()] = String(value);
    }
  };
  walk(parseToml(text) as Record<string, unknown>, []);
  return env;
}

/** A process environment with nothing of the test's own: PATH and HOME, then `extra`. */
const bareEnv = (extra: NodeJS.ProcessEnv) => ({ PATH: process.env.PATH, HOME: process.env.HOME, ...extra });

describe('dlt:deploy end to end @e2e', function () {
  this.timeout(600_000);
  let api: SampleApi;
  let cwd: string;
  /** The secrets the engines' secret stores would hold, by environment variable. */
  let storedSecrets: Record<string, string>;

  before(async () => {
    api = await startSampleApi({ records: RECORDS, pageSize: 10 });
    cwd = tempProject('dlt-deploy-');
    const generated = await runGenerator(
      'custom',
      [
        '--yes',
        '--skip-install',
        '--source-name',
        'shop',
        '--reader',
        'rest_client',
        '--base-url',
        `${api.url}/auth/bearer/json_link`,
        '--auth',
        'bearer',
        '--paginator',
        'json_link',
        '--data-selector',
        'data',
        '--resources',
        'items:merge:id, comments:merge:id parent=items paginator=single_page data_selector=$',
      ],
      cwd,
    );
    assertRan(generated, 'dlt:custom');
    const secretsPath = join(cwd, '.dlt/secrets.toml');
    const placeholder = /^access_token = "<configure me>".*$/m;
    assert.match(readFileSync(secretsPath, 'utf8'), placeholder);
    const secrets = readFileSync(secretsPath, 'utf8').replace(
      placeholder,
      `access_token = ${JSON.stringify(api.credentials.token)}`,
    );
    writeFileSync(secretsPath, secrets);
    storedSecrets = secretsAsEnv(secrets);
    for (const target of ['github-actions', 'dagster', 'airflow']) {
      assertRan(
        await runGenerator(
          'deploy',
          ['--target', target, '--yes', '--skip-install', '--schedule', '15 3 * * *'],
          cwd,
        ),
        `dlt:deploy --target ${target}`,
      );
    }
    // from here on the secrets exist only in the engines' stores
    rmSync(secretsPath);
  });

  after(async () => {
    await api.close();
  });

  /** The secrets a file names, with the values the store holds; fails on a name the store lacks. */
  function secretsNamedIn(names: readonly string[]): Record<string, string> {
    const env: Record<string, string> = {};
    for (const name of names) {
      assert.ok(name in storedSecrets, `${name} is not a key of secrets.toml`);
      env[name] = storedSecrets[name]!;
    }
    return env;
  }

  it('github-actions: the workflow passes GitHub’s schema and zizmor, and the pipeline loads every row with only its environment', async () => {
    const path = join(cwd, '.github/workflows/shop.yml');
    const text = readFileSync(path, 'utf8');
    assert.ok(!text.includes(api.credentials.token), 'the token is in the workflow');
    assertRan(
      await run(engineBin('audit', 'check-jsonschema'), [
        '--builtin-schema',
        'vendor.github-workflows',
        path,
      ]),
      'check-jsonschema',
    );
    assertRan(
      await run(engineBin('audit', 'zizmor'), ['--offline', '--min-severity', 'high', path], {
        env: bareEnv({ NO_COLOR: '1' }),
      }),
      'zizmor',
    );

    const workflow = parseYaml(text) as {
      jobs: Record<string, { steps: { run?: string; env?: Record<string, string> }[] }>;
    };
    const steps = Object.values(workflow.jobs)[0]!.steps;
    const runStep = steps.at(-1)!;
    assert.equal(runStep.run, 'python shop_pipeline.py');
    // a new project is a dlt workspace: the workflow runs it with the prod profile
    const { WORKSPACE__PROFILE: profile, ...secretEnv } = runStep.env ?? {};
    assert.equal(profile, 'prod');
    const names = Object.entries(secretEnv).map(([name, value]) => {
      assert.equal(value, `\${{ secrets.${name} }}`);
      return name;
    });
    assert.deepEqual(names, Object.keys(storedSecrets).sort());

    const database = join(cwd, 'actions.duckdb');
    const load = await run(runtimeBin('python'), ['shop_pipeline.py'], {
      cwd,
      env: bareEnv({
        ...secretsNamedIn(names),
        WORKSPACE__PROFILE: profile,
        DLT_DATA_DIR: join(cwd, '.dlt-actions'),
        DESTINATION__DUCKDB__CREDENTIALS: database,
      }),
    });
    assertRan(load, 'the pipeline with the workflow’s environment');
    await assertEveryRow(database);
  });

  it('dagster: the definitions materialize one asset per resource, and every row lands in DuckDB', async () => {
    assert.equal(await ruffProblems(cwd, ['shop_definitions.py']), '');
    const text = readFileSync(join(cwd, 'shop_definitions.py'), 'utf8');
    const names = [...text.matchAll(/^ {4}([A-Z][A-Z0-9_]+__[A-Z0-9_]+)$/gm)].map((match) => match[1]!);
    assert.deepEqual(names, Object.keys(storedSecrets).sort());
    assert.match(text, /WORKSPACE__PROFILE=prod/);
    const home = join(cwd, '.dagster-home');
    mkdirSync(home, { recursive: true });
    const database = join(cwd, 'dagster.duckdb');
    const env = bareEnv({
      ...secretsNamedIn(names),
      WORKSPACE__PROFILE: 'prod',
      DAGSTER_HOME: home,
      DLT_DATA_DIR: join(cwd, '.dlt-dagster'),
      DESTINATION__DUCKDB__CREDENTIALS: database,
    });
    const listed = await run(
      engineBin('dagster', 'dagster'),
      ['asset', 'list', '-f', 'shop_definitions.py'],
      {
        cwd,
        env,
      },
    );
    assertRan(listed, 'dagster asset list');
    assert.deepEqual(listed.stdout.trim().split('\n').sort(), ['dlt_shop_comments', 'dlt_shop_items']);
    const materialized = await run(
      engineBin('dagster', 'dagster'),
      ['asset', 'materialize', '-f', 'shop_definitions.py', '--select', '*'],
      { cwd, env },
    );
    assertRan(materialized, 'dagster asset materialize');
    await assertEveryRow(database);
  });

  it('airflow: Airflow 3 imports the DAG with no errors, and `airflow dags test` loads every row', async () => {
    assert.equal(await ruffProblems(cwd, ['dags/shop.py']), '');
    const text = readFileSync(join(cwd, 'dags/shop.py'), 'utf8');
    assert.match(text, /schedule="15 3 \* \* \*"/);
    assert.doesNotMatch(text, /schedule_interval/);
    const names = [...text.matchAll(/^ {4}([A-Z][A-Z0-9_]+__[A-Z0-9_]+)$/gm)].map((match) => match[1]!);
    assert.deepEqual(names, Object.keys(storedSecrets).sort());
    const database = join(cwd, 'airflow.duckdb');
    const env = bareEnv({
      ...secretsNamedIn(names),
      AIRFLOW_HOME: join(cwd, '.airflow'),
      AIRFLOW__CORE__DAGS_FOLDER: join(cwd, 'dags'),
      AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
      DESTINATION__DUCKDB__CREDENTIALS: database,
    });
    const importDags = async () => {
      const dagBag = await run(
        engineBin('airflow', 'python'),
        [
          '-c',
          [
            'import json, sys',
            'from airflow.dag_processing.dagbag import DagBag',
            'bag = DagBag(dag_folder=sys.argv[1])',
            'dag = bag.dags.get("shop")',
            'print(json.dumps({"errors": {k: str(v) for k, v in bag.import_errors.items()},',
            '  "dags": sorted(bag.dag_ids), "tasks": sorted(dag.task_ids) if dag else []}))',
          ].join('\n'),
          join(cwd, 'dags'),
        ],
        { cwd, env },
      );
      assertRan(dagBag, 'DagBag');
      return JSON.parse(dagBag.stdout.trim().split('\n').pop()!) as {
        errors: Record<string, string>;
        dags: string[];
        tasks: string[];
      };
    };
    const bag = await importDags();
    assert.deepEqual(bag.errors, {});
    assert.deepEqual(bag.dags, ['shop']);
    assert.ok(bag.tasks.length > 0);

    assertRan(
      await run(engineBin('airflow', 'airflow'), ['db', 'migrate'], { cwd, env }),
      'airflow db migrate',
    );
    const tested = await run(engineBin('airflow', 'airflow'), ['dags', 'test', 'shop'], { cwd, env });
    assertRan(tested, 'airflow dags test');
    await assertEveryRow(database);

    // decompose="parallel" imports as well
    assertRan(
      await runGenerator(
        'deploy',
        ['--target', 'airflow', '--decompose', 'parallel', '--yes', '--skip-install', '--force'],
        cwd,
      ),
      'dlt:deploy --decompose parallel',
    );
    assert.match(readFileSync(join(cwd, 'dags/shop.py'), 'utf8'), /decompose="parallel"/);
    const parallel = await importDags();
    assert.deepEqual(parallel.errors, {});
    assert.deepEqual(parallel.dags, ['shop']);
  });
  it('airflow --profile prod: the DAG runs with prod’s destination (filesystem here) and every row lands in its files', async () => {
    const bucket = tempProject('dlt-airflow-prod-');
    writeFileSync(
      join(cwd, '.dlt/prod.config.toml'),
      `[pipelines.shop]\ndestination_type = "filesystem"\n\n[destination.filesystem]\nbucket_url = ${JSON.stringify(bucket)}\n`,
    );
    assertRan(
      await runGenerator(
        'deploy',
        [
          '--target',
          'airflow',
          '--profile',
          'prod',
          '--yes',
          '--skip-install',
          '--force',
          '--schedule',
          '15 3 * * *',
        ],
        cwd,
      ),
      'dlt:deploy --target airflow --profile prod',
    );
    const text = readFileSync(join(cwd, 'dags/shop.py'), 'utf8');
    assert.match(text, /os\.environ\["WORKSPACE__PROFILE"\] = "prod"/);
    assert.equal(await ruffProblems(cwd, ['dags/shop.py']), '');
    const env = bareEnv({
      // secrets.toml is gone (see before): the deployment reads the secrets the store holds
      ...storedSecrets,
      AIRFLOW_HOME: join(cwd, '.airflow-prod'),
      AIRFLOW__CORE__DAGS_FOLDER: join(cwd, 'dags'),
      AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
    });
    assertRan(
      await run(engineBin('airflow', 'airflow'), ['db', 'migrate'], { cwd, env }),
      'airflow db migrate',
    );
    assertRan(
      await run(engineBin('airflow', 'airflow'), ['dags', 'test', 'shop'], { cwd, env }),
      'airflow dags test',
    );
    const code = `
import duckdb, glob, json, sys
ids = lambda table: [r[0] for r in duckdb.sql(f"SELECT id FROM read_parquet({glob.glob(sys.argv[1] + f'/shop_data/{table}/*.parquet')!r}) ORDER BY id").fetchall()]
print(json.dumps({"items": ids("items"), "comments": ids("comments")}))
`;
    const result = await run(runtimeBin('python'), ['-c', code, bucket]);
    assertRan(result, 'reading the prod files');
    assert.deepEqual(JSON.parse(result.stdout.trim().split('\n').pop()!), {
      items: ITEM_IDS,
      comments: COMMENT_IDS,
    });
  });
});
