import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGenerator, tempProject } from '../../support/cli.js';
import { queryRows, ruffProblems, runPipelineScript, runPython } from '../../support/python.js';
import { type SampleApi, startSampleApi } from '../../support/sample-api.js';

/**
 * dlt:rest --openapi with specs that describe the local sample API (every paging style, a child,
 * a detail endpoint, a bearer-protected copy served by URL, a Swagger 2.0 copy with an API key):
 * the generated pipelines run with real dlt into DuckDB, and every row of every table loads.
 */

const RECORDS = 45;
const PAGE_SIZE = 10;
const PAGES = Math.ceil(RECORDS / PAGE_SIZE);
/** Item i has i % 3 comments; even items have two tags, odd ones one. */
const COMMENTS = Array.from({ length: RECORDS }, (_, i) => (i + 1) % 3).reduce((a, b) => a + b, 0);
/** Comment k (0-based) of an item has k + 1 reactions. */
const REACTIONS = Array.from({ length: RECORDS }, (_, i) => [0, 1, 3][(i + 1) % 3]!).reduce(
  (a, b) => a + b,
  0,
);
const TAGS = Array.from({ length: RECORDS }, (_, i) => ((i + 1) % 2 === 0 ? 2 : 1)).reduce(
  (a, b) => a + b,
  0,
);

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/openapi/${name}`, import.meta.url));

/**
 * Row counts of every data table, and child rows whose parent key does not match their own
 * (comments: _<items resource>_id = item_id; reactions: _comments_id = comment_id).
 */
async function loaded(
  cwd: string,
  pipeline: string,
): Promise<{ counts: Record<string, number>; orphans: number }> {
  const code = `
import json, sys, dlt
pipeline = dlt.attach(pipeline_name=sys.argv[1])
counts, orphans = {}, -1
with pipeline.sql_client() as client:
    for table in pipeline.default_schema.data_table_names():
        name = client.make_qualified_table_name(table)
        counts[table] = client.execute_sql(f"SELECT COUNT(*) FROM {name}")[0][0]
        # the parent's key, as include_from_parent names it: _<parent>_id
        own = {"comments": "item_id", "reactions": "comment_id"}
        if table in own:
            columns = pipeline.default_schema.get_table_columns(table)
            parent_key = next(c for c in columns if c.startswith("_") and not c.startswith("_dlt") and c.endswith("_id") and not c.endswith("__id"))
            if table == "reactions":
                parent_key = "_comments_id"
            check = f"{parent_key} IS NULL OR {parent_key} <> {own[table]}"
            bad = client.execute_sql(f"SELECT COUNT(*) FROM {name} WHERE {check}")[0][0]
            orphans = max(orphans, 0) + bad
print(json.dumps({"counts": counts, "orphans": orphans}))
`;
  const result = await runPython(['-c', code, pipeline], cwd, { DLT_DATA_DIR: join(cwd, '.dlt-data') });
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').pop()!);
}

function items(table: string): Record<string, number> {
  return { [table]: RECORDS, [`${table}__tags`]: TAGS };
}

async function generateAndRun(
  api: SampleApi,
  pipeline: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ cwd: string; stdout: string; stderr: string; requests: Record<string, number> }> {
  const cwd = tempProject('dlt-openapi-');
  const generated = await runGenerator(
    'rest',
    ['--yes', '--skip-install', '--pipeline-name', pipeline, ...args],
    cwd,
  );
  assert.equal(generated.code, 0, generated.stderr);
  const script = `${pipeline}_pipeline.py`;
  assert.equal(await ruffProblems(cwd, [script]), '');
  api.clearRequests();
  const run = await runPipelineScript(cwd, script, env);
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  const requests: Record<string, number> = {};
  for (const request of api.requests) requests[request.path] = (requests[request.path] ?? 0) + 1;
  return { cwd, stdout: generated.stdout, stderr: generated.stderr, requests };
}

describe('dlt:rest --openapi pipelines load every row @e2e', function () {
  this.timeout(300_000);
  let api: SampleApi;

  before(async () => {
    api = await startSampleApi({
      records: RECORDS,
      pageSize: PAGE_SIZE,
      documents: { '/openapi.json': readFileSync(fixture('sample-api-bearer.json'), 'utf8') },
    });
  });
  after(() => api.close());

  it('every paging style, a child, a grandchild and a detail endpoint, from an OpenAPI 3.0 YAML file; incremental accepted', async () => {
    const { cwd, stderr, requests } = await generateAndRun(api, 'styles', [
      '--openapi',
      fixture('sample-api.yaml'),
      '--base-url',
      api.url,
      '--openapi-incremental',
    ]);
    assert.match(stderr, /incremental loading written for json_link_items \(updated_after -> updated_at\)/);
    for (const style of [
      'json_link',
      'header_link',
      'header_cursor',
      'cursor',
      'offset',
      'page_number',
      'has_more',
    ]) {
      assert.equal(requests[`/${style}/items`], PAGES, `pages of /${style}/items`);
    }
    assert.equal(requests['/single_page/items'], 1);
    const script = readFileSync(join(cwd, 'styles_pipeline.py'), 'utf8');
    assert.match(
      script,
      /"cursor_path": "data\[-1\]\.id",\n\s+"cursor_param": "starting_after",\n\s+"has_more_path": "has_more"/,
    );
    assert.match(script, /"updated_after": "\{incremental\.start_value\}"/);
    assert.doesNotMatch(script, /"auto"/);
    const expected = {
      ...items('json_link_items'),
      ...items('header_link_items'),
      ...items('header_cursor_items'),
      ...items('cursor_items'),
      ...items('offset_items'),
      ...items('page_number_items'),
      ...items('single_page_items'),
      ...items('has_more_items'),
      ...items('item_details'),
      comments: COMMENTS,
      reactions: REACTIONS,
    };
    for (const round of ['first', 'second']) {
      if (round === 'second') {
        api.clearRequests();
        const again = await runPipelineScript(cwd, 'styles_pipeline.py');
        assert.equal(again.code, 0, again.stderr);
        const since = api.requests.find((r) => r.path === '/json_link/items')?.query.updated_after;
        assert.ok(
          since && since > '2024-01-01',
          `the second run asks only for changes (updated_after=${since})`,
        );
      }
      const facts = await loaded(cwd, 'styles');
      assert.deepEqual(facts.counts, expected, `${round} run: rows per table`);
      assert.equal(facts.orphans, 0, `${round} run: comments carry their item's id`);
    }
  });

  it('a spec wrong about the API (records elsewhere, a key they lack, no paging, an endpoint it lacks): the probe reads the answer, and every row loads, once', async () => {
    const specPath = join(tempProject('dlt-openapi-spec-'), 'wrong.json');
    const record = {
      type: 'object',
      properties: { code: { type: 'string', 'x-primary-key': true }, name: { type: 'string' } },
    };
    const listAt = (property: string, extra: Record<string, unknown> = {}) => ({
      get: {
        responses: {
          200: {
            description: 'ok',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { [property]: { type: 'array', items: record }, ...extra },
                },
              },
            },
          },
        },
      },
    });
    writeFileSync(
      specPath,
      JSON.stringify({
        openapi: '3.0.0',
        info: { title: 'wrong', version: '1' },
        servers: [{ url: api.url }],
        paths: {
          // records at "data", not "results"; keyed by id, not code
          '/json_link/items': listAt('results', { next: { type: 'string' } }),
          // no paging in the spec: the API pages by offset
          '/offset/items': listAt('items'),
          // the API has no widgets
          '/json_link/widgets': listAt('data'),
        },
      }),
    );
    const { cwd, stderr, requests } = await generateAndRun(api, 'wrong', ['--openapi', specPath]);
    assert.match(
      stderr,
      /json_link_items: the spec puts its records at "results", but the API answered them at "data"/,
    );
    assert.match(
      stderr,
      /json_link_items: the spec's primary key code is not a field of its records .*merges on id instead/,
    );
    assert.match(
      stderr,
      /offset_items: the spec shows no paging, but page 2 of the API brought new records: paginator offset/,
    );
    assert.match(stderr, /widgets is left out of the script: GET \S+\/json_link\/widgets answered 404/);
    assert.equal(requests['/json_link/items'], PAGES);
    assert.equal(requests['/json_link/widgets'], undefined);
    for (const round of ['first', 'second']) {
      if (round === 'second') assert.equal((await runPipelineScript(cwd, 'wrong_pipeline.py')).code, 0);
      const facts = await loaded(cwd, 'wrong');
      assert.deepEqual(
        facts.counts,
        { ...items('json_link_items'), ...items('offset_items') },
        `${round} run: rows per table`,
      );
    }
    for (const table of ['json_link_items', 'offset_items']) {
      const ids = await queryRows(cwd, 'wrong', `SELECT id FROM ${table} ORDER BY id`);
      assert.deepEqual(
        ids.map((row) => row[0]),
        Array.from({ length: RECORDS }, (_, i) => i + 1),
        table,
      );
    }
  });

  it('a bearer-protected OpenAPI 3.1 JSON spec read from a URL, its server variable giving the base URL; --token fills secrets.toml', async () => {
    const { token } = api.credentials;
    const { cwd, requests, stdout, stderr } = await generateAndRun(api, 'bearer', [
      '--openapi',
      `${api.url}/openapi.json`,
      '--token',
      token,
    ]);
    assert.equal(requests['/auth/bearer/json_link/items'], PAGES);
    assert.equal(requests['/auth/bearer/has_more/items'], PAGES);
    const secrets = readFileSync(join(cwd, '.dlt/secrets.toml'), 'utf8');
    assert.match(secrets, new RegExp(`^token = "${token}"$`, 'm'));
    assert.ok(!`${stdout}${stderr}`.includes(token), 'the token is not echoed');
    assert.doesNotMatch(stdout, /Fill in before running/);
    assert.ok(!readFileSync(join(cwd, 'bearer_pipeline.py'), 'utf8').includes(token));
    assert.match(
      readFileSync(join(cwd, '.dlt/config.toml'), 'utf8'),
      new RegExp(`base_url = "${api.url}/auth/bearer"`),
    );
    const facts = await loaded(cwd, 'bearer');
    assert.deepEqual(facts.counts, {
      ...items('json_link_items'),
      ...items('has_more_items'),
      ...items('item_details'),
      comments: COMMENTS,
    });
  });

  it('a Swagger 2.0 YAML spec with an API key in the query; a path parameter read from config.toml', async () => {
    const { cwd, requests } = await generateAndRun(
      api,
      'swagger',
      [
        '--openapi',
        fixture('sample-api-swagger.yaml'),
        '--base-url',
        `${api.url}/auth/api_key_query`,
        '--endpoints',
        '/offset/items,/page_number/items,/cursor/items,list_comments_by_style',
      ],
      { SOURCES__SWAGGER__API_KEY: api.credentials.apiKey, SOURCES__SWAGGER__STYLE: 'page_number' },
    );
    for (const style of ['offset', 'page_number', 'cursor']) {
      assert.equal(
        requests[`/auth/api_key_query/${style}/items`],
        PAGES * (style === 'page_number' ? 2 : 1),
        style,
      );
    }
    const script = readFileSync(join(cwd, 'swagger_pipeline.py'), 'utf8');
    assert.match(
      script,
      /"auth": \{\s+"type": "api_key",\s+"name": "api_key",\s+"location": "query",\s+"api_key": api_key,\s+\}/,
    );
    assert.match(script, /"path": f"\{style\}\/items\/\{\{resources\.items\.id\}\}\/comments"/);
    assert.match(readFileSync(join(cwd, '.dlt/config.toml'), 'utf8'), /^style = "<configure me>"/m);
    assert.ok(!script.includes(api.credentials.apiKey));
    const facts = await loaded(cwd, 'swagger');
    assert.deepEqual(facts.counts, {
      ...items('offset_items'),
      ...items('page_number_items'),
      ...items('cursor_items'),
      ...items('items'),
      comments: COMMENTS,
    });
  });

  it('yo dlt with a spec URL as the source goes to dlt:rest --openapi (options meant for it pass through, --token too; a dry run shows no token)', async () => {
    const cwd = tempProject('dlt-openapi-');
    const generate = (dryRun: boolean) =>
      runGenerator(
        'app',
        [
          '--source',
          `${api.url}/openapi.json`,
          '--yes',
          '--skip-install',
          '--endpoints',
          'list_has_more_items',
          '--token',
          api.credentials.token,
          ...(dryRun ? ['--dry-run'] : []),
        ],
        cwd,
      );
    const dryRun = await generate(true);
    assert.equal(dryRun.code, 0, dryRun.stderr);
    assert.match(dryRun.stdout + dryRun.stderr, /\.dlt\/secrets\.toml/);
    assert.ok(!`${dryRun.stdout}${dryRun.stderr}`.includes(api.credentials.token), 'no token in the dry run');
    assert.deepEqual(readdirSync(cwd), []);
    const generated = await generate(false);
    assert.equal(generated.code, 0, generated.stderr);
    assert.ok(!`${generated.stdout}${generated.stderr}`.includes(api.credentials.token));
    assert.match(
      readFileSync(join(cwd, '.dlt/secrets.toml'), 'utf8'),
      new RegExp(`^token = "${api.credentials.token}"$`, 'm'),
    );
    assert.match(generated.stdout + generated.stderr, /is an OpenAPI spec: dlt:rest reads its endpoints/);
    // named after the spec's title ("generator-dlt sample API"), the host being 127.0.0.1
    const script = readFileSync(join(cwd, 'generator_dlt_sample_pipeline.py'), 'utf8');
    assert.deepEqual(
      [...script.matchAll(/"name": "(\w+)",/g)].map((m) => m[1]),
      ['has_more_items'],
    );
  });

  it('a list whose records have no id: write_disposition replace, as probe mode writes; a second run leaves every row once', async () => {
    const spec = join(tempProject('dlt-openapi-spec-'), 'readings.yaml');
    const reading = {
      type: 'object',
      properties: {
        sensor: { type: 'string' },
        measured_at: { type: 'string', format: 'date-time' },
        value: { type: 'number' },
      },
    };
    writeFileSync(
      spec,
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 'readings', version: '1' },
        paths: {
          '/offset/readings': {
            get: {
              parameters: [
                { name: 'offset', in: 'query', schema: { type: 'integer' } },
                { name: 'limit', in: 'query', schema: { type: 'integer', maximum: PAGE_SIZE } },
              ],
              responses: {
                200: {
                  description: 'OK',
                  content: {
                    'application/json': {
                      schema: {
                        type: 'object',
                        properties: { items: { type: 'array', items: reading }, total: { type: 'integer' } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      }),
    );
    const { cwd } = await generateAndRun(api, 'readings', ['--openapi', spec, '--base-url', api.url]);
    assert.match(readFileSync(join(cwd, 'readings_pipeline.py'), 'utf8'), /"write_disposition": "replace",/);
    const expected = api.readings().map((r) => [r.sensor, r.value]);
    for (const round of ['first', 'second']) {
      if (round === 'second') {
        const again = await runPipelineScript(cwd, 'readings_pipeline.py');
        assert.equal(again.code, 0, again.stderr);
      }
      const rows = await queryRows(cwd, 'readings', 'SELECT sensor, value FROM readings ORDER BY value');
      assert.deepEqual(
        rows.map(([sensor, value]) => [sensor, Number(value)]),
        expected,
        `${round} run: every reading once`,
      );
    }
  });

  it('a re-run with more --endpoints adds them (and the parent they need) and keeps the user edits', async () => {
    const cwd = tempProject('dlt-openapi-');
    const common = [
      '--yes',
      '--skip-install',
      '--pipeline-name',
      'rerun',
      '--openapi',
      fixture('sample-api.yaml'),
      '--base-url',
      api.url,
    ];
    const first = await runGenerator('rest', [...common, '--endpoints', '/offset/items'], cwd);
    assert.equal(first.code, 0, first.stderr);
    const path = join(cwd, 'rerun_pipeline.py');
    const edited = readFileSync(path, 'utf8').replace('"limit": 10,', '"limit": 5,  # my edit');
    assert.notEqual(edited, readFileSync(path, 'utf8'));
    writeFileSync(path, edited);

    const second = await runGenerator(
      'rest',
      [...common, '--force', '--endpoints', '/offset/items,list_comments'],
      cwd,
    );
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /added the parents the chosen children need: \/json_link\/items/);
    assert.match(second.stderr, /already has offset_items; kept as they are/);
    const after = readFileSync(path, 'utf8');
    assert.match(after, /"limit": 5, {2}# my edit/);
    assert.match(after, /"name": "json_link_items"[\s\S]*"name": "comments"/);
    assert.equal(await ruffProblems(cwd, ['rerun_pipeline.py']), '');
    api.clearRequests();
    const run = await runPipelineScript(cwd, 'rerun_pipeline.py');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      api.requests.filter((r) => r.path === '/offset/items').length,
      Math.ceil(RECORDS / 5),
      'the edit is used',
    );
    const facts = await loaded(cwd, 'rerun');
    assert.deepEqual(facts.counts, {
      ...items('offset_items'),
      ...items('json_link_items'),
      comments: COMMENTS,
    });
    assert.equal(facts.orphans, 0);
  });
});
