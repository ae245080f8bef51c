import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import helpers, { result } from 'yeoman-test';
import type CustomGenerator from '../../../generators/custom/index.js';
import { runGenerator, tempProject } from '../../support/cli.js';

const customGenerator = fileURLToPath(new URL('../../../generators/custom/index.js', import.meta.url));
const read = (cwd: string, path: string) => readFileSync(join(cwd, path), 'utf8');

describe('dlt:custom from the command line', () => {
  it('names every missing or invalid option with exit 2 and writes nothing', async () => {
    const cwd = tempProject();
    const missing = await runGenerator('custom', ['--yes', '--reader', 'package'], cwd);
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /--source-name is required/);
    assert.match(missing.stderr, /--package is required/);

    const invalid = await runGenerator(
      'custom',
      [
        '--yes',
        '--source-name',
        'shop',
        '--secrets',
        'api-key',
        '--resources',
        'items:merge, comments parent=nope',
        '--max-table-nesting',
        'deep',
      ],
      cwd,
    );
    assert.equal(invalid.code, 2, invalid.stderr);
    assert.match(invalid.stderr, /--secrets: "api-key" is not a Python identifier/);
    assert.match(invalid.stderr, /--resources: items: merge \(delete-insert\) needs a primary key/);
    assert.match(invalid.stderr, /comments: parent "nope" is not one of the resources/);
    assert.match(invalid.stderr, /--max-table-nesting: give a whole number/);
    assert.deepEqual(readdirSync(cwd), []);
  });

  it('writes the script, its smoke test, a conftest and placeholders, and stores the answers', async () => {
    const cwd = tempProject();
    const args = [
      '--yes',
      '--skip-install',
      '--source-name',
      'shop',
      '--reader',
      'rest_client',
      '--base-url',
      'https://api.shop.example/v1',
      '--secrets',
      'webhook_secret',
      '--resources',
      'items:merge:id cursor=updated_at, comments parent=items',
    ];
    const run = await runGenerator('custom', args, cwd);
    assert.equal(run.code, 0, run.stderr);
    for (const file of ['shop_pipeline.py', 'tests/test_shop_pipeline.py', 'conftest.py']) {
      assert.ok(existsSync(join(cwd, file)), file);
    }
    assert.match(
      read(cwd, '.dlt/config.toml'),
      /\[sources\.shop\]\n(#.*\n)*base_url = "https:\/\/api\.shop\.example\/v1"/,
    );
    const secrets = read(cwd, '.dlt/secrets.toml');
    assert.match(secrets, /\[sources\.shop\]/);
    assert.match(secrets, /^access_token = "<configure me>"/m);
    assert.match(secrets, /^webhook_secret = "<configure me>"/m);
    assert.doesNotMatch(read(cwd, '.dlt/config.toml'), /webhook_secret|access_token/);
    assert.match(run.stderr + run.stdout, /\.dlt\/secrets\.toml \[sources\.shop\] access_token/);
    assert.match(
      run.stderr + run.stdout,
      /Smoke-test the source: .* -m pytest tests\/test_shop_pipeline\.py/,
    );
    const stored = JSON.parse(read(cwd, '.yo-rc.json'))['generator-dlt'];
    assert.equal(stored.destination, 'duckdb');
    assert.equal(
      stored.generators.custom.resources,
      'items:merge:id cursor=updated_at, comments parent=items',
    );

    // run again with what was stored: nothing to ask, the same files
    const before = read(cwd, 'shop_pipeline.py');
    const again = await runGenerator('custom', ['--yes', '--skip-install'], cwd);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(read(cwd, 'shop_pipeline.py'), before);
  });

  it('takes the source name from a given pipeline name', async () => {
    const cwd = tempProject();
    const run = await runGenerator('custom', ['--yes', '--skip-install', '--pipeline-name', 'shop'], cwd);
    assert.equal(run.code, 0, run.stderr);
    assert.match(read(cwd, 'shop_pipeline.py'), /@dlt\.source\(name="shop"/);
  });

  it('puts the credentials under [sources.<source name>], the section dlt:rest uses', async () => {
    const auth = ['--yes', '--skip-install', '--base-url', 'https://api.shop.example/v1', '--auth', 'bearer'];
    const custom = tempProject();
    const rest = tempProject();
    const customRun = await runGenerator(
      'custom',
      [...auth, '--pipeline-name', 'shop', '--reader', 'rest_client'],
      custom,
    );
    assert.equal(customRun.code, 0, customRun.stderr);
    const restRun = await runGenerator(
      'rest',
      [...auth, '--pipeline-name', 'shop', '--resources', 'items'],
      rest,
    );
    assert.equal(restRun.code, 0, restRun.stderr);
    const tables = (cwd: string) => read(cwd, '.dlt/secrets.toml').match(/^\[.*\]$/gm);
    assert.deepEqual(tables(custom), ['[sources.shop]']);
    assert.deepEqual(tables(rest), ['[sources.shop]']);
  });

  it('refuses to overwrite a script that was edited unless --force is given', async () => {
    const cwd = tempProject();
    const args = ['--yes', '--skip-install', '--source-name', 'shop'];
    const first = await runGenerator('custom', args, cwd);
    assert.equal(first.code, 0, first.stderr);
    const edited = `${read(cwd, 'shop_pipeline.py')}# my change\n`;
    writeFileSync(join(cwd, 'shop_pipeline.py'), edited);

    const refused = await runGenerator('custom', [...args, '--resources', 'users'], cwd);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(
      refused.stderr,
      /shop_pipeline\.py would change, and with no terminal nobody can be asked .*nothing was written/,
    );
    assert.equal(read(cwd, 'shop_pipeline.py'), edited);
    assert.doesNotMatch(read(cwd, '.yo-rc.json'), /users/);

    const forced = await runGenerator('custom', [...args, '--resources', 'users', '--force'], cwd);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(read(cwd, 'shop_pipeline.py'), /def users\(\)/);
  });

  it('keeps an existing conftest.py and writes nothing with --dry-run', async () => {
    const cwd = tempProject();
    writeFileSync(join(cwd, 'conftest.py'), '# mine\n');
    const dry = await runGenerator(
      'custom',
      ['--yes', '--skip-install', '--source-name', 'shop', '--dry-run'],
      cwd,
    );
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(readdirSync(cwd), ['conftest.py']);
    const run = await runGenerator('custom', ['--yes', '--skip-install', '--source-name', 'shop'], cwd);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(read(cwd, 'conftest.py'), '# mine\n');
  });

  it('takes resources as a list of objects from an answers file, and prints a JSON summary', async () => {
    const cwd = tempProject();
    writeFileSync(
      join(cwd, 'answers.yaml'),
      [
        'source-name: crm',
        'reader: package',
        'package: simple-salesforce>=1.12',
        'package-client: Salesforce',
        'secrets: [username, password, security_token]',
        'resources:',
        '  - { name: accounts, write_disposition: merge, primary_key: Id, call: query_all }',
        '  - { name: contacts, parent: accounts, call: contacts_of }',
      ].join('\n'),
    );
    const run = await runGenerator(
      'custom',
      ['--answers', 'answers.yaml', '--yes', '--skip-install', '--json'],
      cwd,
    );
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as {
      pipelines: { name: string; script: string }[];
      placeholders: { file: string; table: string; key: string }[];
      requirements: string[];
      devRequirements: string[];
    };
    assert.deepEqual(
      summary.pipelines.map((p) => [p.name, p.script]),
      [['crm', 'crm_pipeline.py']],
    );
    assert.deepEqual(
      summary.placeholders.map((p) => `${p.file} ${p.table} ${p.key}`),
      ['username', 'password', 'security_token'].map((key) => `.dlt/secrets.toml sources.crm ${key}`),
    );
    assert.ok(summary.requirements.some((requirement) => requirement.startsWith('simple-salesforce')));
    assert.ok(summary.devRequirements.includes('pytest'));
    const script = read(cwd, 'crm_pipeline.py');
    assert.match(script, /^import simple_salesforce$/m);
    assert.match(
      script,
      /client = simple_salesforce\.Salesforce\(\n\s+username=username,\n\s+password=password,\n\s+security_token=security_token,\n\s+\)/,
    );
    assert.match(script, /yield from pages\(client\.query_all\(\)\)/);
    assert.match(script, /yield from pages\(client\.contacts_of\(account\["Id"\]\)\)/);
  });
});

describe('dlt:custom in a terminal', () => {
  it('asks the questions, then for resources one by one', async () => {
    await helpers
      .run<CustomGenerator>(customGenerator)
      .withOptions({ interactive: true, skipInstall: true })
      .withAnswers({
        sourceName: 'shop',
        reader: 'rest_client',
        baseUrl: 'https://api.shop.example',
        auth: 'api_key',
        apiKeyLocation: 'query',
        apiKeyName: 'key',
        paginator: 'offset',
        paginatorOptions: 'limit=50',
        secrets: '',
        config: '',
        // one answer set serves every resource the loop asks for: a single one, no more
        name: 'orders',
        writeDisposition: 'merge:upsert',
        primaryKey: 'id',
        cursor: 'updated_at',
        initialValue: '2024-01-01',
        startParam: 'updated_after',
        more: false,
      });
    const script = readFileSync(join(result.cwd, 'shop_pipeline.py'), 'utf8');
    assert.match(script, /auth=APIKeyAuth\(name="key", api_key=api_key, location="query"\)/);
    assert.match(script, /paginator=OffsetPaginator\(\n\s+limit=50,/);
    assert.match(script, /write_disposition=\{"disposition": "merge", "strategy": "upsert"\}/);
    assert.match(script, /"updated_at",\n\s+initial_value="2024-01-01",/);
    assert.match(
      script,
      /client\.paginate\(\n\s+"\/orders",\n\s+params=\{"updated_after": updated_at\.start_value\},\n/,
    );
    result.assertFileContent('.dlt/secrets.toml', /api_key = "<configure me>"/);
    result.assertFileContent('.yo-rc.json', /"resources": "orders:merge:upsert:id cursor=updated_at/);
  });
});
