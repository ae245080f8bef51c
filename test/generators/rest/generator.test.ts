import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import helpers, { result } from 'yeoman-test';
import type RestGenerator from '../../../generators/rest/index.js';
import { tempProject as makeTempProject, runGenerator } from '../../support/cli.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/rest/${name}`, import.meta.url));
const restGenerator = fileURLToPath(new URL('../../../generators/rest/index.js', import.meta.url));

const projects: string[] = [];
function tempProject(): string {
  const cwd = makeTempProject('dlt-rest-cli-');
  projects.push(cwd);
  return cwd;
}

/** Files in a project, ignoring what Yeoman keeps for itself. */
const projectFiles = (cwd: string) => readdirSync(cwd).filter((name) => name !== '.yo-rc.json');

describe('dlt:rest from the command line @e2e', () => {
  after(() => {
    for (const cwd of projects) rmSync(cwd, { recursive: true, force: true });
  });

  it('refuses a bad resource description with exit 2, says what to change, writes nothing', async () => {
    const cwd = tempProject();
    const run = await runGenerator(
      'rest',
      [
        '--yes',
        '--skip-install',
        '--base-url',
        'https://api.example.com',
        '--resources',
        'items write_disposition=merge; comments path=x/{resources.nope.id}',
      ],
      cwd,
    );
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /merges \(delete-insert\) but has no primary_key: give primary_key=<column>/);
    assert.match(run.stderr, /its parent "nope" is not a resource/);
    assert.deepEqual(readdirSync(cwd), []);
  });

  it('refuses {incremental.start_value} without an initial_value (dlt would send "None")', async () => {
    const cwd = tempProject();
    const run = await runGenerator(
      'rest',
      [
        '--yes',
        '--skip-install',
        '--base-url',
        'https://api.example.com',
        '--resources',
        'items incremental.cursor_path=updated_at params.since={incremental.start_value}',
      ],
      cwd,
    );
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /params\.since: .*add incremental\.initial_value=<first value>/);
    assert.deepEqual(readdirSync(cwd), []);
  });

  it('refuses --spec together with the options it replaces, and a spec that cannot be read', async () => {
    const cwd = tempProject();
    const both = await runGenerator(
      'rest',
      ['--yes', '--spec', fixture('everything.yaml'), '--auth', 'bearer'],
      cwd,
    );
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--auth cannot go with it: put them in the spec file instead/);
    // a paginator's parameter would be dropped without a word: the spec file's paginator wins
    const paging = await runGenerator(
      'rest',
      ['--yes', '--spec', fixture('everything.yaml'), '--limit', '50', '--cursor-path', 'next'],
      cwd,
    );
    assert.equal(paging.code, 2, paging.stderr);
    assert.match(
      paging.stderr,
      /so --cursor-path, --limit cannot go with it: put them in the spec file instead/,
    );
    const missing = await runGenerator('rest', ['--yes', '--spec', 'nowhere.yaml'], cwd);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--spec: cannot read .*nowhere\.yaml/);
    assert.deepEqual(readdirSync(cwd), []);
  });

  it('refuses auth options the chosen auth does not read (--token without --auth bearer), writing nothing', async () => {
    const client = ['--base-url', 'https://api.example.com', '--resources', 'items'];
    const cases: [string[], RegExp][] = [
      [[...client, '--token', 's3cr3t'], /--token goes with --auth bearer, not with no auth/],
      [
        [...client, '--auth', 'api_key', '--token', 's3cr3t', '--password', 'pw'],
        /--token goes with --auth bearer, not with --auth api_key \(--auth api_key takes --api-key-location, --api-key-name, --api-key\)\n\s+--password goes with --auth http_basic/,
      ],
      [
        ['--spec', fixture('everything.yaml'), '--client-id', 's3cr3t'],
        /--client-id: the --spec file declares api_key auth, which takes --api-key\./,
      ],
    ];
    for (const [args, message] of cases) {
      const cwd = tempProject();
      const run = await runGenerator('rest', ['--yes', '--skip-install', '--no-probe', ...args], cwd);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.ok(!`${run.stdout}${run.stderr}`.includes('s3cr3t'), 'the secret is not echoed');
      assert.deepEqual(projectFiles(cwd), []);
    }
  });

  it('refuses paginator options the chosen paginator does not read (--cursor-key with json_link), writing nothing', async () => {
    const client = ['--base-url', 'https://api.example.com', '--resources', 'items'];
    const cases: [string[], RegExp][] = [
      [
        [...client, '--paginator', 'json_link', '--cursor-key', 'foo'],
        /--cursor-key goes with --paginator header_cursor, not with --paginator json_link \(--paginator json_link takes --next-url-path\)\nGive the --paginator they go with/,
      ],
      [
        [...client, '--paginator', 'page_number', '--cursor-param', 'c', '--total-path', 'total'],
        /--cursor-param goes with --paginator cursor or --paginator header_cursor, not with --paginator page_number \(--paginator page_number takes --base-page, --page-param, --total-path\)\n/,
      ],
      [
        [...client, '--paginator', 'single_page', '--limit', '50'],
        /--limit goes with --paginator offset, not with --paginator single_page \(--paginator single_page takes none\)/,
      ],
      [
        [...client, '--limit', '50'],
        /--limit goes with --paginator offset, not with no --paginator\nWithout --paginator the paginator is detected/,
      ],
    ];
    for (const [args, message] of cases) {
      const cwd = tempProject();
      const run = await runGenerator('rest', ['--yes', '--skip-install', '--no-probe', ...args], cwd);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.deepEqual(projectFiles(cwd), []);
    }
  });

  it('refuses to touch a script it cannot edit', async () => {
    const cwd = tempProject();
    writeFileSync(join(cwd, 'shop_pipeline.py'), 'def broken(:\n');
    const run = await runGenerator('rest', ['--yes', '--pipeline-name', 'shop', '--resources', 'items'], cwd);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /shop_pipeline\.py exists but does not parse as Python/);
    assert.equal(readFileSync(join(cwd, 'shop_pipeline.py'), 'utf8'), 'def broken(:\n');
    assert.deepEqual(projectFiles(cwd), ['shop_pipeline.py']);
  });

  it('wants --force before it adds resources to a script when nobody can be asked', async () => {
    const cwd = tempProject();
    const common = [
      '--yes',
      '--skip-install',
      '--pipeline-name',
      'shop',
      '--no-probe',
      '--base-url',
      'https://api.shop.example',
    ];
    assert.equal((await runGenerator('rest', [...common, '--resources', 'orders'], cwd)).code, 0);
    const before = readFileSync(join(cwd, 'shop_pipeline.py'), 'utf8');
    const again = await runGenerator('rest', [...common, '--resources', 'orders,refunds'], cwd);
    assert.equal(again.code, 2, again.stderr);
    assert.match(
      again.stderr,
      /shop_pipeline\.py would change.*nothing was written. Run again with --force/s,
    );
    assert.equal(readFileSync(join(cwd, 'shop_pipeline.py'), 'utf8'), before);
    const forced = await runGenerator('rest', [...common, '--resources', 'orders,refunds', '--force'], cwd);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(readFileSync(join(cwd, 'shop_pipeline.py'), 'utf8'), /"name": "refunds"/);
  });

  it('names every file --force would change when nobody can be asked: the script and a .dlt file whose value differs', async () => {
    const cwd = tempProject();
    const common = [
      ...['--yes', '--skip-install', '--pipeline-name', 'shop', '--no-probe'],
      ...['--base-url', 'https://api.shop.example'],
    ];
    assert.equal((await runGenerator('rest', [...common, '--resources', 'orders'], cwd)).code, 0);
    const again = await runGenerator(
      'rest',
      [...common, '--resources', 'orders,refunds', '--destination', 'postgres'],
      cwd,
    );
    assert.equal(again.code, 2, again.stderr);
    assert.match(again.stderr, /shop_pipeline\.py, \.dlt\/config\.toml would change.*nothing was written/s);
  });

  it('on a re-run, only what is given this run changes settings or raises warnings', async () => {
    const cwd = tempProject();
    const first = ['--yes', '--skip-install', '--no-probe', '--pipeline-name', 'f4'];
    const created = await runGenerator(
      'rest',
      [...first, '--base-url', 'https://a.example', '--auth', 'bearer', '--resources', 'items'],
      cwd,
    );
    assert.equal(created.code, 0, created.stderr);
    const configPath = join(cwd, '.dlt/config.toml');
    writeFileSync(
      configPath,
      readFileSync(configPath, 'utf8').replace('https://a.example', 'https://edited.example'),
    );
    const json = (run: { stdout: string }) =>
      JSON.parse(run.stdout) as { warnings: string[]; toml: { key: string; action: string }[] };

    // nothing about the client given: the hand-edited base_url stays, no auth warning
    // (its paginator given: no warning about pagination left unverified)
    const more = await runGenerator(
      'rest',
      [...first, '--json', '--force', '--resources', 'more paginator=single_page'],
      cwd,
    );
    assert.equal(more.code, 0, more.stderr);
    assert.match(readFileSync(configPath, 'utf8'), /base_url = "https:\/\/edited\.example"/);
    assert.deepEqual(json(more).warnings, []);
    assert.match(readFileSync(join(cwd, 'f4_pipeline.py'), 'utf8'), /"name": "more"/);

    // a base_url given now is a conflict the summary reports; a paginator and auth given now are warned about
    const clash = await runGenerator(
      'rest',
      [
        ...first,
        '--json',
        '--force',
        '--base-url',
        'https://c.example',
        '--auth',
        'none',
        '--paginator',
        'offset',
        '--resources',
        'third',
      ],
      cwd,
    );
    assert.equal(clash.code, 0, clash.stderr);
    const summary = json(clash);
    assert.ok(
      summary.warnings.some((w) => /the none auth given now was not applied/.test(w)),
      summary.warnings.join('\n'),
    );
    assert.ok(summary.warnings.some((w) => /the offset paginator given now was not applied/.test(w)));
    // --force takes the base_url given this run
    assert.match(readFileSync(configPath, 'utf8'), /base_url = "https:\/\/c\.example"/);

    const kept = await runGenerator(
      'rest',
      [...first, '--json', '--base-url', 'https://d.example', '--resources', 'third'],
      cwd,
    );
    assert.equal(kept.code, 0, kept.stderr);
    assert.deepEqual(
      json(kept)
        .toml.filter((change) => change.key === 'base_url')
        .map((change) => change.action),
      ['conflict'],
    );
    assert.match(readFileSync(configPath, 'utf8'), /base_url = "https:\/\/c\.example"/);
  });

  it('takes resources as dicts from an --answers file', async () => {
    const cwd = tempProject();
    writeFileSync(
      join(cwd, 'answers.yaml'),
      [
        'pipeline-name: shop',
        'base-url: https://api.shop.example',
        'resource-defaults: primary_key=id',
        'resources:',
        '  - name: orders',
        '    endpoint: {path: v2/orders, params: {status: open}}',
        '  - name: lines',
        '    endpoint: v2/orders/{resources.orders.id}/lines',
        '    include_from_parent: [id]',
        '',
      ].join('\n'),
    );
    const run = await runGenerator(
      'rest',
      ['--yes', '--skip-install', '--no-probe', '--answers', 'answers.yaml'],
      cwd,
    );
    assert.equal(run.code, 0, run.stderr);
    const script = readFileSync(join(cwd, 'shop_pipeline.py'), 'utf8');
    assert.match(script, /"resource_defaults": \{"primary_key": "id", "write_disposition": "merge"\}/);
    assert.match(script, /"endpoint": \{"path": "v2\/orders", "params": \{"status": "open"\}\}/);
    assert.match(
      script,
      /"endpoint": "v2\/orders\/\{resources\.orders\.id\}\/lines",\n\s+"include_from_parent": \["id"\],\n\s+"parallelized": True/,
    );
  });

  it('writes nothing with --dry-run', async () => {
    const cwd = tempProject();
    const run = await runGenerator(
      'rest',
      ['--yes', '--skip-install', '--dry-run', '--resources', 'items'],
      cwd,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(projectFiles(cwd), []);
  });

  it('makes up no example resource: without resources it exits 2 naming --resources, writing nothing', async () => {
    const cwd = tempProject();
    const run = await runGenerator(
      'rest',
      ['--yes', '--skip-install', '--json', '--base-url', 'https://api.example.com/v1'],
      cwd,
    );
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /No resources to load: give --resources/);
    assert.deepEqual(projectFiles(cwd), []);
  });

  it('splits a full endpoint URL into the base URL and the resource, and prints a JSON summary', async () => {
    const cwd = tempProject();
    const run = await runGenerator(
      'rest',
      [
        '--yes',
        '--skip-install',
        '--json',
        '--no-probe',
        '--base-url',
        'https://api.example.com/v1/customers',
      ],
      cwd,
    );
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as {
      pipelines: { name: string; script: string; run: string }[];
      warnings: string[];
      requirements: string[];
    };
    assert.deepEqual(
      summary.pipelines.map((p) => [p.name, p.script]),
      [['example', 'example_pipeline.py']],
    );
    assert.ok(
      summary.requirements.some((r) => /^dlt\[(?=.*duckdb)(?=.*hub).*\]/.test(r)),
      summary.requirements.join(),
    );
    assert.match(
      readFileSync(join(cwd, 'example_pipeline.py'), 'utf8'),
      /\{"name": "customers", "endpoint": \{"path": "customers"\}\}/,
    );
    assert.match(
      readFileSync(join(cwd, '.dlt/config.toml'), 'utf8'),
      /base_url = "https:\/\/api\.example\.com\/v1"/,
    );
    // the next pipeline of the project is offered the base URL, not the endpoint
    const stored = JSON.parse(readFileSync(join(cwd, '.yo-rc.json'), 'utf8'))['generator-dlt'];
    assert.equal(stored.generators.rest.baseUrl, 'https://api.example.com/v1');
  });
});

describe('dlt:rest with an endpoint URL as the base URL', () => {
  it('run again with the same URL: nothing changes (no base_url conflict, the resource once)', async () => {
    const cwd = tempProject();
    const args = [
      '--yes',
      '--skip-install',
      '--no-probe',
      '--json',
      '--base-url',
      'https://api.example.com/v1/items',
    ];
    assert.equal((await runGenerator('rest', args, cwd)).code, 0);
    const script = readFileSync(join(cwd, 'example_pipeline.py'), 'utf8');
    const again = await runGenerator('rest', args, cwd);
    assert.equal(again.code, 0, again.stderr);
    const summary = JSON.parse(again.stdout) as { files: unknown[]; toml: { key: string; action: string }[] };
    assert.deepEqual(summary.files, []);
    assert.deepEqual(
      summary.toml.filter((change) => change.action === 'conflict'),
      [],
    );
    assert.equal(readFileSync(join(cwd, 'example_pipeline.py'), 'utf8'), script);
    assert.match(
      readFileSync(join(cwd, '.dlt/config.toml'), 'utf8'),
      /^base_url = "https:\/\/api\.example\.com\/v1"$/m,
    );
  });
});

describe('dlt:rest in a terminal', () => {
  it('asks for the client, then for resources one by one', async () => {
    await helpers
      .run<RestGenerator>(restGenerator)
      .withOptions({ interactive: true, skipInstall: true, probe: false })
      .withAnswers({
        baseUrl: 'https://api.shop.example',
        pipelineName: 'shop',
        auth: 'api_key',
        apiKeyLocation: 'query',
        apiKey: '',
        paginator: 'page_number',
        name: 'orders',
        path: 'v2/orders',
        primaryKey: 'id',
        writeDisposition: 'merge:upsert',
        params: 'status=open per_page=50',
        more: false,
      });
    result.assertFile('shop_pipeline.py');
    const script = readFileSync(join(result.cwd, 'shop_pipeline.py'), 'utf8');
    assert.match(
      script,
      /"auth": \{\n\s+"type": "api_key",\n\s+"name": "api_key",\n\s+"api_key": api_key,\n\s+"location": "query",/,
    );
    assert.match(
      script,
      /"paginator": \{\n\s+"type": "page_number",\n\s+"base_page": 1,\n\s+"page_param": "page",\n\s+"total_path": "total",/,
    );
    assert.match(script, /"path": "v2\/orders",\n\s+"params": \{"status": "open", "per_page": 50\}/);
    assert.match(script, /"write_disposition": \{"disposition": "merge", "strategy": "upsert"\}/);
    result.assertFileContent('.dlt/secrets.toml', /api_key = "<configure me>"/);
  });
});
