import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runGenerator, tempProject } from '../../support/cli.js';
import {
  type ProcessResult,
  ruffProblems,
  runPipelineScript,
  runPython,
  tableCounts,
  useDltFloor,
} from '../../support/python.js';
import { type SampleApi, startSampleApi } from '../../support/sample-api.js';

/** Puts real values where the generator left placeholders; fails when a placeholder is missing. */
function fillIn(cwd: string, file: 'config' | 'secrets', values: Record<string, string>): void {
  const path = join(cwd, '.dlt', `${file}.toml`);
  let text = readFileSync(path, 'utf8');
  for (const [key, value] of Object.entries(values)) {
    const placeholder = new RegExp(`^${key} = "<configure me>".*$`, 'm');
    assert.match(text, placeholder, `${file}.toml has no placeholder for ${key}:\n${text}`);
    text = text.replace(placeholder, `${key} = ${JSON.stringify(value)}`);
  }
  writeFileSync(path, text);
}

async function generate(cwd: string, args: readonly string[]): Promise<void> {
  const run = await runGenerator(
    'custom',
    ['--yes', '--skip-install', '--source-name', 'shop', ...args],
    cwd,
  );
  assert.equal(run.code, 0, run.stderr);
}

const read = (cwd: string, path: string) => readFileSync(join(cwd, path), 'utf8');

function assertRan(run: ProcessResult, what: string): void {
  assert.equal(run.code, 0, `${what} failed:\n${run.stdout}\n${run.stderr}`);
}

/** The generated Python files of a project, for ruff. */
function pythonFiles(cwd: string): string[] {
  const tests = readdirSync(join(cwd, 'tests')).map((name) => `tests/${name}`);
  return [
    ...readdirSync(cwd).filter((name) => name.endsWith('.py')),
    ...tests.filter((n) => n.endsWith('.py')),
  ];
}

function smokeTest(cwd: string, env: NodeJS.ProcessEnv = {}) {
  return runPython(['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests/test_shop_pipeline.py'], cwd, env);
}

/** Rows the generated source's items resource yields, read through dlt (RESTClient, auth, paginator). */
const COUNT_EXTRACTED_ITEMS =
  'import shop_pipeline; print(len(list(shop_pipeline.shop_source().resources["items"])))';

const commentsOf = (ids: readonly number[]) => ids.reduce((sum, id) => sum + (id % 3), 0);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('dlt:custom end to end @e2e', function () {
  this.timeout(180_000);
  let api: SampleApi;

  before(async () => {
    api = await startSampleApi();
  });
  after(async () => {
    await api.close();
  });

  it('rest_client: loads pages through RESTClient with the token from secrets.toml, incrementally; its smoke test passes (on the lowest dlt supported)', async () => {
    const cwd = tempProject('dlt-custom-rest-');
    useDltFloor(cwd);
    await generate(cwd, [
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
      'items:merge:id cursor=updated_at start_param=since, comments parent=items paginator=single_page data_selector=$',
    ]);
    assert.equal(await ruffProblems(cwd, pythonFiles(cwd)), '');
    fillIn(cwd, 'secrets', { access_token: api.credentials.token });

    api.clearRequests();
    assertRan(await runPipelineScript(cwd, 'shop_pipeline.py'), 'the first run');
    assert.deepEqual(await tableCounts(cwd, 'shop'), { items: 300, items__tags: 450, comments: 300 });
    assert.ok(
      api.requests.every((request) => request.headers.authorization === `Bearer ${api.credentials.token}`),
    );

    // the next run asks only for what changed since the last one, and merges it
    const lastSeen = api.items().at(-1)!.updated_at;
    api.updateItems([1, 2, 3], { status: 'closed' });
    api.clearRequests();
    assertRan(await runPipelineScript(cwd, 'shop_pipeline.py'), 'the second run');
    const itemRequests = api.requests.filter((request) => request.path.endsWith('/items'));
    assert.equal(itemRequests[0]?.query.since, lastSeen);
    const counts = await tableCounts(cwd, 'shop');
    assert.equal(counts.items, 300);
    assert.equal(counts.comments, 300 + commentsOf([1, 2, 3]));

    assertRan(await smokeTest(cwd), 'the smoke test');

    // --dev: two pages of items (and their comments) into a fresh dataset
    const devRun = await runPython(['shop_pipeline.py', '--dev'], cwd, {
      DLT_DATA_DIR: join(cwd, '.dlt-data'),
    });
    assertRan(devRun, 'the --dev run');
    assert.match(devRun.stdout, /dataset shop_data_\d+/);
    assert.deepEqual(await tableCounts(cwd, 'shop'), {
      items: 50,
      items__tags: 75,
      comments: commentsOf(range(1, 50)),
    });

    // an API error fails the run and says which resource and which request
    writeFileSync(
      join(cwd, '.dlt/secrets.toml'),
      read(cwd, '.dlt/secrets.toml').replace(api.credentials.token, 'a-revoked-token'),
    );
    const refused = await runPipelineScript(cwd, 'shop_pipeline.py');
    assert.notEqual(refused.code, 0);
    assert.match(
      refused.stderr,
      /resource `items`.*401 Client Error: Unauthorized for url: http:\/\/127\.0\.0\.1:\d+\/auth\/bearer\/json_link\/items/,
    );

    // the token lives in secrets.toml only
    for (const file of ['shop_pipeline.py', 'tests/test_shop_pipeline.py', '.dlt/config.toml']) {
      assert.doesNotMatch(readFileSync(join(cwd, file), 'utf8'), new RegExp(api.credentials.token), file);
    }
    assert.match(
      readFileSync(join(cwd, 'shop_pipeline.py'), 'utf8'),
      /access_token: str = dlt\.secrets\.value/,
    );
  });

  const styles: { paginator: string; options: string; selector: string; auth: string[]; route: string }[] = [
    { paginator: 'header_link', options: '', selector: '', auth: ['--auth', 'none'], route: '' },
    {
      paginator: 'header_cursor',
      options: 'cursor_key=X-Next-Cursor cursor_param=cursor',
      selector: '$',
      auth: ['--auth', 'api_key', '--api-key-name', 'X-API-Key'],
      route: '/auth/api_key_header',
    },
    {
      paginator: 'cursor',
      options: 'cursor_path=next_cursor cursor_param=cursor',
      selector: 'items',
      auth: ['--auth', 'api_key', '--api-key-location', 'query', '--api-key-name', 'api_key'],
      route: '/auth/api_key_query',
    },
    {
      paginator: 'offset',
      options: 'limit=40 offset_param=offset limit_param=limit total_path=total',
      selector: 'items',
      auth: ['--auth', 'http_basic'],
      route: '/auth/basic',
    },
    {
      paginator: 'page_number',
      options: 'base_page=1 page_param=page total_path=total_pages',
      selector: 'items',
      auth: ['--auth', 'oauth2_client_credentials'],
      route: '/auth/oauth2',
    },
    {
      paginator: 'single_page',
      options: '',
      selector: '',
      auth: ['--auth', 'bearer'],
      route: '/auth/bearer',
    },
  ];
  for (const style of styles) {
    it(`rest_client: pages with ${style.paginator} and authenticates with ${style.auth[1]}`, async () => {
      const cwd = tempProject('dlt-custom-rest-style-');
      await generate(cwd, [
        '--reader',
        'rest_client',
        '--base-url',
        `${api.url}${style.route}/${style.paginator}`,
        ...style.auth,
        '--paginator',
        style.paginator,
        ...(style.options ? ['--paginator-options', style.options] : []),
        ...(style.selector ? ['--data-selector', style.selector] : []),
        '--resources',
        'items:replace:id',
      ]);
      const { credentials } = api;
      const secrets: Record<string, Record<string, string>> = {
        bearer: { access_token: credentials.token },
        api_key: { api_key: credentials.apiKey },
        http_basic: { username: credentials.username, password: credentials.password },
        oauth2_client_credentials: {
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
        },
      };
      const auth = style.auth[1]!;
      if (secrets[auth]) fillIn(cwd, 'secrets', secrets[auth]);
      if (auth === 'oauth2_client_credentials')
        fillIn(cwd, 'config', { access_token_url: `${api.url}/oauth/token` });

      // extracting with dlt is enough here: loading is what the tests above check
      const extract = await runPython(['-c', COUNT_EXTRACTED_ITEMS], cwd);
      assertRan(extract, 'the extraction');
      assert.equal(extract.stdout.trim(), '300');
    });
  }

  it('package: imports the package, builds its client from secrets.toml and config.toml, groups rows into pages; its smoke test passes', async () => {
    const cwd = tempProject('dlt-custom-package-');
    // the SDK lives outside the project, as an installed package would
    const sitePackages = tempProject('dlt-custom-sdk-');
    mkdirSync(join(sitePackages, 'shop_sdk'));
    writeFileSync(
      join(sitePackages, 'shop_sdk', '__init__.py'),
      [
        '"""A stand-in SDK: a client that checks its key and returns rows one by one."""',
        '',
        '',
        'class Client:',
        '    def __init__(self, region, api_key):',
        '        if api_key != "sdk-key-from-secrets":',
        '            raise PermissionError("shop_sdk: invalid API key")',
        '        self.region = region',
        '',
        '    def items(self):',
        '        for number in range(1, 2501):',
        '            yield {"id": number, "region": self.region, "seq": number}',
        '',
        '    def list_comments(self, item_id):',
        '        return [{"id": item_id * 10 + n, "item_id": item_id} for n in range(item_id % 3)]',
        '',
      ].join('\n'),
    );
    await generate(cwd, [
      '--reader',
      'package',
      '--package',
      'shop-sdk>=1.0',
      '--config',
      'region',
      '--resources',
      'items:merge:id cursor=seq, comments:merge:id parent=items call=list_comments',
    ]);
    const script = readFileSync(join(cwd, 'shop_pipeline.py'), 'utf8');
    assert.match(script, /^import shop_sdk$/m);
    assert.match(script, /client = shop_sdk\.Client\(region=region, api_key=api_key\)/);
    assert.equal(await ruffProblems(cwd, pythonFiles(cwd)), '');
    const requirements = readdirSync(cwd)
      .filter((name) => /^requirements.*\.txt$|^pyproject\.toml$/.test(name))
      .map((name) => readFileSync(join(cwd, name), 'utf8'))
      .join('\n');
    assert.match(requirements, /shop-sdk>=1\.0/);
    assert.match(requirements, /pytest/);

    fillIn(cwd, 'secrets', { api_key: 'sdk-key-from-secrets' });
    fillIn(cwd, 'config', { region: 'eu-west' });
    const env = { PYTHONPATH: sitePackages };
    assertRan(await runPipelineScript(cwd, 'shop_pipeline.py', env), 'the run');
    assert.deepEqual(await tableCounts(cwd, 'shop'), { items: 2500, comments: commentsOf(range(1, 2500)) });
    assertRan(await smokeTest(cwd, env), 'the smoke test');

    writeFileSync(
      join(cwd, '.dlt/secrets.toml'),
      readFileSync(join(cwd, '.dlt/secrets.toml'), 'utf8').replace('sdk-key-from-secrets', 'a-wrong-key'),
    );
    const refused = await runPipelineScript(cwd, 'shop_pipeline.py', env);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /shop_sdk: invalid API key/);

    // a package whose client is not the guessed callable (simple-salesforce has no Client): the smoke
    // test skips, saying what to adapt; without the package at all, it skips saying to install it
    const sdk = join(sitePackages, 'shop_sdk', '__init__.py');
    writeFileSync(sdk, readFileSync(sdk, 'utf8').replace('class Client:', 'class Salesforce:'));
    const skipped = await runPython(
      ['-m', 'pytest', '-rs', '-p', 'no:cacheprovider', 'tests/test_shop_pipeline.py'],
      cwd,
      env,
    );
    assert.equal(skipped.code, 0, skipped.stdout + skipped.stderr);
    assert.match(skipped.stdout, /1 skipped/);
    assert.match(skipped.stdout, /shop_sdk\.Client does not exist: adapt the lines marked 'adapt' in/);
    const missing = await runPython(
      ['-m', 'pytest', '-rs', '-p', 'no:cacheprovider', 'tests/test_shop_pipeline.py'],
      cwd,
    );
    assert.equal(missing.code, 0, missing.stdout + missing.stderr);
    assert.match(missing.stdout, /install shop-sdk>=1\.0 first/);
  });

  it('python: runs its sample rows as generated, merges them on a re-run; its smoke test passes', async () => {
    const cwd = tempProject('dlt-custom-python-');
    await generate(cwd, [
      '--resources',
      'items:merge:id cursor=updated_at, comments:merge:id parent=items, events:replace',
      '--performance-settings',
    ]);
    assert.equal(await ruffProblems(cwd, pythonFiles(cwd)), '');
    assert.match(readFileSync(join(cwd, '.dlt/config.toml'), 'utf8'), /\n\[normalize\]\nworkers = 2 {2}# /);
    for (let run = 1; run <= 2; run += 1) {
      assertRan(await runPipelineScript(cwd, 'shop_pipeline.py'), `run ${run}`);
      assert.deepEqual(await tableCounts(cwd, 'shop'), { items: 3, comments: 6, events: 3 });
    }
    assertRan(await smokeTest(cwd), 'the smoke test');
  });
});
