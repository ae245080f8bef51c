import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DESTINATIONS, destinationOption } from '../../../generators/destination/catalog.js';
import { hasSlot } from '../../../generators/destination/connection-string.js';
import { authMethods, connectionStringParts } from '../../../generators/destination/plan.js';
import type { RunSummary } from '../../../shared/project/summary.js';
import { toKebabCase } from '../../../shared/python/naming.js';
import { runGenerator, tempProject } from '../../support/cli.js';
import { generateDestination as generate } from '../../support/destination.js';
import { ruffProblems } from '../../support/python.js';

const read = (cwd: string, file: string) => readFileSync(join(cwd, file), 'utf8');

/** A pipeline script laid out the way the pipeline generators write them. */
function pipelineScript(name: string, destination: string): string {
  return [
    `"""The ${name} pipeline."""`,
    '',
    'import dlt',
    '',
    '',
    'def load() -> None:',
    '    pipeline = dlt.pipeline(',
    `        pipeline_name="${name}",`,
    `        destination="${destination}",`,
    `        dataset_name="${name}_data",`,
    '    )',
    '    print(pipeline.run([{"id": 1}], table_name="items"))',
    '',
    '',
    'if __name__ == "__main__":',
    '    load()',
    '',
  ].join('\n');
}

/** dlt:rest's arguments for a pipeline of its own, with no API to probe. */
const restArgs = (name: string, extra: string[] = []) => [
  '--no-probe',
  '--base-url',
  'https://api.example.com',
  '--resources',
  'items paginator=single_page',
  '--pipeline-name',
  name,
  ...extra,
  '--yes',
  '--skip-install',
];

/** dlt:destination for the prod profile: filesystem into a relative folder. */
const PROD_LAKE = [
  ...['--destination', 'filesystem', '--destination-bucket-url', 'lake'],
  ...['--profile', 'prod', '--yes', '--skip-install'],
];

describe('@e2e dlt:destination from the command line', () => {
  it('writes the settings, never prints a secret, stores only the destination in .yo-rc.json', async () => {
    const cwd = tempProject('dlt-destination-');
    const secret = 'pw-7f3a9c-not-to-be-printed';
    const run = await runGenerator(
      'destination',
      [
        '--destination',
        'postgres',
        '--destination-host',
        'db.internal',
        '--destination-password',
        secret,
        '--yes',
        '--skip-install',
        '--json',
      ],
      cwd,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), 'the password is not printed');
    assert.ok(!read(cwd, '.dlt/config.toml').includes(secret));
    assert.match(
      read(cwd, '.dlt/secrets.toml'),
      new RegExp(`\\[destination\\.postgres\\.credentials\\]\\npassword = "${secret}"\\n`),
    );
    assert.ok(!read(cwd, '.yo-rc.json').includes(secret));
    const stored = (JSON.parse(read(cwd, '.yo-rc.json')) as { 'generator-dlt': Record<string, unknown> })[
      'generator-dlt'
    ];
    assert.equal(stored.destination, 'postgres');
    assert.ok(
      !JSON.stringify(stored).includes('db.internal'),
      'settings of one destination are not defaults for the next',
    );

    const summary = JSON.parse(run.stdout) as RunSummary;
    assert.deepEqual(
      summary.placeholders.map((p) => `${p.file} ${p.key}`),
      ['.dlt/config.toml database', '.dlt/config.toml username'],
    );
    assert.deepEqual(summary.requirements, ['dlt[hub,postgres]>=1.27.2']);
    assert.match(summary.nextSteps.join('\n'), /dlthub\.com\/docs\/dlt-ecosystem\/destinations\/postgres/);
  });

  it('merges into existing files without a conflict prompt, keeps the user’s values and comments, reports the conflicts', async () => {
    const cwd = tempProject('dlt-destination-');
    mkdirSync(join(cwd, '.dlt'));
    const config = '# team settings\n[destination.postgres.credentials]\nhost = "prod-db" # the primary\n';
    writeFileSync(join(cwd, '.dlt/config.toml'), config);
    writeFileSync(join(cwd, '.gitignore'), 'node_modules/\n');
    const run = await runGenerator(
      'destination',
      ['--destination', 'postgres', '--destination-host', 'other-db', '--yes', '--skip-install', '--json'],
      cwd,
    );
    assert.equal(run.code, 0, run.stderr);
    const merged = read(cwd, '.dlt/config.toml');
    assert.ok(merged.startsWith(config), merged);
    assert.doesNotMatch(merged, /port|connect_timeout/, 'dlt’s defaults are not written');
    assert.ok(read(cwd, '.gitignore').startsWith('node_modules/\n\n# dlt'));
    const summary = JSON.parse(run.stdout) as RunSummary;
    assert.deepEqual(
      summary.toml.filter((change) => change.action === 'conflict'),
      [
        {
          file: '.dlt/config.toml',
          table: 'destination.postgres.credentials',
          key: 'host',
          action: 'conflict',
        },
      ],
    );
  });

  it('refuses what it cannot use with exit 2, says what is allowed, and writes nothing', async () => {
    const cwd = tempProject('dlt-destination-');
    const unknown = await runGenerator('destination', ['--destination', 'oracle', '--yes'], cwd);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /"oracle" is not one of: duckdb, motherduck, bigquery/);
    const bucket = await runGenerator(
      'destination',
      ['--destination', 'athena', '--destination-bucket-url', 'gs://b', '--yes'],
      cwd,
    );
    assert.equal(bucket.code, 2);
    assert.match(bucket.stderr, /--destination-bucket-url: "gs:\/\/b" does not start with s3:\/\//);
    const port = await runGenerator(
      'destination',
      ['--destination', 'mssql', '--destination-port', 'x14', '--yes'],
      cwd,
    );
    assert.equal(port.code, 2);
    assert.match(port.stderr, /--destination-port: "x14" is not a whole number/);
    const outside = await runGenerator(
      'destination',
      ['--destination', 'duckdb', '--destination-database-path', '../../etc/x.duckdb', '--yes'],
      cwd,
    );
    assert.equal(outside.code, 2);
    assert.match(
      outside.stderr,
      /--destination-database-path: "\.\.\/\.\.\/etc\/x\.duckdb" is outside the project/,
    );
    assert.deepEqual(readdirSync(cwd), []);

    mkdirSync(join(cwd, '.dlt'));
    writeFileSync(join(cwd, '.dlt/secrets.toml'), '[destination.postgres.credentials\npassword = "x"\n');
    const broken = await runGenerator(
      'destination',
      ['--destination', 'postgres', '--yes', '--skip-install'],
      cwd,
    );
    assert.equal(broken.code, 2);
    assert.match(
      broken.stderr,
      /\.dlt\/secrets\.toml is not valid TOML \(line 1, column \d+: .+\)\. Nothing was written/,
    );
    assert.deepEqual(readdirSync(join(cwd, '.dlt')), ['secrets.toml']);
    assert.ok(!existsSync(join(cwd, '.gitignore')));
  });

  it('completes the pipeline a pipeline generator writes in the same run (Athena needs staging)', async () => {
    const cwd = tempProject('dlt-destination-');
    const run = await runGenerator(
      'rest',
      [
        '--destination',
        'athena',
        '--no-probe',
        '--base-url',
        'https://api.example.com',
        // a paginator given: nothing is left unverified to warn about
        '--resources',
        'items paginator=single_page',
        '--yes',
        '--skip-install',
      ],
      cwd,
    );
    assert.equal(run.code, 0, run.stderr);
    const [script] = readdirSync(cwd).filter((name) => name.endsWith('_pipeline.py'));
    assert.doesNotMatch(read(cwd, script!), /destination=|staging=/);
    assert.match(
      read(cwd, '.dlt/config.toml'),
      /\[pipelines\.example\]\ndestination_type = "athena"\nstaging_type = "filesystem"\n/,
    );
    assert.equal(await ruffProblems(cwd, [script!]), '');
  });

  it('a pipeline written where a profile already sends its name to postgres loads no parquet; without one it does', async () => {
    const args = [
      '--no-probe',
      '--base-url',
      'https://api.example.com',
      '--resources',
      'items paginator=single_page',
    ];
    const cwd = tempProject('dlt-destination-');
    mkdirSync(join(cwd, '.dlt'));
    writeFileSync(join(cwd, '.dlt/.workspace'), '');
    writeFileSync(join(cwd, '.dlt/prod.config.toml'), '[pipelines.example]\ndestination_type = "postgres"\n');
    const run = await runGenerator(
      'rest',
      [...args, '--pipeline-name', 'example', '--yes', '--skip-install'],
      cwd,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(read(cwd, 'example_pipeline.py'), /loader_file_format|parquet/);
    const other = await runGenerator(
      'rest',
      [...args, '--pipeline-name', 'other', '--yes', '--skip-install'],
      cwd,
    );
    assert.equal(other.code, 0, other.stderr);
    assert.match(read(cwd, 'other_pipeline.py'), /loader_file_format="parquet"/);
  });

  it("a --profile destination stays that profile's: not the project's remembered default, so pipelines written later load into DuckDB under every other profile", async () => {
    const cwd = tempProject('dlt-destination-');
    assert.equal((await runGenerator('rest', restArgs('first'), cwd)).code, 0);
    const prod = await runGenerator('destination', PROD_LAKE, cwd);
    assert.equal(prod.code, 0, prod.stderr);
    const stored = JSON.parse(read(cwd, '.yo-rc.json'))['generator-dlt'] as Record<string, unknown>;
    assert.notEqual(stored.destination, 'filesystem');
    const second = await runGenerator('rest', restArgs('second'), cwd);
    assert.equal(second.code, 0, second.stderr);
    const config = read(cwd, '.dlt/config.toml');
    assert.match(config, /\[pipelines\.second\]\ndestination_type = "duckdb"\n/);
    assert.doesNotMatch(config, /filesystem|bucket_url/);
    assert.match(
      read(cwd, '.dlt/prod.config.toml'),
      /\[pipelines\.first\]\ndestination_type = "filesystem"\n/,
    );
  });

  it("--profile summary: names only the profile files written, runs with the project's Python (uv), says where a relative bucket_url puts the files", async () => {
    const cwd = tempProject('dlt-destination-');
    const rest = await runGenerator('rest', restArgs('nexty', ['--package-manager', 'uv']), cwd);
    assert.equal(rest.code, 0, rest.stderr);
    const prod = await runGenerator('destination', PROD_LAKE, cwd);
    assert.equal(prod.code, 0, prod.stderr);
    assert.ok(!existsSync(join(cwd, '.dlt/prod.secrets.toml')));
    assert.doesNotMatch(prod.stderr, /prod\.secrets\.toml/);
    assert.match(prod.stderr, /Settings went to the prod profile \(\.dlt\/prod\.config\.toml\);/);
    assert.match(prod.stderr, /Run under prod: WORKSPACE__PROFILE=prod uv run python nexty_pipeline\.py/);
    assert.doesNotMatch(prod.stderr, /WORKSPACE__PROFILE=prod python/);
    assert.match(prod.stderr, /The files go to \.dlt\/data\/prod\/lake:/);
  });

  it('shares an answers file with the pipeline generator that composes it: each takes its own keys', async () => {
    const cwd = tempProject('dlt-destination-');
    writeFileSync(
      join(cwd, 'answers.yaml'),
      'destination: postgres\nauth: bearer\npassword: x\ntoken: y\ndestination-password: pw\n',
    );
    const run = await runGenerator(
      'rest',
      [
        '--answers',
        'answers.yaml',
        '--no-probe',
        '--base-url',
        'https://api.example.com',
        // a paginator given: nothing is left unverified to warn about
        '--resources',
        'items paginator=single_page',
        '--yes',
        '--skip-install',
        '--json',
      ],
      cwd,
    );
    assert.equal(run.code, 0, run.stderr);
    const secrets = read(cwd, '.dlt/secrets.toml');
    assert.match(secrets, /\[sources\.example\]\ntoken = "y"\n/);
    assert.match(secrets, /\[destination\.postgres\.credentials\]\npassword = "pw"\n/);
    assert.deepEqual((JSON.parse(run.stdout) as RunSummary).warnings, []);
  });

  it('connection-string form: the password given goes into the string in secrets.toml, never to the output, not even a --dry-run diff', async () => {
    const cwd = tempProject('dlt-destination-');
    const secret = 'pw-5e1b-not-to-be-printed';
    const args = [
      ...['--destination', 'postgres', '--destination-credentials-form', 'connection-string'],
      ...['--destination-host', 'h', '--destination-password', secret, '--yes', '--skip-install'],
    ];
    const run = await runGenerator('destination', args, cwd);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout + run.stderr, /pw-5e1b|is not used by postgres/);
    assert.match(
      read(cwd, '.dlt/secrets.toml'),
      new RegExp(`credentials = "postgresql://<username>:${secret}@h:5432/<database>"`),
    );
    assert.ok(!existsSync(join(cwd, '.dlt/config.toml')) || !read(cwd, '.dlt/config.toml').includes(secret));
    const dry = await runGenerator(
      'destination',
      [...args.map((arg) => (arg === secret ? `${secret}-2` : arg)), '--force', '--dry-run'],
      cwd,
    );
    assert.equal(dry.code, 0, dry.stderr);
    assert.doesNotMatch(dry.stdout + dry.stderr, /pw-5e1b/);
  });

  it('writes nothing with --dry-run', async () => {
    const cwd = tempProject('dlt-destination-');
    const run = await runGenerator('destination', ['--destination', 'snowflake', '--yes', '--dry-run'], cwd);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(readdirSync(cwd), []);
  });
});

describe('dlt:destination in a project', () => {
  it('asks for each setting in a terminal; empty answers become placeholders', async () => {
    const cwd = tempProject('dlt-destination-');
    await generate(
      cwd,
      { interactive: true },
      {
        destination: 'snowflake',
        destinationAuth: 'password',
        destinationCredentialsForm: 'fields',
        destinationHost: 'kgiotue-wn98412',
        destinationPassword: 's3cr3t',
      },
    );
    assert.match(
      read(cwd, '.dlt/config.toml'),
      /host = "kgiotue-wn98412"\n# the database to load into\ndatabase = "<configure me>"/,
    );
    assert.match(read(cwd, '.dlt/secrets.toml'), /password = "s3cr3t"/);
  });

  it('reads only its own keys of a shared answers file: a REST API’s auth, password and token are not its own', async () => {
    const cwd = tempProject('dlt-destination-');
    writeFileSync(
      join(cwd, 'answers.yaml'),
      'destination: postgres\nauth: bearer\npassword: x\ntoken: y\ndestination-password: pw\n',
    );
    const state = await generate(cwd, { answers: 'answers.yaml', yes: true });
    assert.deepEqual(state.warnings, []);
    const secrets = read(cwd, '.dlt/secrets.toml');
    assert.match(secrets, /\[destination\.postgres\.credentials\]\npassword = "pw"\n/);
    assert.doesNotMatch(secrets + read(cwd, '.dlt/config.toml'), /"[xy]"/);
    assert.doesNotMatch(read(cwd, '.yo-rc.json'), /pw|bearer/);
  });

  it('warns about options the destination does not use', async () => {
    const cwd = tempProject('dlt-destination-');
    const state = await generate(cwd, {
      destination: 'duckdb',
      destinationHost: 'db',
      destinationWarehouse: 'wh',
      yes: true,
    });
    assert.deepEqual(state.warnings, [
      '--destination-host is not used by duckdb; ignored.',
      '--destination-warehouse is not used by duckdb; ignored.',
    ]);
  });

  it('connection-string form: every credentials part given goes into the string, or is refused (exit 2) saying which form takes it', async () => {
    for (const info of DESTINATIONS.filter((entry) => entry.connectionString)) {
      const methods = authMethods({ destination: info.name });
      for (const auth of methods.length > 0 ? methods.map((method) => method.value) : [undefined]) {
        const base = {
          destination: info.name,
          destinationCredentialsForm: 'connection-string',
          ...(auth ? { destinationAuth: auth } : {}),
          ...(info.name === 'sqlalchemy' ? { destinationDrivername: 'mysql+pymysql' } : {}),
          yes: true,
        };
        const parts = connectionStringParts({
          destination: info.name,
          credentialsForm: 'connection-string',
          auth,
          drivername: 'mysql+pymysql',
          values: {},
        }).map(({ setting }) => setting);
        const label = `${info.name} ${auth ?? ''}`;
        // dlt unquotes the user, password, database and query values: those are percent-encoded
        const value = (option: string) => ({ port: '1234', host: 'v-host' })[option] ?? `v@${option}`;
        const placed = parts.filter((setting) => hasSlot(info.connectionString!.template, setting.option));
        const placeless = parts.filter((setting) => !placed.includes(setting));
        assert.ok(placed.length > 0, label);

        const cwd = tempProject('dlt-destination-');
        const options = Object.fromEntries(placed.map((s) => [destinationOption(s.option), value(s.option)]));
        const state = await generate(cwd, { ...base, ...options });
        assert.deepEqual(state.warnings, [], label);
        const credentials = read(cwd, '.dlt/secrets.toml').match(/^credentials = "(.*)"$/m)?.[1] ?? '';
        for (const setting of placed) {
          const written =
            ({ port: ':1234', host: '@v-host' } as Record<string, string>)[setting.option] ??
            `v%40${setting.option}`;
          assert.ok(credentials.includes(written), `${label}: ${setting.option} in ${credentials}`);
        }
        const config = existsSync(join(cwd, '.dlt/config.toml')) ? read(cwd, '.dlt/config.toml') : '';
        assert.doesNotMatch(config, /v@|v-host|1234/, label);

        for (const setting of placeless) {
          const flag = `--${toKebabCase(destinationOption(setting.option))}`;
          const empty = tempProject('dlt-destination-');
          await assert.rejects(
            generate(empty, { ...base, [destinationOption(setting.option)]: value(setting.option) }),
            (error: Error & { exitCode?: number }) => {
              assert.equal(error.exitCode, 2, label);
              assert.ok(
                error.message.startsWith(`${flag}: ${info.name}'s connection string (`),
                error.message,
              );
              assert.match(error.message, /--destination-credentials-form fields.*Nothing was written\.$/);
              return true;
            },
          );
          assert.deepEqual(readdirSync(empty), [], label);
        }
      }
    }
  });

  it('connection-string form: fills what was given, says what is left to fill, refuses parts beside a whole string', async () => {
    const cwd = tempProject('dlt-destination-');
    const postgres = { destination: 'postgres', destinationCredentialsForm: 'connection-string', yes: true };
    const state = await generate(cwd, { ...postgres, destinationHost: 'h' });
    assert.deepEqual(state.warnings, []);
    assert.match(
      read(cwd, '.dlt/secrets.toml'),
      /\[destination\.postgres\]\ncredentials = "postgresql:\/\/<username>:<password>@h:5432\/<database>"\n/,
    );
    assert.ok(
      state.nextSteps.includes(
        'Fill in <username>, <password>, <database> of the connection string (credentials under [destination.postgres]) in the secrets file.',
      ),
    );
    const snowflake = tempProject('dlt-destination-');
    await generate(snowflake, {
      destination: 'snowflake',
      destinationCredentialsForm: 'connection-string',
      destinationHost: 'acc',
      destinationWarehouse: 'W H',
      yes: true,
    });
    // the optional role left out, not left as "<role>" for dlt to send
    assert.match(
      read(snowflake, '.dlt/secrets.toml'),
      /credentials = "snowflake:\/\/<username>:<password>@acc\/<database>\?warehouse=W%20H"\n/,
    );

    const both = tempProject('dlt-destination-');
    await assert.rejects(
      generate(both, {
        ...postgres,
        destinationConnectionString: 'postgresql://u:p@c/d',
        destinationHost: 'h',
      }),
      {
        exitCode: 2,
        message:
          '--destination-host: the connection string given holds the credentials already; give either the whole ' +
          'string (--destination-connection-string) or its parts, not both. Nothing was written.',
      },
    );
    assert.deepEqual(readdirSync(both), []);
  });

  it('pointed at filesystem (also under --profile): warns once per merge resource without table_format delta or iceberg', async () => {
    const merging = [
      'import dlt',
      '',
      '',
      '@dlt.resource(primary_key="id", write_disposition="merge")',
      'def orders():',
      '    yield [{"id": 1}]',
      '',
      '',
      '@dlt.resource(primary_key="id", write_disposition={"disposition": "merge"}, table_format="delta")',
      'def customers():',
      '    yield [{"id": 1}]',
      '',
      '',
      '@dlt.resource(write_disposition="append")',
      'def events():',
      '    yield [{"id": 1}]',
      '',
      '',
      'pipeline = dlt.pipeline(pipeline_name="shop", destination="duckdb", dataset_name="shop_data")',
      'pipeline.run([orders(), customers(), events()])',
      '',
    ].join('\n');
    for (const profile of [undefined, 'prod']) {
      const cwd = tempProject('dlt-destination-');
      writeFileSync(join(cwd, 'shop_pipeline.py'), merging);
      const state = await generate(cwd, {
        destination: 'filesystem',
        destinationBucketUrl: '/tmp/lake',
        pointPipelines: 'all',
        ...(profile ? { profile, workspace: true } : {}),
        yes: true,
      });
      const warnings = state.warnings.filter((warning) => /Falling back to append/.test(warning));
      assert.deepEqual(warnings, [
        'orders (shop_pipeline.py:5) merges, but a filesystem destination appends plain files (dlt says ' +
          '"Falling back to append"): every run adds its rows again. Give it table_format="delta" (with ' +
          'dlt\'s deltalake extra) or "iceberg" (with the pyiceberg extra), or write_disposition="replace" to reload it whole.',
      ]);
    }
  });

  it('@e2e points the project’s pipelines at the new destination when asked, as ruff would lay them out', async () => {
    const cwd = tempProject('dlt-destination-');
    writeFileSync(join(cwd, 'shop_pipeline.py'), pipelineScript('shop', 'duckdb'));
    writeFileSync(join(cwd, 'crm_pipeline.py'), pipelineScript('crm', 'duckdb'));
    const state = await generate(cwd, {
      destination: 'athena',
      destinationBucketUrl: 's3://b/stage',
      pointPipelines: 'shop',
      yes: true,
    });
    const shop = read(cwd, 'shop_pipeline.py');
    // the destination goes from the code to the config, staging with it
    assert.equal(shop, pipelineScript('shop', 'duckdb').replace('        destination="duckdb",\n', ''));
    assert.match(
      read(cwd, '.dlt/config.toml'),
      /\[pipelines\.shop\]\ndestination_type = "athena"\nstaging_type = "filesystem"\n/,
    );
    assert.equal(read(cwd, 'crm_pipeline.py'), pipelineScript('crm', 'duckdb'));
    assert.deepEqual(state.warnings, []);
    assert.equal(await ruffProblems(cwd, ['shop_pipeline.py']), '');

    const again = await generate(cwd, {
      destination: 'athena',
      destinationBucketUrl: 's3://b/stage',
      yes: true,
    });
    assert.equal(read(cwd, 'shop_pipeline.py'), shop, 'already pointed: unchanged');
    assert.match(
      again.nextSteps.join('\n'),
      /To load crm_pipeline\.py into athena as well, run again with --point-pipelines crm/,
    );
  });

  it('--point-pipelines: refuses a name no pipeline has (exit 2, the pipelines there, nothing written); all and none still work', async () => {
    const cwd = tempProject('dlt-destination-');
    writeFileSync(join(cwd, 'shop_pipeline.py'), pipelineScript('shop', 'duckdb'));
    writeFileSync(join(cwd, 'crm_pipeline.py'), pipelineScript('crm', 'duckdb'));
    const lake = { destination: 'filesystem', destinationBucketUrl: '/tmp/lake', yes: true };
    for (const [pointPipelines, message] of [
      [
        'shopp',
        '--point-pipelines: no pipeline of this project is named "shopp" (did you mean shop?); its pipelines are ' +
          'crm (crm_pipeline.py), shop (shop_pipeline.py). Give pipeline names, comma-separated, or all or none. Nothing was written.',
      ],
      ['crm, nosuch', /is named "nosuch"; its pipelines are crm \(crm_pipeline\.py\), shop/],
    ] as const) {
      await assert.rejects(
        generate(cwd, { ...lake, pointPipelines }),
        (error: Error & { exitCode?: number }) => {
          assert.equal(error.exitCode, 2);
          if (typeof message === 'string') assert.equal(error.message, message);
          else assert.match(error.message, message);
          return true;
        },
      );
    }
    assert.deepEqual(readdirSync(cwd).sort(), ['crm_pipeline.py', 'shop_pipeline.py']);
    assert.equal(read(cwd, 'crm_pipeline.py'), pipelineScript('crm', 'duckdb'));

    const empty = tempProject('dlt-destination-');
    await assert.rejects(
      generate(empty, { ...lake, pointPipelines: 'shop' }),
      /this project has no pipeline script/,
    );
    assert.deepEqual(readdirSync(empty), []);

    const none = await generate(cwd, { ...lake, pointPipelines: 'none' });
    assert.deepEqual(none.warnings, []);
    assert.equal(read(cwd, 'shop_pipeline.py'), pipelineScript('shop', 'duckdb'));
    await generate(cwd, { ...lake, pointPipelines: 'all' });
    assert.doesNotMatch(read(cwd, 'shop_pipeline.py') + read(cwd, 'crm_pipeline.py'), /destination=/);
    // a named pipeline that loads here already is no mistake: the summary says so
    const again = await generate(cwd, { ...lake, pointPipelines: 'shop' });
    assert.deepEqual(again.warnings, []);
    assert.deepEqual(
      again.nextSteps.filter((step) => /already/.test(step)),
      ['shop_pipeline.py (pipeline shop) loads into filesystem already; it was left as it is.'],
    );
  });

  it('offers the pipelines in a terminal', async () => {
    const cwd = tempProject('dlt-destination-');
    writeFileSync(join(cwd, 'shop_pipeline.py'), pipelineScript('shop', 'duckdb'));
    await generate(
      cwd,
      { interactive: true },
      { destination: 'motherduck', destinationCredentialsForm: 'fields', chosen: ['shop'] },
    );
    assert.doesNotMatch(read(cwd, 'shop_pipeline.py'), /destination=/);
    assert.match(read(cwd, '.dlt/config.toml'), /\[pipelines\.shop\]\ndestination_type = "motherduck"\n/);
  });

  it('writes a custom destination module once, and the pipelines load into it by reference', async () => {
    const cwd = tempProject('dlt-destination-');
    writeFileSync(join(cwd, 'shop_pipeline.py'), pipelineScript('shop', 'duckdb'));
    await generate(cwd, {
      destination: 'destination',
      destinationName: 'crm_sink',
      pointPipelines: 'all',
      yes: true,
    });
    assert.match(read(cwd, 'crm_sink_destination.py'), /@dlt\.destination\(batch_size=100\)\ndef crm_sink\(/);
    assert.doesNotMatch(read(cwd, 'shop_pipeline.py'), /destination=/);
    assert.match(
      read(cwd, '.dlt/config.toml'),
      /\[pipelines\.shop\]\ndestination_type = "crm_sink_destination\.crm_sink"\n/,
    );
    writeFileSync(join(cwd, 'crm_sink_destination.py'), '# mine\n');
    const state = await generate(cwd, { destination: 'destination', destinationName: 'crm_sink', yes: true });
    assert.equal(read(cwd, 'crm_sink_destination.py'), '# mine\n');
    assert.match(state.nextSteps.join('\n'), /crm_sink_destination\.py exists already and was left as it is/);
  });

  it('warns when git tracks secrets.toml, and says how to stop it', async () => {
    const cwd = tempProject('dlt-destination-');
    mkdirSync(join(cwd, '.dlt'));
    writeFileSync(join(cwd, '.dlt/secrets.toml'), '[x]\ny = 1\n');
    const git = (...args: string[]) => execFileSync('git', args, { cwd, stdio: 'ignore' });
    git('init', '-q');
    git('add', '.dlt/secrets.toml');
    const state = await generate(cwd, { destination: 'duckdb', yes: true });
    assert.match(
      state.warnings.join('\n'),
      /\.dlt\/secrets\.toml is tracked by git.*`git rm --cached \.dlt\/secrets\.toml`/,
    );
  });
});
