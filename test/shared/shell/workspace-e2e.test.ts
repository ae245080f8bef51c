import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectPathForWorkspace, userPipelinesDir } from '../../../shared/project/workspace.js';
import { runGenerator, tempProject } from '../../support/cli.js';
import { repoRoot, run, runPython, runtimeBin, useDltFloor } from '../../support/python.js';
import { type SampleApi, startSampleApi } from '../../support/sample-api.js';

/*
 * Projects own their state: generated projects are dlt workspaces, so two projects with the same
 * pipeline name each keep their state and DuckDB file in their own .dlt folder, and nothing goes to
 * dlt's per-user folder. Runs with real dlt, with HOME pointing at an empty folder (as root, dlt's
 * per-user folder is /var/dlt whatever HOME says: there the pipeline's own folder must not appear).
 */

const RECORDS = 35;
/** Even items have two tags, odd ones one (see sample-api.ts). */
const TAGS = Array.from({ length: RECORDS }, (_, i) => ((i + 1) % 2 === 0 ? 2 : 1)).reduce(
  (a, b) => a + b,
  0,
);
const LOADED = { items: RECORDS, items__tags: TAGS };
const harness = fileURLToPath(new URL('../../fixtures/destination/resolve_destinations.py', import.meta.url));
const isRoot = process.getuid?.() === 0;

/** The environment of a user's shell: a fresh HOME, and none of dlt's folder overrides. */
function userEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, RUNTIME__LOG_LEVEL: 'WARNING', ...extra };
  for (const key of [
    'DLT_DATA_DIR',
    'DLT_PROJECT_DIR',
    'DLT_LOCAL_DIR',
    'XDG_DATA_HOME',
    'WORKSPACE__PROFILE',
  ]) {
    if (!(key in extra)) delete env[key];
  }
  return env;
}

async function generateRest(cwd: string, api: SampleApi, pipeline: string, extra: string[] = []) {
  const result = await runGenerator(
    'rest',
    [
      '--yes',
      '--skip-install',
      '--pipeline-name',
      pipeline,
      '--base-url',
      api.url,
      '--auth',
      'none',
      '--paginator',
      'json_link',
      '--next-url-path',
      'next',
      '--resources',
      'items path=json_link/items primary_key=id write_disposition=merge',
      ...extra,
    ],
    cwd,
  );
  assert.equal(result.code, 0, result.stderr);
  return result;
}

/** Rows per table the pipeline loaded, read through dlt from where the project's state says. */
async function counts(
  cwd: string,
  pipeline: string,
  env: NodeJS.ProcessEnv,
): Promise<Record<string, number>> {
  const result = await run(runtimeBin('python'), [join(repoRoot, 'shared/data/row_counts.py'), pipeline], {
    cwd,
    env,
  });
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Record<string, number>;
}

/** Every file of the project but what dlt writes when it runs, with its bytes. */
function snapshot(cwd: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const rel = relative(cwd, path);
      if (['.dlt/state', '.dlt/data', '.venv', '__pycache__'].includes(rel) || name === '__pycache__')
        continue;
      if (statSync(path).isDirectory()) walk(path);
      else files.set(rel, readFileSync(path, 'latin1'));
    }
  };
  walk(cwd);
  return files;
}

describe('@e2e projects own their dlt state (workspaces) and dev/prod profiles', function () {
  this.timeout(240_000);
  let api: SampleApi;

  before(async () => {
    api = await startSampleApi({ records: RECORDS, pageSize: 10 });
  });
  after(async () => {
    await api.close();
  });

  it('two projects with the same pipeline name each load into their own folder; nothing in the per-user folder', async () => {
    const home = tempProject('dlt-home-');
    const env = userEnv(home);
    const pipeline = `shared_name_${process.pid}_${Date.now()}`;
    const perUser = userPipelinesDir(env, isRoot, home);
    const projects = [tempProject('dlt-ws-a-'), tempProject('dlt-ws-b-')];
    let printed = '';
    for (const cwd of projects) {
      const result = await generateRest(cwd, api, pipeline);
      assert.equal(readFileSync(join(cwd, '.dlt/.workspace'), 'utf8'), '');
      printed = /See what it loaded: (?:\. \S+\/activate && )?(.*)/.exec(result.stderr)?.[1] ?? '';
      assert.equal(printed, `python -m dlt pipeline ${pipeline} show`);
      // dlthub is in the project's environment, not on PATH
      assert.match(result.stderr, /pin it: \. \S+\/activate && dlthub local profile use prod\)/);
    }
    for (const cwd of projects) {
      const ran = await runPython([`${pipeline}_pipeline.py`], cwd, env);
      assert.equal(ran.code, 0, ran.stderr);
    }
    for (const cwd of projects) {
      assert.ok(existsSync(join(cwd, `.dlt/data/dev/${pipeline}.duckdb`)), `${cwd}: its own DuckDB file`);
      assert.ok(
        existsSync(join(cwd, `.dlt/state/dev/pipelines/${pipeline}/state.json`)),
        `${cwd}: its own state`,
      );
      assert.deepEqual(await counts(cwd, pipeline, env), LOADED);
      const ignored = readFileSync(join(cwd, '.gitignore'), 'utf8').split('\n');
      for (const pattern of ['.dlt/state/', '.dlt/data/', '*.secrets.toml'])
        assert.ok(ignored.includes(pattern));
    }
    // the rows are really in each file: every id, once
    const ids = await runPython(
      [
        '-c',
        'import duckdb, sys, json; c = duckdb.connect(sys.argv[1], read_only=True); ' +
          'schema = c.execute("SELECT table_schema FROM information_schema.tables WHERE table_name = \'items\'").fetchall(); ' +
          'print(json.dumps([r[0] for r in c.execute(f"SELECT id FROM {schema[0][0]}.items ORDER BY id").fetchall()]))',
        join(projects[1]!, `.dlt/data/dev/${pipeline}.duckdb`),
      ],
      projects[1]!,
      env,
    );
    assert.equal(ids.code, 0, ids.stderr);
    assert.deepEqual(
      JSON.parse(ids.stdout.trim().split('\n').pop()!),
      Array.from({ length: RECORDS }, (_, i) => i + 1),
    );
    assert.ok(!existsSync(join(perUser, pipeline)), `nothing in ${perUser}`);
    // the printed command (the test venv's python for the project's) runs in the workspace and sees
    // its pipeline (as info: show starts a server)
    const info = await runPython(
      printed
        .replace(/ show$/, ' info')
        .split(' ')
        .slice(1),
      projects[0]!,
      env,
    );
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /Has 1 completed load packages/);
    assert.doesNotMatch(info.stdout + info.stderr, /not available in an active dltHub Workspace/);
    if (!isRoot) assert.ok(!existsSync(perUser), `${perUser} was created`);

    // the generator run again with the same answers changes zero bytes
    const before = snapshot(projects[0]!);
    await generateRest(projects[0]!, api, pipeline);
    assert.deepEqual(snapshot(projects[0]!), before);
  });

  it('--profile prod with postgres: the pipeline resolves postgres and the prod credentials through dlt only under WORKSPACE__PROFILE=prod; dev still loads into DuckDB', async () => {
    const home = tempProject('dlt-home-');
    const env = userEnv(home);
    const pipeline = `profiled_${process.pid}_${Date.now()}`;
    const cwd = tempProject('dlt-ws-profile-');
    await generateRest(cwd, api, pipeline);
    const script = `${pipeline}_pipeline.py`;
    assert.doesNotMatch(readFileSync(join(cwd, script), 'utf8'), /destination=/);
    const prodArgs = [
      '--yes',
      '--skip-install',
      '--destination',
      'postgres',
      '--profile',
      'prod',
      '--destination-host',
      '127.0.0.1',
      '--destination-port',
      '1',
      '--destination-database',
      'shop',
      '--destination-username',
      'loader',
      '--destination-password',
      'prod-secret-pw',
    ];
    const configured = await runGenerator('destination', prodArgs, cwd);
    assert.equal(configured.code, 0, configured.stderr);
    assert.match(configured.stderr, /prod profile \(\.dlt\/prod\.config\.toml, \.dlt\/prod\.secrets\.toml\)/);
    assert.match(configured.stderr, new RegExp(`${script} load into postgres under the prod profile`));
    // the project's own Python (a pip project's virtualenv), as the pipeline generators print it
    assert.match(
      configured.stderr,
      new RegExp(`Run under prod: WORKSPACE__PROFILE=prod \\.venv/bin/python ${script}`),
    );
    // the script names no destination; postgres takes no parquet as written, so the run loads dlt's default
    const code = readFileSync(join(cwd, script), 'utf8');
    assert.doesNotMatch(code, /destination=|loader_file_format/);
    const table = new RegExp(`\\[pipelines\\.${pipeline}\\]\\ndestination_type = "(\\w+)"\\n`);
    assert.equal(readFileSync(join(cwd, '.dlt/config.toml'), 'utf8').match(table)?.[1], 'duckdb');
    assert.equal(readFileSync(join(cwd, '.dlt/prod.config.toml'), 'utf8').match(table)?.[1], 'postgres');
    assert.doesNotMatch(configured.stderr + configured.stdout, /prod-secret-pw/);
    assert.match(readFileSync(join(cwd, '.dlt/prod.secrets.toml'), 'utf8'), /password = "prod-secret-pw"/);
    assert.doesNotMatch(readFileSync(join(cwd, '.dlt/prod.config.toml'), 'utf8'), /prod-secret-pw/);
    if (process.platform !== 'win32')
      assert.equal(statSync(join(cwd, '.dlt/prod.secrets.toml')).mode & 0o777, 0o600);
    for (const file of ['.dlt/config.toml', '.dlt/secrets.toml']) {
      if (existsSync(join(cwd, file)))
        assert.doesNotMatch(readFileSync(join(cwd, file), 'utf8'), /postgres|"loader"|prod-secret-pw/);
    }

    // the pipeline as the script makes it (no destination in code), resolved by dlt from the config
    const resolve = async (profile?: string) => {
      const result = await run(runtimeBin('python'), [harness], {
        input: JSON.stringify([{ dir: cwd, pipeline }]),
        env: userEnv(home, profile ? { WORKSPACE__PROFILE: profile } : {}),
      });
      assert.equal(result.code, 0, result.stderr);
      return JSON.parse(result.stdout.trim().split('\n').pop()!)[0] as {
        ok: boolean;
        error?: string;
        resolved?: { destination_type: string; destination: Record<string, string> };
      };
    };
    const prod = await resolve('prod');
    assert.ok(prod.ok, JSON.stringify(prod));
    assert.match(prod.resolved!.destination_type, /postgres$/);
    assert.deepEqual(
      [prod.resolved!.destination.host, prod.resolved!.destination.port, prod.resolved!.destination.database],
      ['127.0.0.1', '1', 'shop'],
    );
    assert.equal(prod.resolved!.destination.username, 'loader');
    const dev = await resolve();
    assert.ok(dev.ok, JSON.stringify(dev));
    assert.match(dev.resolved!.destination_type, /duckdb$/);

    const ran = await runPython([script], cwd, env);
    assert.equal(ran.code, 0, ran.stderr);
    assert.deepEqual(await counts(cwd, pipeline, env), LOADED);
    assert.ok(existsSync(join(cwd, `.dlt/data/dev/${pipeline}.duckdb`)));
    // under prod the same script goes for postgres (no driver in the test venv: dlt says it needs one)
    const prodRun = await runPython([script], cwd, userEnv(home, { WORKSPACE__PROFILE: 'prod' }));
    assert.notEqual(prodRun.code, 0);
    assert.match(prodRun.stderr, /postgres/i);
    assert.doesNotMatch(prodRun.stderr + prodRun.stdout, /prod-secret-pw/);

    const before = snapshot(cwd);
    const again = await runGenerator('destination', prodArgs, cwd);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(snapshot(cwd), before);
  });

  for (const floor of [false, true]) {
    it(`the typical use: dev on DuckDB, prod on another destination (filesystem, a real load) with one script${floor ? ', on the lowest dlt allowed' : ''}`, async () => {
      const home = tempProject('dlt-home-');
      const pipeline = `shop_${process.pid}_${Date.now()}`;
      const cwd = tempProject('dlt-ws-prod-');
      const bucket = tempProject('dlt-prod-files-');
      if (floor) useDltFloor(cwd);
      await generateRest(cwd, api, pipeline);
      const script = `${pipeline}_pipeline.py`;
      const before = readFileSync(join(cwd, script), 'utf8');
      const prodArgs = [
        '--yes',
        '--skip-install',
        '--destination',
        'filesystem',
        '--destination-bucket-url',
        bucket,
        '--profile',
        'prod',
      ];
      const configured = await runGenerator('destination', prodArgs, cwd);
      assert.equal(configured.code, 0, configured.stderr);
      // filesystem takes parquet: the script is left byte for byte as it was
      assert.equal(readFileSync(join(cwd, script), 'utf8'), before);
      assert.match(before, /loader_file_format="parquet"/);
      assert.match(
        readFileSync(join(cwd, '.dlt/prod.config.toml'), 'utf8'),
        new RegExp(`\\[pipelines\\.${pipeline}\\]\\ndestination_type = "filesystem"\\n`),
      );

      const dev = await runPython([script], cwd, userEnv(home));
      assert.equal(dev.code, 0, dev.stderr);
      const prodEnv = userEnv(home, { WORKSPACE__PROFILE: 'prod' });
      const prod = await runPython([script], cwd, prodEnv);
      assert.equal(prod.code, 0, prod.stderr);

      const rowCounts = async (extra: NodeJS.ProcessEnv) => {
        const result = await runPython([join(repoRoot, 'shared/data/row_counts.py'), pipeline], cwd, extra);
        assert.equal(result.code, 0, result.stderr);
        return JSON.parse(result.stdout.trim().split('\n').pop()!) as Record<string, number>;
      };
      assert.deepEqual(await rowCounts(userEnv(home)), LOADED);
      assert.deepEqual(await rowCounts(prodEnv), LOADED);
      // every row is in prod's parquet files, and none of prod's load went anywhere else
      const ids = await runPython(
        [
          '-c',
          'import duckdb, glob, json, sys; files = glob.glob(sys.argv[1] + "/*/items/*.parquet"); ' +
            'print(json.dumps([r[0] for r in duckdb.sql(f"SELECT id FROM read_parquet({files!r}) ORDER BY id").fetchall()]))',
          bucket,
        ],
        cwd,
        userEnv(home),
      );
      assert.equal(ids.code, 0, ids.stderr);
      assert.deepEqual(
        JSON.parse(ids.stdout.trim().split('\n').pop()!),
        Array.from({ length: RECORDS }, (_, i) => i + 1),
      );
      const duckdbFiles = (dir: string): string[] =>
        readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.duckdb'));
      assert.deepEqual(duckdbFiles(bucket), []);
      assert.equal(duckdbFiles(cwd).length, 1, 'one DuckDB file: dev');
      // what dlt wrote in the project is git-ignored
      const ignored = readFileSync(join(cwd, '.gitignore'), 'utf8').split('\n');
      for (const dir of ['.dlt/state', '.dlt/data']) {
        assert.ok(existsSync(join(cwd, dir)), `dlt wrote ${dir}`);
        assert.ok(ignored.includes(`${dir}/`), `${dir}/ is git-ignored`);
      }

      const snapshotBefore = snapshot(cwd);
      const again = await runGenerator('destination', prodArgs, cwd);
      assert.equal(again.code, 0, again.stderr);
      assert.deepEqual(snapshot(cwd), snapshotBefore);
    });
  }
  for (const floor of [false, true]) {
    it(`a filesystem destination whose bucket_url is a project folder (relative, as written for a workspace) loads every row into that folder, nothing beside the project${floor ? ', on the lowest dlt allowed' : ''}`, async () => {
      const home = tempProject('dlt-home-');
      const pipeline = `files_${process.pid}_${Date.now()}`;
      const parent = tempProject('dlt-ws-parent-');
      const cwd = join(parent, 'project');
      mkdirSync(cwd);
      if (floor) useDltFloor(cwd);
      await generateRest(cwd, api, pipeline);
      const bucketUrl = projectPathForWorkspace('exports');
      const configured = await runGenerator(
        'destination',
        [
          '--yes',
          '--skip-install',
          '--destination',
          'filesystem',
          '--destination-bucket-url',
          bucketUrl,
          '--point-pipelines',
          'all',
        ],
        cwd,
      );
      assert.equal(configured.code, 0, configured.stderr);
      assert.match(
        readFileSync(join(cwd, '.dlt/config.toml'), 'utf8'),
        /^bucket_url = "\.\.\/\.\.\/\.\.\/exports"$/m,
      );
      assert.match(configured.stderr, /The files go to exports: /);

      const ran = await runPython([`${pipeline}_pipeline.py`], cwd, userEnv(home));
      assert.equal(ran.code, 0, ran.stderr);
      const ids = await runPython(
        [
          '-c',
          'import duckdb, glob, json, sys; files = glob.glob(sys.argv[1] + "/*/items/*.parquet"); ' +
            'print(json.dumps([r[0] for r in duckdb.sql(f"SELECT id FROM read_parquet({files!r}) ORDER BY id").fetchall()]))',
          join(cwd, 'exports'),
        ],
        cwd,
        userEnv(home),
      );
      assert.equal(ids.code, 0, ids.stderr);
      assert.deepEqual(
        JSON.parse(ids.stdout.trim().split('\n').pop()!),
        Array.from({ length: RECORDS }, (_, i) => i + 1),
      );
      assert.deepEqual(readdirSync(parent), ['project'], 'dlt wrote nothing beside the project');
    });
  }
});
