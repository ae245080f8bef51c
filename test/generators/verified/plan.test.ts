import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogListing } from '../../../generators/verified/catalog-listing.js';
import { planFilesystem, planSqlDatabase, storageOf } from '../../../generators/verified/core-sources.js';
import type { FetchedSource } from '../../../generators/verified/fetch.js';
import {
  normalizeRequirement,
  planVerifiedPipeline,
  sourceRequirements,
  type VerifiedPlanInput,
} from '../../../generators/verified/plan.js';
import { sourceQuestion } from '../../../generators/verified/questions.js';
import {
  argumentValue,
  requiredParams,
  resolveSourceArgs,
  splitSourceArgs,
} from '../../../generators/verified/source-args.js';
import {
  buildSourceModel,
  knownResources,
  type SourceModel,
  settingsFor,
} from '../../../generators/verified/source-model.js';
import { sha256 } from '../../../generators/verified/source-record.js';
import type { DecoratedFunction, SignatureParam } from '../../../generators/verified/source-signature.js';
import type { DerivedSettings } from '../../../generators/verified/source-signature-settings.js';
import {
  canonicalSourceName,
  findVerifiedSource,
  searchCatalog,
} from '../../../shared/dlt/verified-catalog.js';
import { searchChoices } from '../../../shared/questions/question.js';
import { tempProject } from '../../support/cli.js';
import { ruffProblems } from '../../support/python.js';

function fn(
  name: string,
  params: SignatureParam[],
  kind: DecoratedFunction['kind'] = 'source',
): DecoratedFunction {
  return {
    kind,
    function: name,
    standalone: kind !== 'source',
    module: 'shop',
    file: '__init__.py',
    params,
    argDocs: {},
    references: [],
    inner: [],
    literalResourceNames: [],
    calls: [],
    dynamicResources: false,
    incrementalCursors: [],
  };
}

const shopSource = fn('shop_source', [
  { name: 'owner', annotation: 'str', default: 'absent' },
  { name: 'limit', annotation: 'int', default: 'literal', defaultText: '10' },
  { name: 'region', annotation: 'str', default: 'config' },
  { name: 'api_key', annotation: 'str', default: 'secret' },
]);

const settings: DerivedSettings = {
  settings: [
    { table: ['sources', 'shop'], key: 'region', secret: false, kind: 'text', origin: 'shop_source(region)' },
    {
      table: ['sources', 'shop'],
      key: 'api_key',
      secret: true,
      kind: 'text',
      origin: 'shop_source(api_key)',
      description: 'The key of the shop API.',
    },
    {
      table: ['sources', 'shop'],
      key: 'page_size',
      secret: false,
      kind: 'integer',
      origin: 'orders(page_size)',
    },
    {
      table: ['sources', 'shop'],
      key: 'tags',
      secret: false,
      kind: 'text',
      origin: 'shop_source(tags)',
      note: 'a list (List[str]), e.g. ["a", "b"]',
    },
  ],
};

const fetched: FetchedSource = {
  name: 'shop',
  repo: 'https://example.com/verified-sources.git',
  commit: '0123456789abcdef0123456789abcdef01234567',
  files: [
    { path: '__init__.py', contents: Buffer.from('import dlt\n') },
    { path: 'helpers.py', contents: Buffer.from('def helper(): ...\n') },
  ],
  requirements: ['requests >= 2.0', 'pandas; python_version >= "3.9"'],
};

function input(overrides: Partial<VerifiedPlanInput> = {}): VerifiedPlanInput {
  return {
    fetched,
    fn: shopSource,
    importFrom: 'shop',
    description: 'Orders and customers of a shop.',
    resources: [],
    knownResources: ['orders', 'customers', 'products'],
    cursors: new Map([['orders', 'updated_at']]),
    args: new Map<string, never>([['owner', 'acme' as never]]),
    rawSourceArgs: 'owner=acme',
    settings,
    pipelineName: 'shop',
    datasetName: 'shop_data',
    destination: 'duckdb',
    disk: new Map(),
    ...overrides,
  };
}

describe('dlt:verified plan', () => {
  it('copies the package and writes a script that imports the chosen function with its arguments', () => {
    const plan = planVerifiedPipeline(input({ resources: ['orders'] }));
    assert.deepEqual(
      plan.files.map((file) => `${file.decision} ${file.path}`),
      ['create shop/__init__.py', 'create shop/helpers.py', 'create shop_pipeline.py'],
    );
    const script = plan.files.at(-1)!.contents.toString();
    assert.match(script, /^from shop import shop_source$/m);
    assert.match(script, /source = shop_source\(owner="acme"\)/);
    assert.match(script, /source = source\.with_resources\("orders"\)/);
    assert.match(script, /# The source also has: customers, products/);
    assert.match(script, /# Incremental: orders \(cursor: updated_at\)/);
    assert.match(script, /https:\/\/example\.com\/verified-sources\.git at\s+commit 0123456789ab/);
    assert.deepEqual(plan.pipeline, {
      name: 'shop',
      script: 'shop_pipeline.py',
      datasetName: 'shop_data',
      destination: 'duckdb',
    });
  });

  it('turns derived settings into placeholders where dlt looks, without the ones passed in code', () => {
    const plan = planVerifiedPipeline(
      input({ args: new Map([['region', 'eu']]) as never, rawSourceArgs: 'region=eu' }),
    );
    assert.deepEqual(plan.toml, [
      {
        table: ['sources', 'shop'],
        key: 'api_key',
        value: '<configure me>',
        secret: true,
        comment: 'The key of the shop API.',
      },
      {
        table: ['sources', 'shop'],
        key: 'page_size',
        value: '<configure me>',
        secret: false,
        comment: 'an integer',
      },
      {
        table: ['sources', 'shop'],
        key: 'tags',
        value: '<configure me>',
        secret: false,
        comment: 'a list (List[str]), e.g. ["a", "b"]',
      },
    ]);
    assert.deepEqual(plan.warnings, []);
  });

  it('merges the source requirements, adding dlt when the source does not pin it', () => {
    assert.deepEqual(sourceRequirements(fetched.requirements), [
      'dlt',
      'requests>=2.0',
      'pandas; python_version >= "3.9"',
    ]);
    assert.deepEqual(sourceRequirements(['dlt >= 0.5.1', 'stripe>=5.0.0,<16']), [
      'dlt>=0.5.1',
      'stripe>=5.0.0,<16',
    ]);
    assert.equal(normalizeRequirement('dlt >= 0.5.1'), 'dlt>=0.5.1');
  });

  it('records every file by hash, and on a re-run tells untouched files from changed ones', () => {
    const first = planVerifiedPipeline(input());
    const record = first.record;
    assert.equal(record.commit, fetched.commit);
    assert.equal(record.files['shop/helpers.py'], sha256('def helper(): ...\n'));

    const upstream: FetchedSource = {
      ...fetched,
      commit: 'fedcba9876543210fedcba9876543210fedcba98',
      files: [
        { path: '__init__.py', contents: Buffer.from('import dlt  # v2\n') },
        { path: 'helpers.py', contents: Buffer.from('def helper(): ...  # v2\n') },
        { path: 'client.py', contents: Buffer.from('class Client: ...\n') },
      ],
    };
    const disk = new Map<string, string | undefined>([
      ['shop/__init__.py', record.files['shop/__init__.py']], // as we wrote it
      ['shop/helpers.py', sha256('def helper(): ...  # mine\n')], // the user changed it
      ['shop_pipeline.py', record.files['shop_pipeline.py']],
    ]);
    const second = planVerifiedPipeline(input({ fetched: upstream, disk, record }));
    assert.deepEqual(
      second.files.map((file) => `${file.decision} ${file.path}`),
      [
        'update shop/__init__.py',
        'user-changed shop/helpers.py',
        'create shop/client.py',
        'update shop_pipeline.py',
      ],
    );
    // the record keeps upstream's hash, so the user's change stays visible to the next run
    assert.equal(second.record.files['shop/helpers.py'], sha256('def helper(): ...  # v2\n'));
  });

  it('removes package files upstream dropped when untouched, keeps them when changed, never removes scripts', () => {
    const first = planVerifiedPipeline(input());
    const only = { ...fetched, files: [fetched.files[0]!] };
    const untouched = planVerifiedPipeline(
      input({
        fetched: only,
        record: first.record,
        pipelineName: 'renamed',
        disk: new Map(Object.entries(first.record.files)),
      }),
    );
    assert.deepEqual(untouched.remove, ['shop/helpers.py']);
    const changed = planVerifiedPipeline(
      input({
        fetched: only,
        record: first.record,
        disk: new Map([...Object.entries(first.record.files), ['shop/helpers.py', 'different']]),
      }),
    );
    assert.deepEqual(changed.remove, []);
    assert.deepEqual(changed.keep, ['shop/helpers.py']);
    assert.match(
      changed.warnings.join('\n'),
      /shop\/helpers\.py: no longer part of shop upstream; you changed it/,
    );
  });
});

describe('dlt:verified catalog', () => {
  it('knows sources by the names people type, and searches names before descriptions', () => {
    assert.equal(canonicalSourceName('stripe'), 'stripe_analytics');
    assert.equal(canonicalSourceName('Asana'), 'asana_dlt');
    assert.equal(canonicalSourceName('google'), undefined, 'google_analytics has google_* siblings');
    assert.deepEqual(
      searchCatalog('google').map((entry) => entry.name),
      ['google_ads', 'google_analytics', 'google_sheets'],
    );
    assert.deepEqual(
      searchCatalog('video').map((entry) => entry.name),
      ['mux'],
    );
    const listing = catalogListing('sheets');
    assert.deepEqual(
      listing.entries.map((entry) => entry.name),
      ['google_sheets'],
    );
    assert.match(
      listing.text,
      /^1 verified source\(s\) match "sheets":\n {2}google_sheets {2}Loads Google Sheets/,
    );
    assert.ok(
      catalogListing().entries.some(
        (entry) => entry.name === 'sql_database' && entry.status === 'moved_to_dlt_core',
      ),
    );
  });
});

describe('dlt:verified source model', () => {
  const github = findVerifiedSource('github')!;
  const fetchedWith = (code: string): FetchedSource => ({
    name: 'github',
    repo: 'https://example.com/vs.git',
    files: [{ path: '__init__.py', contents: Buffer.from(code) }],
    requirements: [],
  });
  const keys = (model: SourceModel, fn: DecoratedFunction) =>
    settingsFor(model, fn).settings.map((setting) => [...setting.table, setting.key].join('.'));

  it('falls back on the catalog when the code shows no source function', async () => {
    const model = await buildSourceModel(fetchedWith('VERSION = 1\n'), github);
    assert.equal(model.fromCatalog, true);
    assert.deepEqual(
      model.entryPoints.map((point) => point.function),
      ['github_reactions', 'github_repo_events', 'github_stargazers'],
    );
    const [reactions] = model.entryPoints;
    assert.deepEqual(keys(model, reactions!), ['sources.github.access_token']);
    assert.deepEqual(
      requiredParams(reactions!).map((param) => param.name),
      ['owner', 'name'],
    );
    assert.deepEqual(knownResources(model, reactions!), { names: ['issues', 'pull_requests'], closed: true });
  });

  it('adds what the catalog knows when a file of the source does not parse', async () => {
    const code = [
      'import dlt',
      '',
      '@dlt.source',
      'def github_reactions(owner: str, name: str, since: str = dlt.config.value):',
      '    return issues(',
      '',
      'def broken(:',
    ].join('\n');
    const model = await buildSourceModel(fetchedWith(code), github);
    assert.equal(model.fromCatalog, false);
    assert.ok(model.signature.errors.length > 0);
    const reactions = model.entryPoints.find((point) => point.function === 'github_reactions')!;
    assert.deepEqual(keys(model, reactions), ['sources.github.since', 'sources.github.access_token']);
  });
});

describe('dlt:verified --source-args', () => {
  const chess = fn('source', [
    { name: 'players', annotation: 'List[str]', default: 'absent' },
    { name: 'start_month', annotation: 'Optional[int]', default: 'none' },
    { name: 'topics', annotation: 'Union[str, List[str]]', default: 'literal' },
    { name: 'strict', annotation: 'bool', default: 'literal' },
    { name: 'options', annotation: 'Dict[str, Any]', default: 'none' },
    { name: 'secret_str', annotation: 'str', default: 'secret' },
  ]);

  it('splits at the commas that start a new name=', () => {
    const split = splitSourceArgs('players=magnus,hikaru, start_month=7,options={"a": 1, "b": 2}');
    assert.ok(split instanceof Map);
    assert.deepEqual(
      [...split],
      [
        ['players', 'magnus,hikaru'],
        ['start_month', '7'],
        ['options', '{"a": 1, "b": 2}'],
      ],
    );
    assert.equal(splitSourceArgs('oops'), '"oops" is not name=value');
  });

  it('types values after the annotations', () => {
    const resolved = resolveSourceArgs(
      'players=magnus,hikaru,start_month=7,topics=a,strict=yes,options={"a": 1}',
      chess,
    );
    assert.ok(typeof resolved !== 'string', String(resolved));
    assert.deepEqual(Object.fromEntries(resolved.values), {
      players: ['magnus', 'hikaru'],
      start_month: 7,
      topics: 'a',
      strict: true,
      options: { a: 1 },
    });
    assert.deepEqual(argumentValue('["a", "b"]', 'Union[str, List[str]]'), ['a', 'b']);
    assert.deepEqual(argumentValue('orders,payments', 'Union[str, List[str]]'), ['orders', 'payments']);
    assert.equal(argumentValue('None', 'Optional[int]'), null);
  });

  it('keeps an integer argument exact or refuses it (never 1e+23)', () => {
    assert.equal(argumentValue('9007199254740991', 'int'), 9007199254740991);
    const tooLarge = argumentValue('100000000000000000000000', 'int');
    assert.ok(tooLarge instanceof Error);
    assert.match(tooLarge.message, /has more digits than can be kept exactly/);
  });

  it('says what to change: missing required arguments, secrets, unknown names, bad values', () => {
    assert.equal(resolveSourceArgs('', chess), 'source needs players=<List[str]>');
    assert.equal(
      resolveSourceArgs('players=a,secret_str=x,colour=white,start_month=soon', chess),
      'secret_str is a secret: put it in .dlt/secrets.toml, not in code; ' +
        'source has no argument colour (it takes: players, start_month, topics, strict, options); ' +
        'start_month: "soon" is not an integer',
    );
  });
});

const naming = { pipelineName: 'db', datasetName: 'db_data', destination: 'duckdb' };

describe('dlt:verified core sources', () => {
  it('sql_database: credentials as fields or one connection string, the driver as a requirement', () => {
    const fields = planSqlDatabase({
      ...naming,
      sqlDialect: 'postgresql',
      sqlCredentials: 'fields',
      tables: 'orders,customers',
      sqlSchema: 'sales',
      backend: 'pyarrow',
    });
    assert.deepEqual(
      fields.toml.map((entry) => `${entry.table.join('.')}.${entry.key}=${String(entry.value)}`),
      [
        'sources.sql_database.credentials.drivername=postgresql+psycopg2',
        'sources.sql_database.credentials.database=<configure me>',
        'sources.sql_database.credentials.username=<configure me>',
        'sources.sql_database.credentials.password=<configure me>',
        'sources.sql_database.credentials.host=<configure me>',
        'sources.sql_database.credentials.port=5432',
      ],
    );
    assert.ok(fields.toml.every((entry) => entry.secret));
    assert.deepEqual(fields.requirements, ['dlt[sql-database]', 'psycopg2-binary', 'pyarrow']);
    assert.match(
      fields.script,
      /source = sql_database\(\s*table_names=\["orders", "customers"\], schema="sales", backend="pyarrow"\s*\)|source = sql_database\(\n/,
    );

    const url = planSqlDatabase({
      ...naming,
      sqlDialect: 'sqlite',
      sqlCredentials: 'connection-string',
      tables: '',
      sqlSchema: '',
      backend: 'sqlalchemy',
    });
    assert.deepEqual(url.toml, [
      {
        table: ['sources', 'sql_database'],
        key: 'credentials',
        value: '<configure me>',
        secret: true,
        comment: 'sqlite:///<path to the .db file>',
      },
    ]);
    assert.deepEqual(url.requirements, ['dlt[sql-database]']);
    assert.match(url.script, /source = sql_database\(\)/);
  });

  it('filesystem: the bucket URL decides the storage, its extra and its credentials', () => {
    assert.equal(storageOf('s3://bucket/x'), 's3');
    assert.equal(storageOf('abfss://c@acct.dfs.core.windows.net/x'), 'az');
    assert.equal(storageOf('data/raw'), 'file');
    assert.equal(storageOf('ftp://host/x'), undefined);
    const s3 = planFilesystem({
      ...naming,
      bucketUrl: 's3://bucket/raw',
      fileFormat: 'parquet',
      fileGlob: '**/*.parquet',
      tableName: 'events',
    });
    assert.deepEqual(
      s3.toml.map(
        (entry) => `${entry.secret ? 'S' : 'C'} ${entry.table.join('.')}.${entry.key}=${String(entry.value)}`,
      ),
      [
        'C sources.filesystem.bucket_url=s3://bucket/raw',
        'S sources.filesystem.credentials.aws_access_key_id=<configure me>',
        'S sources.filesystem.credentials.aws_secret_access_key=<configure me>',
      ],
    );
    assert.deepEqual(s3.requirements, ['dlt[s3]', 'dlt[parquet]']);
    assert.match(s3.script, /source = \(files \| read_parquet\(\)\)\.with_name\("events"\)/);
    const local = planFilesystem({
      ...naming,
      bucketUrl: '',
      storage: 'file',
      fileFormat: 'csv',
      fileGlob: '*.csv',
      tableName: 'files',
    });
    assert.equal(local.toml.length, 1);
    assert.equal(local.toml[0]?.value, '<configure me>');
    assert.deepEqual(local.requirements, ['dlt', 'pandas']);
  });

  it('filesystem in a dlt workspace: a project folder is written relative to .dlt/data/<profile>/, where dlt reads it', () => {
    const answers = { ...naming, fileFormat: 'jsonl', fileGlob: '*.jsonl', tableName: 'events' };
    const folder = planFilesystem({ ...answers, bucketUrl: 'data/raw' }, true);
    assert.equal(folder.toml[0]?.value, '../../../data/raw');
    assert.match(
      folder.script,
      /# bucket_url "\.\.\/\.\.\/\.\.\/data\/raw" in \.dlt\/config\.toml is data\/raw in the project/,
    );
    assert.equal(planFilesystem({ ...answers, bucketUrl: 'data/raw' }, false).toml[0]?.value, 'data/raw');
    for (const bucketUrl of ['s3://bucket/raw', '/srv/exports', 'file:///srv/exports']) {
      const plan = planFilesystem({ ...answers, bucketUrl }, true);
      assert.equal(plan.toml[0]?.value, bucketUrl);
      assert.doesNotMatch(plan.script, /workspace/);
    }
    const later = planFilesystem({ ...answers, bucketUrl: '', storage: 'file' }, true);
    assert.equal(later.toml[0]?.value, '<configure me>');
    assert.match(later.script, /"\.\.\/\.\.\/\.\.\/<folder>"/);
  });
});

describe('dlt:verified rendered scripts pass ruff', () => {
  it('@e2e for long argument and resource lists, aliased imports, standalone resources and core sources', async () => {
    const cwd = tempProject('dlt-verified-ruff-');
    mkdirSync(join(cwd, 'shop'));
    writeFileSync(join(cwd, 'shop/__init__.py'), '');
    const many = Array.from({ length: 14 }, (_, i) => `resource_number_${i}`);
    const scripts: Record<string, string> = {
      long_pipeline: planVerifiedPipeline(
        input({
          pipelineName: 'long',
          resources: many.slice(0, 12),
          knownResources: many,
          args: new Map<string, never>([
            ['owner', 'a-rather-long-organisation-name-that-does-not-fit' as never],
            ['players', ['magnuscarlsen', 'vincentkeymer', 'dommarajugukesh', 'hikaru'] as never],
          ]),
        }),
      )
        .files.at(-1)!
        .contents.toString(),
      generic_pipeline: planVerifiedPipeline(
        input({ pipelineName: 'generic', fn: fn('source', []), args: new Map(), resources: [] }),
      )
        .files.at(-1)!
        .contents.toString(),
      stream_pipeline: planVerifiedPipeline(
        input({
          pipelineName: 'stream',
          fn: fn(
            'events_stream',
            [{ name: 'topics', annotation: 'List[str]', default: 'absent' }],
            'resource',
          ),
          args: new Map<string, never>([['topics', ['a', 'b'] as never]]),
          resources: [],
          cursors: new Map(),
        }),
      )
        .files.at(-1)!
        .contents.toString(),
      db_pipeline: planSqlDatabase({
        ...naming,
        sqlDialect: 'mssql',
        sqlCredentials: 'fields',
        tables: 'a_table_with_a_long_name,another_table_with_a_long_name,third',
        sqlSchema: 'dbo',
        backend: 'connectorx',
      }).script,
      files_pipeline: planFilesystem({
        ...naming,
        pipelineName: 'files',
        bucketUrl: '',
        storage: 'gs',
        fileFormat: 'jsonl',
        fileGlob: 'exports/**/*.jsonl',
        tableName: 'exports',
      }).script,
    };
    for (const [name, text] of Object.entries(scripts)) writeFileSync(join(cwd, `${name}.py`), text);
    assert.match(scripts.generic_pipeline!, /from shop import source as shop_source/);
    assert.match(scripts.stream_pipeline!, /source = events_stream\(topics=\["a", "b"\]\)/);
    assert.doesNotMatch(scripts.stream_pipeline!, /with_resources/);
    assert.equal(
      await ruffProblems(
        cwd,
        Object.keys(scripts).map((name) => `${name}.py`),
      ),
      '',
    );
  });
});

describe('which verified source', () => {
  it('dlt:verified offers its catalog as a search list (free text for another sources repository)', () => {
    const catalog = sourceQuestion(false);
    assert.equal(catalog.type, 'search');
    const google = searchChoices(catalog.choices as { value: string; name?: string }[], 'google');
    assert.ok(google.some((choice) => choice.value === 'google_sheets'));
    assert.equal(sourceQuestion(true).type, 'input');
  });
});
