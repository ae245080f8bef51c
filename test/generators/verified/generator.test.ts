import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import helpers from 'yeoman-test';
import { fetchVerifiedSource } from '../../../generators/verified/fetch.js';
import type VerifiedGenerator from '../../../generators/verified/index.js';
import { isUsageError } from '../../../shared/plan/errors.js';
import type { RunSummary } from '../../../shared/project/summary.js';
import { runGenerator, tempProject } from '../../support/cli.js';
import {
  queryRows,
  ruffProblems,
  runPipelineScript,
  runPython,
  tableCounts,
  useDltFloor,
} from '../../support/python.js';
import { type SampleApi, startSampleApi } from '../../support/sample-api.js';

const fixtureSources = fileURLToPath(new URL('../../fixtures/verified/sources', import.meta.url));
const verifiedGenerator = fileURLToPath(new URL('../../../generators/verified/index.js', import.meta.url));

/** A git repository in the upstream layout (sources/<name>/ ...), made from the fixtures. */
class SourcesRepo {
  readonly path = join(tempProject('dlt-verified-sources-'), 'verified-sources');

  constructor() {
    mkdirSync(this.path);
    cpSync(fixtureSources, join(this.path, 'sources'), { recursive: true });
    this.git('init', '-q', '-b', 'master');
    this.commit('verified sources', () => {});
  }

  git(...args: string[]): string {
    return execFileSync(
      'git',
      ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
      { cwd: this.path, encoding: 'utf8' },
    ).trim();
  }

  /** Applies a change to the working tree and commits it; returns the commit id. */
  commit(message: string, change: (root: string) => void): string {
    change(this.path);
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  file(path: string): string {
    return join(this.path, 'sources', path);
  }
}

/** Replaces a placeholder the way a user fills it in: `key = "<configure me>"` -> the value. */
function fill(cwd: string, file: string, key: string, value: string | number): void {
  const path = join(cwd, file);
  const text = readFileSync(path, 'utf8');
  const pattern = new RegExp(`^(${key}\\s*=\\s*)"<configure me>"`, 'm');
  assert.match(text, pattern, `${file} has no placeholder for ${key}`);
  writeFileSync(path, text.replace(pattern, `$1${JSON.stringify(value)}`));
}

function summaryOf(stdout: string): RunSummary {
  return JSON.parse(stdout) as RunSummary;
}

/** Runs several SQL queries against pipelines' datasets in one Python process (dlt imports slowly). */
async function queryAll(cwd: string, queries: Record<string, [pipeline: string, sql: string]>) {
  const code = [
    'import json, sys, dlt',
    'out = {}',
    'for name, (pipeline, sql) in json.loads(sys.argv[1]).items():',
    '    with dlt.attach(pipeline_name=pipeline).sql_client() as client:',
    '        out[name] = [list(row) for row in client.execute_sql(sql)]',
    'print(json.dumps(out, default=str))',
  ].join('\n');
  const result = await runPython(['-c', code, JSON.stringify(queries)], cwd, {
    DLT_DATA_DIR: join(cwd, '.dlt-data'),
  });
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Record<string, unknown[][]>;
}

const tempSourceFolders = () =>
  readdirSync(tmpdir()).filter((name) => name.startsWith('generator-dlt-sources-'));

describe('dlt:verified fetching a source', () => {
  let repo: SourcesRepo;
  let first: string;
  before(() => {
    repo = new SourcesRepo();
    first = repo.git('rev-parse', 'HEAD');
    repo.git('tag', 'v1');
    repo.commit('change helpers', () => writeFileSync(repo.file('sample_api/helpers.py'), '# v2\n'));
  });

  it('copies the source folder as dlt init does, at the default branch, a tag or a commit', async () => {
    const before = tempSourceFolders().length;
    const head = await fetchVerifiedSource({ repo: repo.path, name: 'sample_api' });
    assert.equal(head.commit, repo.git('rev-parse', 'HEAD'));
    assert.deepEqual(head.files.map((file) => file.path).sort(), ['README.md', '__init__.py', 'helpers.py']);
    assert.deepEqual(head.requirements, ['dlt>=1.0.0', 'python-dateutil>=2.8']);
    assert.match(head.exampleScript ?? '', /sample_api_source\(status="open"\)/);
    assert.equal(head.files.find((file) => file.path === 'helpers.py')?.contents.toString(), '# v2\n');

    for (const ref of ['v1', first, first.slice(0, 10)]) {
      const old = await fetchVerifiedSource({ repo: repo.path, name: 'sample_api', ref });
      assert.equal(old.commit, first, ref);
      assert.match(
        old.files.find((file) => file.path === 'helpers.py')?.contents.toString() ?? '',
        /RESTClient/,
      );
    }
    assert.equal(tempSourceFolders().length, before, 'temporary checkouts are removed');
  });

  it('reads a plain folder without git, and says what to change when the source or ref is not there', async () => {
    const plain = await fetchVerifiedSource({ repo: fixtureSources, name: 'credentials_demo' });
    assert.equal(plain.commit, undefined);
    assert.ok(plain.files.some((file) => file.path === 'helpers/credentials.py'));

    // what dlt init leaves out: requirements.txt, byte code, caches, py.typed
    const copy = join(tempProject('dlt-verified-plain-'), 'sources');
    cpSync(fixtureSources, copy, { recursive: true });
    for (const junk of [
      '__pycache__/__init__.cpython-311.pyc',
      '.pytest_cache/v/x',
      'helpers.pyc',
      'py.typed',
    ]) {
      mkdirSync(join(copy, 'sample_api', junk, '..'), { recursive: true });
      writeFileSync(join(copy, 'sample_api', junk), 'junk');
    }
    const cleaned = await fetchVerifiedSource({ repo: copy, name: 'sample_api' });
    assert.deepEqual(cleaned.files.map((file) => file.path).sort(), [
      'README.md',
      '__init__.py',
      'helpers.py',
    ]);

    const expectUsage = async (promise: Promise<unknown>, pattern: RegExp) => {
      await assert.rejects(promise, (error) => isUsageError(error) && pattern.test(error.message));
    };
    await expectUsage(
      fetchVerifiedSource({ repo: repo.path, name: 'stripe_analytics' }),
      /no source folder sources\/stripe_analytics\/ .*Sources there: credentials_demo, sample_api\./,
    );
    await expectUsage(
      fetchVerifiedSource({ repo: repo.path, name: 'sample_api', ref: 'no-such-branch' }),
      /--sources-ref no-such-branch: not found in .*; give a branch, a tag or a commit id/,
    );
    await expectUsage(
      fetchVerifiedSource({ repo: fixtureSources, name: 'sample_api', ref: 'v1' }),
      /is a plain folder, not a git repository/,
    );
    await expectUsage(
      fetchVerifiedSource({ repo: 'http://127.0.0.1:9/verified-sources.git', name: 'github' }),
      /Could not fetch http:\/\/127\.0\.0\.1:9\/verified-sources\.git: .*point --sources-repo at it/,
    );
  });
});

describe('dlt:verified from the command line', () => {
  let repo: SourcesRepo;
  before(() => {
    repo = new SourcesRepo();
  });

  it('lists and searches the catalog, writing nothing', async () => {
    const cwd = tempProject();
    const search = await runGenerator('verified', ['--search', 'google'], cwd);
    assert.equal(search.code, 0, search.stderr);
    const names = [...search.stdout.matchAll(/^ {2}(\w+) /gm)].map((match) => match[1]);
    assert.deepEqual(names, ['google_ads', 'google_analytics', 'google_sheets']);
    const list = await runGenerator('verified', ['--list', '--json'], cwd);
    const entries = JSON.parse(list.stdout) as { name: string }[];
    assert.ok(entries.length >= 35);
    assert.ok(entries.some((entry) => entry.name === 'stripe_analytics'));
    assert.deepEqual(readdirSync(cwd), []);
  });

  it('refuses what it cannot do with exit 2, says what to change, and writes nothing', async () => {
    const cwd = tempProject();
    const unknown = await runGenerator('verified', ['--yes', '--source', 'hub'], cwd);
    assert.equal(unknown.code, 2, unknown.stderr);
    assert.match(unknown.stderr, /"hub" is not a verified source; did you mean github, hubspot\?/);

    const offline = await runGenerator(
      'verified',
      ['--yes', '--source', 'github', '--sources-repo', 'http://127.0.0.1:9/verified-sources.git'],
      cwd,
    );
    assert.equal(offline.code, 2, offline.stderr);
    assert.match(offline.stderr, /Could not fetch .*clone or copy the verified-sources repository/);

    const noGit = await runGenerator('verified', ['--yes', '--source', 'github'], cwd, {
      PATH: '/nonexistent',
    });
    assert.equal(noGit.code, 2, noGit.stderr);
    assert.match(noGit.stderr, /git is not installed .*point --sources-repo at a plain folder/);
    assert.deepEqual(readdirSync(cwd), []);
  });

  it('names what is missing or wrong in the source and its arguments, before writing anything', async () => {
    const cwd = tempProject();
    const refused = async (options: Record<string, unknown>, pattern: RegExp) => {
      await assert.rejects(
        helpers
          .run<VerifiedGenerator>(verifiedGenerator, { cwd, tmpdir: false, autoCleanup: false })
          .withOptions({ yes: true, skipInstall: true, sourcesRepo: repo.path, ...options }),
        (error) => isUsageError(error) && pattern.test(error.message),
      );
    };
    // "stripe" is the catalog's stripe_analytics, which this repository does not have
    await refused(
      { source: 'stripe' },
      /no source folder sources\/stripe_analytics\/.*Sources there: credentials_demo, sample_api/,
    );
    await refused({ source: 'sample_api' }, /--source-args is required/);
    await refused(
      { source: 'sample_api', sourceArgs: 'api_token=x' },
      /api_token is a secret: put it in \.dlt\/secrets\.toml, not in code; sample_api_source needs status=<str>/,
    );
    await refused(
      { source: 'sample_api', sourceArgs: 'status=open', resources: 'items,issues' },
      /no resource issues; the source has: items, comments/,
    );
    await refused(
      { source: 'credentials_demo', function: 'nope' },
      /--function: "nope" is not one of: demo_source, warehouse_source, mailbox_source, events_stream/,
    );
    await refused(
      { source: 'sample_api', function: 'items' },
      /--function: "items" is not one of: sample_api_source/,
    );
    assert.deepEqual(readdirSync(cwd), []);
  });
});

describe('dlt:verified questions and hand-overs', () => {
  let repo: SourcesRepo;
  before(() => {
    repo = new SourcesRepo();
  });

  it('asks, in a terminal, what was not given: resources, arguments, destination and names', async () => {
    const result = await helpers
      .run<VerifiedGenerator>(verifiedGenerator)
      .withOptions({ interactive: true, skipInstall: true, sourcesRepo: repo.path, packageManager: 'pip' })
      .withAnswers({
        source: 'sample_api',
        resources: 'items',
        sourceArgs: 'status=closed',
        pipelineName: 'tickets',
      });
    assert.deepEqual(
      result.askedQuestions.map((question) => question.name),
      ['source', 'resources', 'sourceArgs', 'destination', 'pipelineName', 'datasetName'],
    );
    result.assertFileContent('tickets_pipeline.py', /source = sample_api_source\(status="closed"\)/);
    result.assertFileContent('tickets_pipeline.py', /source = source\.with_resources\("items"\)/);
    result.assertFileContent('tickets_pipeline.py', /dataset_name="tickets_data"/);
  });

  it('remembers the answers of each source apart, so switching sources carries nothing over', async () => {
    const cwd = tempProject();
    const run = (options: Record<string, unknown>) =>
      helpers
        .run<VerifiedGenerator>(verifiedGenerator, { cwd, tmpdir: false, autoCleanup: false })
        .withOptions({ yes: true, skipInstall: true, sourcesRepo: repo.path, ...options });
    await run({
      source: 'sample_api',
      sourceArgs: 'status=closed',
      resources: 'items',
      pipelineName: 'tickets',
    });
    // status=closed and the pipeline name belong to sample_api; demo_source takes no status
    await run({ source: 'credentials_demo' });
    assert.ok(existsSync(join(cwd, 'credentials_demo_pipeline.py')));
    // back to sample_api without repeating anything: its own answers come back
    await run({ source: 'sample_api' });
    const script = readFileSync(join(cwd, 'tickets_pipeline.py'), 'utf8');
    assert.match(script, /sample_api_source\(status="closed"\)/);
    assert.match(script, /with_resources\("items"\)/);
  });

  it('hands rest_api over to dlt:rest, and composes dlt:destination when it runs alone', async () => {
    const result = await helpers
      .run<VerifiedGenerator>(verifiedGenerator)
      .withOptions({
        yes: true,
        skipInstall: true,
        source: 'rest_api',
        destination: 'postgres',
        pipelineName: 'api',
      })
      .withMockedGenerators(['dlt:rest', 'dlt:destination']);
    result.assertGeneratorComposedOnce('dlt:rest');
    result.assertGeneratorComposedOnce('dlt:destination');
    const [, restOptions] = result.getGeneratorMock('dlt:rest').calls[0]!.arguments as unknown as [
      string[],
      Record<string, unknown>,
    ];
    assert.equal(restOptions.destination, 'postgres');
    assert.equal(restOptions.pipelineName, 'api');
    assert.equal(restOptions.fromApp, true);
  });
});

interface AskedSourceQuestion {
  type?: string;
  initialValue?: string;
  source?: (term?: string) => Promise<{ value: string }[]>;
}

/** The "Which verified source?" prompt as dlt:verified hands it to inquirer (answered rest_api: nothing is fetched). */
async function askedSourceQuestion(options: Record<string, unknown>): Promise<AskedSourceQuestion> {
  let asked: AskedSourceQuestion | undefined;
  await helpers
    .run<VerifiedGenerator>(verifiedGenerator)
    .withOptions(<never>{ interactive: true, skipInstall: true, pipelineName: 'api', ...options })
    .withAnswers(
      { source: 'rest_api', destination: 'duckdb' },
      {
        callback(answer, { question }) {
          if (question.name === 'source') asked = question as AskedSourceQuestion;
          return answer;
        },
      },
    )
    .withMockedGenerators(['dlt:rest', 'dlt:destination']);
  assert.ok(asked, 'the source was not asked');
  return asked;
}

describe('dlt:verified "Which verified source?" in a terminal', () => {
  it('is a search list of the catalog, filtered by the words typed; under yo dlt it opens with what the user said', async () => {
    const asked = await askedSourceQuestion({ sourceHint: 'google' });
    assert.equal(asked.type, 'search');
    assert.equal(asked.initialValue, 'google');
    const values = async (term?: string) => (await asked.source!(term)).map((choice) => choice.value);
    assert.deepEqual(await values('google'), [
      'google_ads',
      'google_analytics',
      'google_sheets',
      'unstructured_data',
    ]);
    assert.deepEqual(await values('google sheets'), ['google_sheets']);
    assert.ok((await values(undefined)).length > 30, 'nothing typed: the whole catalog');
    assert.deepEqual(await values('no such source'), []);
  });

  it('opens with nothing typed when run alone', async () => {
    assert.equal((await askedSourceQuestion({})).initialValue, undefined);
  });
});

describe('dlt:verified writes a pipeline around a fetched source', () => {
  let repo: SourcesRepo;
  beforeEach(() => {
    repo = new SourcesRepo();
  });

  const generate = (cwd: string, extra: string[] = []) =>
    runGenerator(
      'verified',
      [
        '--yes',
        '--skip-install',
        '--json',
        '--source',
        'sample_api',
        '--sources-repo',
        repo.path,
        '--source-args',
        'status=open',
        ...extra,
      ],
      cwd,
    );

  it('@e2e copies the package, writes our script and the placeholders where dlt resolves them, records the files', async () => {
    const cwd = tempProject();
    const run = await generate(cwd);
    assert.equal(run.code, 0, run.stderr);
    const summary = summaryOf(run.stdout);
    assert.deepEqual(
      summary.files
        .map((file) => `${file.action} ${file.path}`)
        .filter((line) => /sample_api/.test(line))
        .sort(),
      [
        'create sample_api/README.md',
        'create sample_api/__init__.py',
        'create sample_api/helpers.py',
        'create sample_api_pipeline.py',
      ],
    );
    assert.equal(existsSync(join(cwd, 'sample_api/requirements.txt')), false);
    assert.deepEqual(
      summary.placeholders.map((p) => `${p.file} [${p.table}] ${p.key}`),
      ['.dlt/config.toml [sources.sample_api] base_url', '.dlt/secrets.toml [sources.sample_api] api_token'],
    );
    // the source's requirements.txt, merged with the destination's extra on the one dlt line
    assert.ok(summary.requirements.includes('python-dateutil>=2.8'), summary.requirements.join(' '));
    assert.deepEqual(
      summary.requirements.filter((line) => /^dlt\b/.test(line)),
      ['dlt[duckdb,hub,parquet]>=1.27.2'],
    );
    assert.deepEqual(
      summary.pipelines.map((p) => p.script),
      ['sample_api_pipeline.py'],
    );

    const config = JSON.parse(readFileSync(join(cwd, '.yo-rc.json'), 'utf8'))['generator-dlt'];
    const record = config.verifiedSources.sample_api;
    assert.equal(record.commit, repo.git('rev-parse', 'HEAD'));
    assert.equal(record.function, 'sample_api_source');
    assert.deepEqual(Object.keys(record.files).sort(), [
      'sample_api/README.md',
      'sample_api/__init__.py',
      'sample_api/helpers.py',
      'sample_api_pipeline.py',
    ]);
    assert.equal(await ruffProblems(cwd, ['sample_api_pipeline.py']), '');
  });

  it('on a re-run, updates the files the user did not change and keeps the ones they did', async () => {
    const cwd = tempProject();
    assert.equal((await generate(cwd)).code, 0);
    const mine = `${readFileSync(join(cwd, 'sample_api/__init__.py'), 'utf8')}# my change\n`;
    writeFileSync(join(cwd, 'sample_api/__init__.py'), mine);
    const upstream = repo.commit('upstream changes', (root) => {
      const sources = join(root, 'sources/sample_api');
      writeFileSync(
        join(sources, 'helpers.py'),
        `${readFileSync(join(sources, 'helpers.py'), 'utf8')}# v2\n`,
      );
      writeFileSync(
        join(sources, '__init__.py'),
        `${readFileSync(join(sources, '__init__.py'), 'utf8')}# v2\n`,
      );
      rmSync(join(sources, 'README.md'));
    });

    // no terminal: nothing can be asked, so the user's file stays and the run says so
    const run = await runGenerator('verified', ['--yes', '--skip-install', '--json'], cwd);
    assert.equal(run.code, 0, run.stderr);
    const summary = summaryOf(run.stdout);
    assert.match(readFileSync(join(cwd, 'sample_api/helpers.py'), 'utf8'), /# v2\n$/);
    assert.equal(readFileSync(join(cwd, 'sample_api/__init__.py'), 'utf8'), mine);
    assert.equal(existsSync(join(cwd, 'sample_api/README.md')), false);
    assert.ok(
      summary.files.some((file) => file.path === 'sample_api/helpers.py' && file.action === 'update'),
    );
    assert.match(summary.warnings.join('\n'), /sample_api\/__init__\.py: kept your version/);
    assert.ok(summary.files.some((file) => file.path === 'sample_api/__init__.py' && file.action === 'kept'));
    const record = JSON.parse(readFileSync(join(cwd, '.yo-rc.json'), 'utf8'))['generator-dlt']
      .verifiedSources;
    assert.equal(record.sample_api.commit, upstream);
    assert.equal(record.sample_api.sourceArgs, 'status=open', 'answers of the source are remembered');
  });

  it('brings a file the user changed to the conflict prompt, and replaces unchanged ones silently', async () => {
    const cwd = tempProject();
    assert.equal((await generate(cwd)).code, 0);
    const mine = '# my own version\n';
    writeFileSync(join(cwd, 'sample_api/__init__.py'), mine);
    repo.commit('upstream changes', (root) => {
      for (const file of ['helpers.py', '__init__.py']) {
        const path = join(root, 'sources/sample_api', file);
        writeFileSync(path, `${readFileSync(path, 'utf8')}# v2\n`);
      }
    });

    const result = await helpers
      .run<VerifiedGenerator>(verifiedGenerator, { cwd, tmpdir: false, autoCleanup: false }, { force: false })
      .withOptions({ interactive: true, skipInstall: true })
      .withAnswers({ action: 'skip' });
    const conflicts = result.askedQuestions.filter((question) => question.name === 'action');
    assert.equal(conflicts.length, 1, JSON.stringify(result.askedQuestions));
    assert.equal(readFileSync(join(cwd, 'sample_api/__init__.py'), 'utf8'), mine);
    assert.match(readFileSync(join(cwd, 'sample_api/helpers.py'), 'utf8'), /# v2\n$/);
    const files = (result.generator as unknown as VerifiedGenerator).state.files;
    assert.equal(files.get('sample_api/__init__.py'), 'kept');
    assert.equal(files.get('sample_api/helpers.py'), 'update');
  });
});

describe('dlt:verified pipelines load with real dlt @e2e', () => {
  let repo: SourcesRepo;
  let api: SampleApi;
  before(async () => {
    repo = new SourcesRepo();
    api = await startSampleApi({ records: 60, pageSize: 10 });
  });
  after(() => api.close());

  it('a fetched source reading the sample API: generate, fill in the placeholders, run into DuckDB', async () => {
    const cwd = tempProject();
    const run = await runGenerator(
      'verified',
      [
        '--yes',
        '--skip-install',
        '--source',
        'sample_api',
        '--sources-repo',
        repo.path,
        '--source-args',
        'status=open',
      ],
      cwd,
    );
    assert.equal(run.code, 0, run.stderr);
    fill(cwd, '.dlt/config.toml', 'base_url', api.url);
    fill(cwd, '.dlt/secrets.toml', 'api_token', api.credentials.token);
    const load = await runPipelineScript(cwd, 'sample_api_pipeline.py');
    assert.equal(load.code, 0, load.stderr);
    const open = api.items().filter((item) => item.status === 'open');
    const counts = await tableCounts(cwd, 'sample_api');
    assert.equal(counts.items, open.length);
    assert.equal(
      counts.comments,
      open.reduce((sum, item) => sum + (item.id % 3), 0),
    );
    assert.ok(api.requests.some((request) => request.path === '/auth/bearer/page_number/items'));
  });

  it('credential classes, Unions, resource-level and sub-package settings resolve where they were written', async () => {
    const cwd = tempProject();
    const generate = (fn: string, pipeline: string) =>
      runGenerator(
        'verified',
        [
          '--yes',
          '--skip-install',
          '--source',
          'credentials_demo',
          '--sources-repo',
          repo.path,
          '--function',
          fn,
          '--pipeline-name',
          pipeline,
        ],
        cwd,
      );
    const demo = await generate('demo_source', 'demo');
    assert.equal(demo.code, 0, demo.stderr);
    // a required list gets a placeholder like the others, its shape in the comment above it
    assert.match(
      readFileSync(join(cwd, '.dlt/config.toml'), 'utf8'),
      /# a list \(Sequence\[str\]\), e\.g\. \["a", "b"\]\ntags = "<configure me>"/,
    );
    fill(cwd, '.dlt/secrets.toml', 'subdomain', 'acme');
    fill(cwd, '.dlt/secrets.toml', 'api_key', 'key-1');
    fill(cwd, '.dlt/secrets.toml', 'api_token', 'token-123');
    fill(cwd, '.dlt/config.toml', 'workspace', 'ws');
    fill(cwd, '.dlt/config.toml', 'max_pages', 3);
    fill(cwd, '.dlt/config.toml', 'team', 'core');
    const config = join(cwd, '.dlt/config.toml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace('tags = "<configure me>"', 'tags = ["a", "b"]'),
    );
    const mailbox = await generate('mailbox_source', 'mailbox');
    assert.equal(mailbox.code, 0, mailbox.stderr);
    fill(cwd, '.dlt/secrets.toml', 'host', 'imap.example.com');
    fill(cwd, '.dlt/secrets.toml', 'password', 'secret');

    for (const script of ['demo_pipeline.py', 'mailbox_pipeline.py']) {
      const load = await runPipelineScript(cwd, script);
      assert.equal(load.code, 0, `${script}: ${load.stderr}`);
    }
    const rows = await queryAll(cwd, {
      settings: ['demo', 'SELECT kind, subdomain, workspace, tags, max_pages FROM settings'],
      projects: ['demo', 'SELECT api_token_length FROM projects'],
      members: ['demo', 'SELECT team FROM members'],
      mailbox: ['mailbox', 'SELECT host, password_length FROM mailbox'],
    });
    assert.deepEqual(rows, {
      settings: [['ApiKeyCredentials', 'acme', 'ws', 'a,b', 3]],
      projects: [[9]],
      members: [['core']],
      mailbox: [['imap.example.com', 6]],
    });
    assert.equal(await ruffProblems(cwd, ['demo_pipeline.py', 'mailbox_pipeline.py']), '');
  });

  for (const floor of [false, true]) {
    it(`the core filesystem source, with no download: local JSON lines files of the project into a table${floor ? ' (on the lowest dlt supported)' : ''}`, async () => {
      const cwd = tempProject();
      // a new project is a dlt workspace: the project folder is written as dlt must read it there
      if (floor) useDltFloor(cwd);
      mkdirSync(join(cwd, 'data'));
      writeFileSync(join(cwd, 'data/a.jsonl'), '{"id": 1}\n{"id": 2}\n');
      writeFileSync(join(cwd, 'data/b.jsonl'), '{"id": 3}\n');
      const run = await runGenerator(
        'verified',
        [
          '--yes',
          '--skip-install',
          '--source',
          'filesystem',
          '--bucket-url',
          'data',
          '--file-format',
          'jsonl',
          '--file-glob',
          '*.jsonl',
          '--table-name',
          'events',
        ],
        cwd,
      );
      assert.equal(run.code, 0, run.stderr);
      assert.equal(existsSync(join(cwd, 'filesystem')), false, 'nothing is copied for a core source');
      const load = await runPipelineScript(cwd, 'filesystem_pipeline.py');
      assert.equal(load.code, 0, load.stderr);
      assert.deepEqual(await queryRows(cwd, 'filesystem', 'SELECT id FROM events ORDER BY id'), [
        [1],
        [2],
        [3],
      ]);
      assert.equal(await ruffProblems(cwd, ['filesystem_pipeline.py']), '');
    });
  }

  it('the core sql_database source over SQLite, credentials filled in secrets.toml (on the lowest dlt supported)', async function () {
    const cwd = tempProject();
    useDltFloor(cwd);
    const probe = await runPython(['-c', 'import sqlalchemy'], cwd);
    // both venvs have dlt[duckdb,sql-database]; sqlalchemy comes with the sql-database extra
    if (probe.code !== 0) this.skip();
    const created = await runPython(
      [
        '-c',
        'import sqlite3; c = sqlite3.connect("shop.db"); c.execute("create table orders(id integer primary key, amount real)"); ' +
          'c.executemany("insert into orders values (?, ?)", [(i, i * 1.5) for i in range(1, 8)]); c.commit()',
      ],
      cwd,
    );
    assert.equal(created.code, 0, created.stderr);
    const run = await runGenerator(
      'verified',
      [
        '--yes',
        '--skip-install',
        '--source',
        'sql_database',
        '--sql-dialect',
        'sqlite',
        '--tables',
        'orders',
      ],
      cwd,
    );
    assert.equal(run.code, 0, run.stderr);
    fill(cwd, '.dlt/secrets.toml', 'credentials', 'sqlite:///shop.db');
    const load = await runPipelineScript(cwd, 'sql_database_pipeline.py');
    assert.equal(load.code, 0, load.stderr);
    assert.equal((await tableCounts(cwd, 'sql_database')).orders, 7);
  });
});
