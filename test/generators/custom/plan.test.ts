import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planCustomSource } from '../../../generators/custom/plan.js';
import { customQuestions } from '../../../generators/custom/questions.js';
import {
  buildSourceSpec,
  checkNameList,
  defaultModuleOf,
  type SourceSpec,
  validateRequirement,
} from '../../../generators/custom/source-spec.js';
import { type Answers, resolveAnswers } from '../../../shared/questions/question.js';
import { tempProject } from '../../support/cli.js';
import { ruffProblems } from '../../support/python.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/custom/${name}`, import.meta.url));

/** Answers as a non-interactive run resolves them: given values checked, defaults for the rest. */
async function answersFor(given: Answers): Promise<Answers> {
  return resolveAnswers(
    customQuestions,
    { given, file: {}, stored: {} },
    { canAsk: false, ask: async () => assert.fail('nothing may be asked') },
  );
}

async function specFor(given: Answers): Promise<SourceSpec> {
  return buildSourceSpec(await answersFor({ sourceName: 'shop', ...given }));
}

async function planFor(given: Answers, hasRootConftest = false) {
  return planCustomSource(await specFor(given), { hasRootConftest });
}

const REST_SHOP: Answers = {
  reader: 'rest_client',
  auth: 'bearer',
  paginator: 'json_link',
  dataSelector: 'data',
  resources:
    'items:merge:id cursor=updated_at initial_value=2024-01-01T00:00:00Z start_param=since, ' +
    'comments parent=items paginator=single_page data_selector=$',
};
const PACKAGE_SHOP: Answers = {
  reader: 'package',
  package: 'shop-sdk>=1.0',
  config: 'region',
  resources: 'items:replace:id, comments parent=items call=list_comments',
};
const PYTHON_SHOP: Answers = {
  reader: 'python',
  resources: 'items:merge:id cursor=updated_at, comments:merge:upsert:id parent=items, events:replace',
};

/** The rendered script must equal the fixture; UPDATE_FIXTURES=1 rewrites the fixture instead. */
function assertFixture(name: string, actual: string): void {
  const path = fixture(name);
  if (process.env.UPDATE_FIXTURES) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  assert.equal(actual, readFileSync(path, 'utf8'), `${name} differs (UPDATE_FIXTURES=1 rewrites it)`);
}

describe('dlt:custom source spec', () => {
  it('names the script, the function and the config section after the pipeline and the source', async () => {
    const spec = await specFor({ pipelineName: 'shop_sync' });
    assert.equal(spec.functionName, 'shop_source');
    assert.equal(spec.module, 'shop_sync_pipeline');
    assert.equal(spec.script, 'shop_sync_pipeline.py');
    assert.equal(spec.testScript, 'tests/test_shop_sync_pipeline.py');
    assert.equal(spec.datasetName, 'shop_sync_data');
    const named = await specFor({ sourceName: 'crm_source', pipelineName: 'crm_pipeline' });
    assert.equal(named.functionName, 'crm_source');
    assert.equal(named.script, 'crm_pipeline.py');
  });

  it('gives rest_client the base URL, the auth arguments, and a path for every resource', async () => {
    const spec = await specFor({
      ...REST_SHOP,
      auth: 'oauth2_client_credentials',
      baseUrl: 'https://api.shop.example/v1',
      secrets: 'webhook_key',
      config: 'region',
      resources: 'items:merge:id, comments parent=items, reactions parent=comments, tags path=/meta/tags',
    });
    assert.deepEqual(
      spec.arguments.map((arg) => `${arg.name}${arg.secret ? ' (secret)' : ''}`),
      [
        'base_url',
        'access_token_url',
        'region',
        'client_id (secret)',
        'client_secret (secret)',
        'webhook_key (secret)',
      ],
    );
    assert.deepEqual(spec.configValues, { base_url: 'https://api.shop.example/v1' });
    assert.deepEqual(
      spec.resources.map((resource) => resource.path),
      ['/items', '/items/{id}/comments', '/comments/{id}/reactions', '/meta/tags'],
    );
  });

  it('refuses resources that do not fit together, naming each problem', async () => {
    const problems = async (given: Answers) => {
      try {
        await specFor(given);
      } catch (error) {
        return (error as Error).message;
      }
      return assert.fail('no error');
    };
    const message = await problems({
      reader: 'python',
      secrets: 'token',
      resources:
        'items:merge, token, pages, comments parent=nope, Bad, tags:merge:upsert, ' +
        'notes path=/notes call=list, events start_param=since, logs:append:upsert',
    });
    assert.match(message, /items: merge \(delete-insert\) needs a primary key, e.g. items:merge:id/);
    assert.match(message, /token: is also the name of a secret or setting/);
    assert.match(message, /pages: "pages" is a name the generated module uses itself/);
    assert.match(message, /comments: parent "nope" is not one of the resources/);
    assert.match(message, /"Bad": a resource name is lower_snake_case/);
    assert.match(message, /tags: merge \(upsert\) needs a primary key/);
    assert.match(message, /notes: path is for --reader rest_client/);
    assert.match(message, /notes: call is for --reader package/);
    assert.match(message, /events: start_param needs a cursor/);
    assert.match(
      await problems({ reader: 'rest_client', resources: 'items path=/items/{id}' }),
      /only a transformer/,
    );
    assert.match(
      await problems({ reader: 'rest_client', resources: 'items paginator=auto' }),
      /paginator "auto" is not one of: single_page, json_link/,
    );
    assert.match(await problems({ resources: 'a parent=b, b parent=a' }), /the parents form a loop/);
    assert.match(
      await problems({ reader: 'rest_client', paginator: 'offset', paginatorOptions: 'limit=ten' }),
      /--paginator-options: limit=ten: give a whole number/,
    );
  });

  it('checks names of secrets and settings', () => {
    assert.equal(checkNameList(['api_key', 'region'], 'secrets', {}), true);
    assert.match(String(checkNameList(['api-key'], 'secrets', {})), /"api-key" is not a Python identifier/);
    assert.match(String(checkNameList(['a', 'a'], 'config', {})), /"a" is given twice/);
    assert.match(
      String(checkNameList(['token'], 'config', { secrets: 'token' })),
      /"token" is already a secret/,
    );
    assert.match(
      String(checkNameList(['client'], 'config', {})),
      /"client" is a name the generated module uses/,
    );
    assert.match(
      String(
        checkNameList(['access_token_url'], 'secrets', {
          reader: 'rest_client',
          auth: 'oauth2_client_credentials',
        }),
      ),
      /already a setting of the API's auth/,
    );
  });

  it('reads pip requirements and derives the module to import', () => {
    for (const good of [
      'stripe',
      'simple-salesforce>=1.12',
      'boto3[crt]==1.34.0',
      'pkg @ https://x.example/p.whl',
    ]) {
      assert.equal(validateRequirement(good), true, good);
    }
    assert.match(String(validateRequirement('not a package')), /is not a pip requirement/);
    assert.equal(defaultModuleOf('simple-salesforce>=1.12'), 'simple_salesforce');
    assert.equal(defaultModuleOf('Shop.SDK[extra]'), 'shop_sdk');
  });
});

describe('dlt:custom plan', () => {
  it('puts every argument in its file, under [sources.<source>] (the section dlt:rest uses too), with known values filled in', async () => {
    const plan = await planFor({
      ...REST_SHOP,
      baseUrl: 'https://api.shop.example/v1',
      secrets: 'extra_key',
    });
    assert.deepEqual(
      plan.toml.map((entry) => [entry.table.join('.'), entry.key, entry.value, entry.secret]),
      [
        ['sources.shop', 'base_url', 'https://api.shop.example/v1', false],
        ['sources.shop', 'access_token', '<configure me>', true],
        ['sources.shop', 'extra_key', '<configure me>', true],
      ],
    );
    assert.match(String(plan.toml[1]!.comment), /Bearer/);
  });

  it("adds dlt's performance knobs only when asked", async () => {
    assert.equal((await planFor({ performanceSettings: true })).performanceAdvice, 'always');
    assert.equal((await planFor({})).performanceAdvice, undefined);
    assert.equal((await planFor({ performanceSettings: true })).toml.length, 0);
  });

  it('requires the package, pytest for development, and DuckDB for the smoke test of another destination', async () => {
    const plan = await planFor(PACKAGE_SHOP);
    assert.deepEqual(plan.requirements, ['shop-sdk>=1.0']);
    assert.deepEqual(plan.devRequirements, ['pytest']);
    assert.deepEqual((await planFor({ destination: 'bigquery' })).devRequirements, ['pytest', 'dlt[duckdb]']);
    assert.equal(plan.pipelines.length, 1);
    assert.deepEqual(plan.pipelines[0], {
      name: 'shop',
      script: 'shop_pipeline.py',
      datasetName: 'shop_data',
      destination: 'duckdb',
    });
  });

  it('writes a root conftest.py only where there is none', async () => {
    const paths = (plan: { files: { path: string }[] }) => plan.files.map((file) => file.path);
    assert.deepEqual(paths(await planFor({})), [
      'shop_pipeline.py',
      'tests/test_shop_pipeline.py',
      'conftest.py',
    ]);
    assert.deepEqual(paths(await planFor({}, true)), ['shop_pipeline.py', 'tests/test_shop_pipeline.py']);
  });
});

describe('dlt:custom rendering', () => {
  it('renders the rest_client pipeline as expected', async () => {
    const plan = await planFor(REST_SHOP);
    assertFixture('rest_client/shop_pipeline.py', plan.files[0]!.contents);
    assertFixture('rest_client/test_shop_pipeline.py', plan.files[1]!.contents);
  });

  it('renders the package pipeline as expected', async () => {
    assertFixture('package/shop_pipeline.py', (await planFor(PACKAGE_SHOP)).files[0]!.contents);
  });

  it('renders the plain Python pipeline as expected', async () => {
    const plan = await planFor(PYTHON_SHOP);
    assertFixture('python/shop_pipeline.py', plan.files[0]!.contents);
    assertFixture('python/test_shop_pipeline.py', plan.files[1]!.contents);
  });

  it('reads secrets and settings only through dlt: no value of them is in the code', async () => {
    const plan = await planFor({
      ...REST_SHOP,
      auth: 'http_basic',
      baseUrl: 'https://api.shop.example/v1',
      secrets: 'webhook_key',
    });
    const script = plan.files[0]!.contents;
    for (const name of ['username', 'password', 'webhook_key']) {
      assert.match(script, new RegExp(`^    ${name}: str = dlt\\.secrets\\.value,$`, 'm'));
    }
    assert.match(script, /^ {4}base_url: str = dlt\.config\.value,$/m);
    assert.doesNotMatch(script, /api\.shop\.example/);
  });

  it('@e2e passes ruff check and ruff format --check for every reader, auth and paginator', async function () {
    this.timeout(60_000);
    const variants: Answers[] = [
      REST_SHOP,
      PACKAGE_SHOP,
      PYTHON_SHOP,
      {
        reader: 'package',
        package: 'google-cloud-bigquery',
        packageModule: 'google.cloud.bigquery',
        secrets: '',
      },
      {
        reader: 'package',
        package: 'boto3',
        packageClient: 'session.Session',
        resources: 'buckets call=list_buckets',
      },
      { reader: 'python', maxTableNesting: 'none', performanceSettings: true, config: 'start_date,region' },
      ...['none', 'api_key', 'http_basic', 'oauth2_client_credentials'].map((auth, index) => ({
        reader: 'rest_client',
        auth,
        apiKeyLocation: 'query',
        paginator: ['auto', 'header_cursor', 'offset', 'page_number'][index],
        resources:
          'repositories:merge:upsert:owner_id+repository_id cursor=pushed_at start_param=pushed_since, ' +
          'pull_requests:merge:scd2 parent=repositories path=/repos/{owner.login}/{name}/pulls cursor=id, ' +
          'review_comments_with_a_rather_long_name parent=pull_requests paginator=cursor data_selector=data.items',
      })),
      {
        reader: 'python',
        resources:
          'a_resource_with_a_very_long_name_that_goes_on:merge:first_key+second_key+third_key cursor=x',
      },
    ];
    const cwd = tempProject('dlt-custom-ruff-');
    const files: string[] = [];
    for (const [index, given] of variants.entries()) {
      const plan = await planFor({ ...given, pipelineName: `variant_${index}` });
      for (const file of plan.files.filter((f) => f.path.endsWith('_pipeline.py'))) {
        mkdirSync(dirname(join(cwd, file.path)), { recursive: true });
        writeFileSync(join(cwd, file.path), file.contents);
        files.push(file.path);
      }
    }
    assert.equal(await ruffProblems(cwd, files), '');
  });
});
