import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DESTINATIONS } from '../../../generators/destination/catalog.js';
import { renderCustomDestination } from '../../../generators/destination/custom-destination.js';
import {
  authMethods,
  type DestinationChoice,
  placedSettings,
  planDestination,
} from '../../../generators/destination/plan.js';
import { settingQuestion, validateBucketUrl } from '../../../generators/destination/questions.js';
import { DESTINATION_NAMES } from '../../../shared/dlt/destinations.js';
import type { TomlEntry } from '../../../shared/toml/entry.js';
import { isPlaceholder } from '../../../shared/toml/placeholders.js';
import { tempProject } from '../../support/cli.js';
import { ruffProblems } from '../../support/python.js';

const choice = (destination: string, extra: Partial<DestinationChoice> = {}): DestinationChoice => ({
  destination,
  values: {},
  ...extra,
});

const where = (entry: TomlEntry) =>
  `${entry.secret ? 'secrets' : 'config'} [${entry.table.join('.')}] ${entry.key}`;
const layout = (entries: readonly TomlEntry[]) => entries.map(where);

/** Every way a destination can be configured: each sign-in method, each credentials form, some buckets. */
function everyChoice(): DestinationChoice[] {
  const choices: DestinationChoice[] = [];
  for (const info of DESTINATIONS) {
    const buckets = info.storage
      ? info.storage.schemes
        ? [undefined, 's3://bucket/path']
        : [undefined, 'local/folder', 's3://b/p', 'gs://b/p', 'az://c/p', 'sftp://host/p', 'hf://datasets/x']
      : [undefined];
    for (const bucketUrl of buckets) {
      const methods = authMethods({ destination: info.name, bucketUrl });
      for (const auth of methods.length > 0 ? methods.map((m) => m.value) : [undefined]) {
        for (const credentialsForm of info.connectionString
          ? (['fields', 'connection-string'] as const)
          : [undefined]) {
          choices.push(choice(info.name, { bucketUrl, auth, credentialsForm }));
        }
      }
    }
  }
  return choices;
}

describe('dlt:destination plan', () => {
  it('has a catalog entry for every destination dlt ships', () => {
    assert.deepEqual(
      DESTINATIONS.map((info) => info.name),
      [...DESTINATION_NAMES],
    );
  });

  it('for every destination and way to sign in: secrets only in secrets.toml, credentials readable by dlt, dlt required', () => {
    const secretKey =
      /(^|[_-])(password|secret|token|private_key|api[_-]key|secret_access_key|account_key|passphrase)$/i;
    for (const planned of everyChoice()) {
      const plan = planDestination(planned);
      const label = JSON.stringify(planned);
      const paths = plan.toml.map((entry) => JSON.stringify([...entry.table, entry.key]));
      assert.equal(new Set(paths).size, paths.length, `no key twice: ${label}`);
      for (const entry of plan.toml) {
        if (secretKey.test(entry.key)) assert.ok(entry.secret, `${where(entry)} is a secret: ${label}`);
        const root = entry.table.indexOf('credentials');
        if (root >= 0 && !entry.secret) {
          const table = entry.table.slice(0, root + 1).join('.');
          assert.ok(
            plan.toml.some((other) => other.secret && other.table.slice(0, root + 1).join('.') === table),
            `${where(entry)}: dlt refuses a credentials table found only in config.toml: ${label}`,
          );
        }
      }
      assert.match(plan.requirements[0]!, /^dlt(\[[a-z0-9,-]+\])?$/, label);
    }
  });

  it('postgres: connection settings in config.toml, the password in secrets.toml, given values as real values, not dlt’s defaults', () => {
    const plan = planDestination(choice('postgres', { values: { host: 'db.internal', port: 5433 } }));
    assert.deepEqual(layout(plan.toml), [
      'config [destination.postgres.credentials] host',
      'config [destination.postgres.credentials] port',
      'config [destination.postgres.credentials] database',
      'config [destination.postgres.credentials] username',
      'secrets [destination.postgres.credentials] password',
    ]);
    assert.deepEqual(
      plan.toml.map((entry) => entry.value),
      ['db.internal', 5433, '<configure me>', '<configure me>', '<configure me>'],
    );
    assert.equal(plan.toml.find((e) => e.key === 'password')?.comment, "that user's password");
    assert.deepEqual(plan.requirements, ['dlt[postgres]']);
    assert.equal(plan.reference, 'postgres');
  });

  it('writes one credentials string instead of the parts when asked, with its shape as the comment', () => {
    const placeholder = planDestination(choice('postgres', { credentialsForm: 'connection-string' }));
    assert.deepEqual(layout(placeholder.toml), ['secrets [destination.postgres] credentials']);
    assert.equal(placeholder.toml[0]!.comment, 'postgresql://<username>:<password>@<host>:5432/<database>');
    assert.ok(isPlaceholder(placeholder.toml[0]!.value));
    const given = planDestination(
      choice('mssql', { credentialsForm: 'connection-string', connectionString: 'mssql://u:p@h/db' }),
    );
    assert.deepEqual(
      given.toml.map((e) => [where(e), e.value]),
      [['secrets [destination.mssql] credentials', 'mssql://u:p@h/db']],
    );
  });

  it('sqlalchemy: the connection string has the driver, its usual port, and for SQLite a file path', () => {
    const shape = (drivername: string, values: DestinationChoice['values'] = {}) =>
      planDestination(choice('sqlalchemy', { credentialsForm: 'connection-string', drivername, values }))
        .toml[0]!;
    assert.equal(
      shape('mysql+pymysql').comment,
      'mysql+pymysql://<username>:<password>@<host>:3306/<database>',
    );
    assert.ok(isPlaceholder(shape('mysql+pymysql').value));
    assert.equal(shape('sqlite').comment, 'sqlite:///<database>');
    assert.equal(shape('sqlite', { database: 'shop.db' }).value, 'sqlite:///shop.db');
    assert.equal(
      shape('firebird', { host: 'h' }).value,
      'firebird://<username>:<password>@h:<port>/<database>',
    );
  });

  it('writes the ODBC driver for mssql and synapse instead of a placeholder that breaks dlt', () => {
    for (const name of ['mssql', 'synapse']) {
      const driver = planDestination(choice(name)).toml.find((entry) => entry.key === 'driver');
      assert.deepEqual(driver && [where(driver), driver.value], [
        `config [destination.${name}.credentials] driver`,
        'ODBC Driver 18 for SQL Server',
      ]);
    }
  });

  it('filesystem: the extra and the credentials follow the bucket’s scheme', () => {
    const extras = (bucketUrl?: string, auth?: string) =>
      planDestination(choice('filesystem', { bucketUrl, auth }));
    assert.deepEqual(extras().requirements, ['dlt[parquet]']);
    assert.deepEqual(layout(extras().toml), ['config [destination.filesystem] bucket_url']);
    assert.deepEqual(extras('s3://b/p').requirements, ['dlt[parquet,s3]']);
    assert.deepEqual(layout(extras('s3://b/p').toml), [
      'config [destination.filesystem] bucket_url',
      'config [destination.filesystem.credentials] aws_access_key_id',
      'secrets [destination.filesystem.credentials] aws_secret_access_key',
    ]);
    assert.deepEqual(layout(extras('s3://b/p', 'profile').toml).slice(1), [
      'secrets [destination.filesystem.credentials] profile_name',
    ]);
    assert.deepEqual(extras('gs://b/p').requirements, ['dlt[gs,parquet]']);
    assert.deepEqual(extras('az://c/p').requirements, ['dlt[az,parquet]']);
    assert.deepEqual(extras('sftp://h/p').requirements, ['dlt[parquet,sftp]']);
    assert.deepEqual(layout(extras('s3://b/p', 'default').toml), [
      'config [destination.filesystem] bucket_url',
    ]);
    assert.match(
      extras('s3://b/p', 'default').nextSteps.join('\n'),
      /credentials configured on this machine/,
    );
  });

  it('athena: its own AWS credentials plus the filesystem staging bucket, and staging="filesystem"', () => {
    const plan = planDestination(
      choice('athena', { bucketUrl: 's3://b/stage', values: { awsAccessKeyId: 'AKIA' } }),
    );
    assert.deepEqual(layout(plan.toml), [
      'config [destination.athena] query_result_bucket',
      'config [destination.athena.credentials] region_name',
      'config [destination.athena.credentials] aws_access_key_id',
      'secrets [destination.athena.credentials] aws_secret_access_key',
      'config [destination.filesystem] bucket_url',
      'config [destination.filesystem.credentials] aws_access_key_id',
      'secrets [destination.filesystem.credentials] aws_secret_access_key',
    ]);
    assert.equal(plan.toml.filter((entry) => entry.value === 'AKIA').length, 2);
    assert.equal(plan.staging, true);
    assert.deepEqual(plan.requirements, ['dlt[athena]']);
  });

  it('sqlalchemy: the driver package, and for a file database every credential in secrets.toml', () => {
    const mysql = planDestination(choice('sqlalchemy', { drivername: 'mysql+pymysql' }));
    assert.deepEqual(mysql.requirements, ['dlt[sqlalchemy]', 'pymysql']);
    assert.equal(mysql.toml.find((entry) => entry.key === 'port')?.value, 3306);
    const sqlite = planDestination(choice('sqlalchemy'));
    assert.deepEqual(layout(sqlite.toml), [
      'secrets [destination.sqlalchemy.credentials] drivername',
      'secrets [destination.sqlalchemy.credentials] database',
    ]);
    assert.deepEqual(sqlite.requirements, ['dlt[sqlalchemy]']);
    const unknown = planDestination(choice('sqlalchemy', { drivername: 'db2+ibm_db' }));
    assert.match(unknown.nextSteps.join('\n'), /driver package for "db2\+ibm_db"/);
  });

  it('duckdb and ducklake need nothing; optional settings are written only when given', () => {
    assert.deepEqual(planDestination(choice('duckdb')).toml, []);
    assert.deepEqual(planDestination(choice('ducklake')).toml, []);
    assert.deepEqual(planDestination(choice('duckdb')).requirements, ['dlt[duckdb,parquet]']);
    assert.deepEqual(
      layout(planDestination(choice('duckdb', { values: { databasePath: 'x.duckdb' } })).toml),
      ['secrets [destination.duckdb] credentials'],
    );
  });

  it('masks only secrets: the DuckDB database file is asked in the clear, a password is masked', () => {
    const questionType = (destination: string, option: string) =>
      placedSettings(choice(destination))
        .filter((placed) => placed.setting.option === option)
        .map((placed) => settingQuestion(placed).type);
    assert.deepEqual(questionType('duckdb', 'databasePath'), ['input']);
    assert.deepEqual(questionType('postgres', 'password'), ['password']);
    assert.deepEqual(questionType('postgres', 'host'), ['input']);
  });

  it('@e2e a custom destination: a module with a @dlt.destination function that ruff accepts, and its settings', async () => {
    const plan = planDestination(choice('destination', { customName: 'crm_sink' }));
    assert.equal(plan.reference, 'crm_sink_destination.crm_sink');
    assert.deepEqual(layout(plan.toml), [
      'config [destination.crm_sink] api_url',
      'secrets [destination.crm_sink] api_key',
    ]);
    assert.deepEqual(plan.requirements, ['dlt']);
    assert.deepEqual(
      plan.files.map((file) => file.path),
      ['crm_sink_destination.py'],
    );
    assert.equal(renderCustomDestination('my_destination').path, 'my_destination.py');
    const cwd = tempProject('dlt-custom-');
    writeFileSync(join(cwd, plan.files[0]!.path), plan.files[0]!.contents);
    assert.equal(await ruffProblems(cwd, [plan.files[0]!.path]), '');
  });

  it('checks bucket URLs: a scheme it knows, and S3 where only S3 will do', () => {
    assert.equal(validateBucketUrl('data'), true);
    assert.equal(validateBucketUrl('file:///tmp/data'), true);
    assert.equal(validateBucketUrl('gs://b'), true);
    assert.match(String(validateBucketUrl('ftp://x/y')), /scheme generator-dlt does not know \(ftp:\/\/\)/);
    assert.match(String(validateBucketUrl('gs://b', ['s3'])), /"gs:\/\/b" does not start with s3:\/\//);
    assert.equal(validateBucketUrl('', ['s3']), true, 'empty: a placeholder');
  });
});
