import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import helpers from 'yeoman-test';
import { DESTINATIONS } from '../../../generators/destination/catalog.js';
import type DestinationGenerator from '../../../generators/destination/index.js';
import { DESTINATION_NAMES } from '../../../shared/dlt/destinations.js';
import { findPlaceholders } from '../../../shared/toml/placeholders.js';
import { mergeToml } from '../../../shared/toml/writer.js';
import { tempProject } from '../../support/cli.js';
import { run, runtimeBin } from '../../support/python.js';

/*
 * For every destination (and every way to sign in), dlt itself, in the test venv, resolves the
 * destination's configuration from the .dlt files dlt:destination wrote, once the placeholders are
 * filled in with test values: no missing key, nothing refused.
 */

const destinationGenerator = fileURLToPath(
  new URL('../../../generators/destination/index.js', import.meta.url),
);
const harness = fileURLToPath(new URL('../../fixtures/destination/resolve_destinations.py', import.meta.url));

interface Case {
  title: string;
  options: Record<string, string | boolean>;
  /** .dlt files the project has before dlt:destination runs, by path. */
  files?: Record<string, string>;
  /** What dlt.pipeline(destination=...) gets; the destination's name by default. */
  reference?: string;
  staging?: string;
  /** Test values for placeholders, by key; other placeholders get "test-<key>". */
  fill?: Record<string, string>;
  /** Resolved values to check, by role ("destination", "staging") and field. */
  expect?: Record<string, Record<string, string | RegExp>>;
  /** A dependency missing from the test venv that dlt needs only after it found every key. */
  needs?: RegExp;
}

const AWS = { region_name: 'eu-central-1', aws_access_key_id: 'AKIATEST' };

const POSTGRES_SECRETS =
  '[destination.postgres.credentials]\ndatabase = "analytics"\nusername = "loader"\npassword = "pw"\nhost = "old.internal"\n';

const CASES: Case[] = [
  { title: 'duckdb (nothing to configure)', options: { destination: 'duckdb' } },
  {
    title: 'duckdb with a database file',
    options: { destination: 'duckdb', destinationDatabasePath: 'local/warehouse.duckdb' },
    expect: { destination: { database: /\/local\/warehouse\.duckdb$/ } },
  },
  {
    title: 'duckdb with an absolute database file (the user’s explicit choice)',
    options: { destination: 'duckdb', destinationDatabasePath: '/tmp/generator-dlt-abs.duckdb' },
    expect: { destination: { database: '/tmp/generator-dlt-abs.duckdb' } },
  },
  { title: 'motherduck', options: { destination: 'motherduck' } },
  {
    title: 'motherduck, connection string',
    options: { destination: 'motherduck', destinationCredentialsForm: 'connection-string' },
    fill: { credentials: 'md:analytics?motherduck_token=test-token' },
  },
  {
    title: 'bigquery, service account',
    options: { destination: 'bigquery', destinationLocation: 'EU' },
    expect: { destination: { location: 'EU' } },
  },
  { title: 'bigquery, oauth', options: { destination: 'bigquery', destinationAuth: 'oauth' } },
  {
    title: 'snowflake, password',
    options: {
      destination: 'snowflake',
      destinationHost: 'kgiotue-wn98412',
      destinationWarehouse: 'LOADING',
    },
    expect: { destination: { host: 'kgiotue-wn98412', warehouse: 'LOADING' } },
  },
  {
    title: 'snowflake, key pair',
    options: { destination: 'snowflake', destinationAuth: 'key-pair', destinationRole: 'LOADER' },
  },
  {
    title: 'snowflake, connection string given',
    options: {
      destination: 'snowflake',
      destinationCredentialsForm: 'connection-string',
      destinationConnectionString: 'snowflake://loader:pw@kgiotue-wn98412/analytics?warehouse=LOADING',
    },
    expect: { destination: { host: 'kgiotue-wn98412', database: 'analytics' } },
  },
  {
    title: 'postgres, values given',
    options: {
      destination: 'postgres',
      destinationHost: 'db.internal',
      destinationDatabase: 'analytics',
      destinationUsername: 'loader',
      destinationPort: '5433',
    },
    expect: { destination: { host: 'db.internal', port: '5433', database: 'analytics', username: 'loader' } },
  },
  {
    title: 'postgres, credentials in secrets.toml already: the new host goes there (--force)',
    options: { destination: 'postgres', destinationHost: 'new.internal', force: true },
    files: { '.dlt/secrets.toml': POSTGRES_SECRETS },
    expect: { destination: { host: 'new.internal', database: 'analytics', username: 'loader' } },
  },
  {
    title: 'postgres, credentials in secrets.toml already: kept without --force',
    options: { destination: 'postgres', destinationHost: 'new.internal', force: false },
    files: { '.dlt/secrets.toml': POSTGRES_SECRETS },
    expect: { destination: { host: 'old.internal', database: 'analytics' } },
  },
  {
    title: 'postgres, connection string placeholder',
    options: { destination: 'postgres', destinationCredentialsForm: 'connection-string' },
    fill: { credentials: 'postgresql://loader:pw@db.internal:5432/analytics' },
    expect: { destination: { host: 'db.internal' } },
  },
  {
    title: 'postgres, connection string from its parts (user and database percent-encoded)',
    options: {
      destination: 'postgres',
      destinationCredentialsForm: 'connection-string',
      destinationHost: 'db.internal',
      destinationPort: '6543',
      destinationDatabase: 'ana lytics',
      destinationUsername: 'lo@der',
      destinationPassword: 'p$&w/r:d',
    },
    expect: {
      destination: { host: 'db.internal', port: '6543', database: 'ana lytics', username: 'lo@der' },
    },
  },
  { title: 'redshift', options: { destination: 'redshift' }, expect: { destination: { port: '5439' } } },
  { title: 'databricks, token', options: { destination: 'databricks' } },
  {
    title: 'databricks, service principal',
    options: { destination: 'databricks', destinationAuth: 'oauth' },
  },
  {
    title: 'athena with S3 staging',
    options: { destination: 'athena', destinationBucketUrl: 's3://test-bucket/staging' },
    staging: 'filesystem',
    fill: { ...AWS, query_result_bucket: 's3://test-bucket/results' },
    expect: { staging: { bucket_url: 's3://test-bucket/staging' } },
  },
  {
    title: 'synapse (driver written, no pyodbc needed)',
    options: { destination: 'synapse' },
    expect: { destination: { driver: 'ODBC Driver 18 for SQL Server' } },
  },
  { title: 'mssql', options: { destination: 'mssql' }, expect: { destination: { port: '1433' } } },
  {
    title: 'mssql, connection string',
    options: { destination: 'mssql', destinationCredentialsForm: 'connection-string' },
    fill: {
      credentials: 'mssql://loader:pw@sql.internal:1433/analytics?driver=ODBC+Driver+18+for+SQL+Server',
    },
    expect: { destination: { host: 'sql.internal' } },
  },
  { title: 'fabric', options: { destination: 'fabric' } },
  { title: 'clickhouse', options: { destination: 'clickhouse' }, expect: { destination: { port: '9440' } } },
  {
    title: 'clickhouse, connection string',
    options: { destination: 'clickhouse', destinationCredentialsForm: 'connection-string' },
    fill: { credentials: 'clickhouse://loader:pw@ch.internal:9440/analytics?secure=1' },
    expect: { destination: { host: 'ch.internal', database: 'analytics' } },
  },
  {
    title: 'filesystem, local folder (the default)',
    options: { destination: 'filesystem' },
    expect: { destination: { bucket_url: /^file:\/\/\/.*\/data$/ } },
  },
  {
    title: 'filesystem, s3 keys',
    options: { destination: 'filesystem', destinationBucketUrl: 's3://test-bucket/raw' },
  },
  {
    title: 'filesystem, gcs',
    options: { destination: 'filesystem', destinationBucketUrl: 'gs://test-bucket/raw' },
  },
  {
    title: 'filesystem, azure SAS token',
    options: {
      destination: 'filesystem',
      destinationBucketUrl: 'az://container/raw',
      destinationAuth: 'sas-token',
    },
  },
  {
    title: 'filesystem, azure service principal',
    options: {
      destination: 'filesystem',
      destinationBucketUrl: 'az://container/raw',
      destinationAuth: 'service-principal',
    },
  },
  {
    title: 'filesystem, azure account key (dlt mints a SAS token with the azure packages)',
    options: { destination: 'filesystem', destinationBucketUrl: 'az://container/raw' },
    needs: /azure|dlt\[az\]/,
  },
  {
    title: 'filesystem, sftp password',
    options: { destination: 'filesystem', destinationBucketUrl: 'sftp://files.internal/raw' },
  },
  {
    title: 'filesystem, sftp key file',
    options: {
      destination: 'filesystem',
      destinationBucketUrl: 'sftp://files.internal/raw',
      destinationAuth: 'key-file',
    },
  },
  {
    title: 'dremio with S3 staging',
    options: { destination: 'dremio', destinationBucketUrl: 's3://test-bucket/staging' },
    staging: 'filesystem',
    fill: AWS,
  },
  {
    title: 'dremio, connection string',
    options: {
      destination: 'dremio',
      destinationBucketUrl: 's3://test-bucket/staging',
      destinationCredentialsForm: 'connection-string',
    },
    staging: 'filesystem',
    fill: { ...AWS, credentials: 'grpc://loader:pw@dremio.internal:32010/lake' },
    expect: { destination: { host: 'dremio.internal' } },
  },
  { title: 'weaviate, local', options: { destination: 'weaviate' } },
  {
    title: 'weaviate, cloud',
    options: { destination: 'weaviate', destinationAuth: 'cloud', destinationOpenaiApiKey: 'sk-test' },
    fill: { url: 'https://test.weaviate.network' },
  },
  { title: 'qdrant, local file', options: { destination: 'qdrant' } },
  { title: 'qdrant, server', options: { destination: 'qdrant', destinationAuth: 'server' } },
  {
    title: 'qdrant, cloud',
    options: { destination: 'qdrant', destinationAuth: 'cloud' },
    fill: { qd_location: 'https://test.cloud.qdrant.io:6333' },
  },
  { title: 'lancedb, local', options: { destination: 'lancedb' } },
  {
    title: 'lancedb, cloud',
    options: { destination: 'lancedb', destinationAuth: 'cloud' },
    fill: { lance_uri: 'db://test' },
  },
  { title: 'lance, dlt’s default folder', options: { destination: 'lance' } },
  { title: 'lance, a local folder', options: { destination: 'lance', destinationBucketUrl: 'lance_tables' } },
  { title: 'sqlalchemy, sqlite (the default)', options: { destination: 'sqlalchemy' } },
  {
    title: 'sqlalchemy, mysql',
    options: {
      destination: 'sqlalchemy',
      destinationDrivername: 'mysql+pymysql',
      destinationHost: 'mysql.internal',
    },
    expect: { destination: { host: 'mysql.internal', port: '3306' } },
  },
  { title: 'ducklake, local (nothing to configure)', options: { destination: 'ducklake' } },
  {
    title: 'ducklake, postgres catalog and S3 storage',
    options: {
      destination: 'ducklake',
      destinationCatalogUrl: 'postgresql://lake:pw@pg.internal/lake',
      destinationBucketUrl: 's3://test-bucket/lake',
      destinationDucklakeName: 'lake',
    },
  },
  {
    title: 'a custom @dlt.destination',
    options: { destination: 'destination', destinationName: 'crm_sink' },
    reference: 'crm_sink_destination.crm_sink',
    fill: { api_url: 'https://crm.example.com/api' },
  },
];

/** Fills every placeholder with a test value, through the TOML writer (a value replaces a placeholder). */
function fillPlaceholders(cwd: string, fill: Record<string, string>): void {
  for (const file of ['.dlt/config.toml', '.dlt/secrets.toml']) {
    const path = join(cwd, file);
    if (!existsSync(path)) continue;
    const text = readFileSync(path, 'utf8');
    const entries = findPlaceholders(file, text).map((placeholder) => ({
      table: placeholder.table === '' ? [] : placeholder.table.split('.'),
      key: placeholder.key,
      value: fill[placeholder.key] ?? `test-${placeholder.key}`,
      secret: false,
    }));
    writeFileSync(path, mergeToml(text, entries).text);
  }
}

interface Resolution {
  ok: boolean;
  resolved?: Record<string, Record<string, string>>;
  error?: string;
  message?: string;
}

describe('@e2e dlt resolves every destination from what dlt:destination wrote', function () {
  this.timeout(300_000);
  const projects: { case: Case; cwd: string }[] = [];
  let results: Resolution[] = [];

  before(async () => {
    for (const entry of CASES) {
      const cwd = tempProject('dlt-destination-');
      for (const [file, text] of Object.entries(entry.files ?? {})) {
        mkdirSync(dirname(join(cwd, file)), { recursive: true });
        writeFileSync(join(cwd, file), text);
      }
      await helpers
        .run<DestinationGenerator>(destinationGenerator, { tmpdir: false, cwd, autoCleanup: false })
        .withOptions({ yes: true, skipInstall: true, ...entry.options });
      fillPlaceholders(cwd, entry.fill ?? {});
      projects.push({ case: entry, cwd });
    }
    const input = projects.map(({ case: entry, cwd }) => ({
      dir: cwd,
      destination: entry.reference ?? String(entry.options.destination),
      staging: entry.staging,
    }));
    const python = await run(runtimeBin('python'), [harness], {
      input: JSON.stringify(input),
      env: {
        ...process.env,
        DLT_DATA_DIR: join(tempProject('dlt-data-'), 'data'),
        RUNTIME__LOG_LEVEL: 'CRITICAL',
      },
    });
    assert.equal(python.code, 0, python.stderr);
    results = JSON.parse(python.stdout.trim().split('\n').pop() ?? '[]') as Resolution[];
  });

  it('knows every destination dlt ships (but the test-only dummy), and only extras dlt has', async () => {
    const code = [
      'import json, importlib.metadata, dlt.destinations',
      'extras = importlib.metadata.metadata("dlt").get_all("Provides-Extra")',
      'print(json.dumps({"destinations": sorted(dlt.destinations.__all__), "extras": sorted(extras)}))',
    ].join('\n');
    const python = await run(runtimeBin('python'), ['-c', code]);
    assert.equal(python.code, 0, python.stderr);
    const shipped = JSON.parse(python.stdout.trim().split('\n').pop()!) as {
      destinations: string[];
      extras: string[];
    };
    assert.deepEqual(
      [...DESTINATION_NAMES].sort(),
      shipped.destinations.filter((name) => name !== 'dummy'),
    );
    const extras = new Set(shipped.extras);
    for (const extra of DESTINATIONS.flatMap((info) => info.extras)) assert.ok(extras.has(extra), extra);
    for (const extra of ['s3', 'gs', 'az', 'sftp', 'hf']) assert.ok(extras.has(extra), extra);
  });

  CASES.forEach((entry, index) => {
    it(entry.title, () => {
      const result = results[index]!;
      if (entry.needs) {
        assert.equal(result.ok, false, 'expected the missing package to show');
        assert.equal(result.error, 'MissingDependencyException', result.message);
        assert.match(result.message ?? '', entry.needs);
        return;
      }
      assert.ok(result.ok, `${result.error}: ${result.message}`);
      for (const [role, fields] of Object.entries(entry.expect ?? {})) {
        for (const [field, value] of Object.entries(fields)) {
          const actual = result.resolved?.[role]?.[field];
          if (value instanceof RegExp) assert.match(actual ?? '', value, `${role}.${field}`);
          else assert.equal(actual, value, `${role}.${field}`);
        }
      }
    });
  });
});
