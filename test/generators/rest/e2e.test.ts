import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempProject as makeTempProject, runGenerator } from '../../support/cli.js';
import { ruffProblems, runPipelineScript, runPython, useDltFloor } from '../../support/python.js';
import { type SampleApi, startSampleApi } from '../../support/sample-api.js';

/**
 * Generated rest_api pipelines loading the local sample API with real dlt into DuckDB: every
 * auth style and every paginator style, a parent/child pair with include_from_parent, and a
 * second run that must not duplicate merged rows.
 */

const RECORDS = 45;
const PAGE_SIZE = 10;
const PAGES = Math.ceil(RECORDS / PAGE_SIZE);
/** Item i has i % 3 comments. */
const COMMENTS = Array.from({ length: RECORDS }, (_, i) => (i + 1) % 3).reduce((a, b) => a + b, 0);
/** Even items have two tags, odd ones one. */
const TAGS = Array.from({ length: RECORDS }, (_, i) => ((i + 1) % 2 === 0 ? 2 : 1)).reduce(
  (a, b) => a + b,
  0,
);

const everythingSpec = fileURLToPath(new URL('../../fixtures/rest/everything.yaml', import.meta.url));

interface LoadedFacts {
  counts: Record<string, number>;
  /** Child rows whose parent fields do not match the parent they were fetched for. */
  badChildRows: number;
  /** Child rows that carry the parent fields at all. */
  childRowsWithParent: number;
}

/** Row counts of every table, and the parent fields of `comments`, in one Python run. */
async function loadedFacts(cwd: string, pipelineName: string): Promise<LoadedFacts> {
  const code = `
import json, sys, dlt
pipeline = dlt.attach(pipeline_name=sys.argv[1])
facts = {"counts": {}, "badChildRows": -1, "childRowsWithParent": -1}
with pipeline.sql_client() as client:
    tables = pipeline.default_schema.data_table_names()
    for table in tables:
        name = client.make_qualified_table_name(table)
        facts["counts"][table] = client.execute_sql(f"SELECT COUNT(*) FROM {name}")[0][0]
    if "comments" in tables:
        name = client.make_qualified_table_name("comments")
        facts["badChildRows"] = client.execute_sql(
            f"SELECT COUNT(*) FROM {name} WHERE _items_id <> item_id"
            f" OR _items_name <> 'item-' || CAST(item_id AS VARCHAR)"
        )[0][0]
        facts["childRowsWithParent"] = client.execute_sql(
            f"SELECT COUNT(*) FROM {name} WHERE _items_id IS NOT NULL AND _items_name IS NOT NULL"
        )[0][0]
print(json.dumps(facts))
`;
  const result = await runPython(['-c', code, pipelineName], cwd, { DLT_DATA_DIR: join(cwd, '.dlt-data') });
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as LoadedFacts;
}

interface Scenario {
  title: string;
  /** Runs on the lowest dlt the generated requirements allow (DLT_FLOOR), not the newest. */
  onDltFloor?: boolean;
  pipeline: string;
  /** Generator arguments (after --yes --skip-install --pipeline-name). */
  args: (api: SampleApi, cwd: string) => string[];
  /** Fills in what the generator left as placeholders, the way a user would. */
  prepare?: (api: SampleApi, cwd: string) => void;
  env?: (api: SampleApi) => NodeJS.ProcessEnv;
  /** Paths of the paginated collections and how many requests each must take. */
  pages: Record<string, number>;
  /** Rows each table must hold, after the first run and after the second. */
  counts: Record<string, number>;
  /** Credentials that must not appear in the script or config.toml. */
  secrets: (api: SampleApi) => string[];
  check?: (output: { stderr: string; cwd: string }) => void;
}

const parentChild = (style: string, childSettings = '') =>
  `items path=${style}/items primary_key=id write_disposition=merge; ` +
  `comments path=${style}/items/{resources.items.id}/comments primary_key=id write_disposition=merge include_from_parent=id,name ${childSettings}`;

const itemCounts = { items: RECORDS, items__tags: TAGS, comments: COMMENTS };

function writeSpec(cwd: string, name: string, spec: unknown): string {
  const path = join(cwd, name);
  writeFileSync(path, name.endsWith('.json') ? JSON.stringify(spec, null, 2) : toYaml(spec));
  return path;
}

/** Just enough YAML for the specs below (dicts, lists, scalars). */
function toYaml(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    return value.map((item) => `${indent}- ${toYaml(item, `${indent}  `).trimStart()}`).join('');
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .map(([key, item]) =>
        item !== null && typeof item === 'object'
          ? `${indent}${key}:\n${toYaml(item, `${indent}  `)}`
          : `${indent}${key}: ${JSON.stringify(item)}\n`,
      )
      .join('');
  }
  return `${JSON.stringify(value)}\n`;
}

function replacePlaceholders(cwd: string, values: Record<string, string>): void {
  const path = join(cwd, '.dlt/secrets.toml');
  let text = readFileSync(path, 'utf8');
  for (const [key, value] of Object.entries(values)) {
    const line = new RegExp(`^${key} = "<configure me>".*$`, 'm');
    assert.match(text, line, `${key} placeholder in secrets.toml`);
    text = text.replace(line, `${key} = ${JSON.stringify(value)}`);
  }
  writeFileSync(path, text);
}

const scenarios: Scenario[] = [
  {
    title: 'no auth; auto-detected paginator, and a single_page resource',
    pipeline: 'open_api',
    args: (api) => [
      '--base-url',
      api.url,
      '--auth',
      'none',
      '--paginator',
      'auto',
      '--resources',
      `${parentChild('json_link')}; all_items path=single_page/items paginator=single_page primary_key=id write_disposition=merge`,
    ],
    pages: { '/json_link/items': PAGES, '/single_page/items': 1 },
    counts: { ...itemCounts, all_items: RECORDS, all_items__tags: TAGS },
    secrets: () => [],
  },
  {
    title: 'a child given no primary key, under a probed parent: replace, so each run loads it once',
    pipeline: 'keyless_child_api',
    args: (api) => [
      '--base-url',
      api.url,
      '--resources',
      'items path=json_link/items; comments path=json_link/items/{resources.items.id}/comments include_from_parent=id,name',
    ],
    pages: { '/json_link/items': PAGES },
    counts: itemCounts,
    secrets: () => [],
    check: ({ cwd }) => {
      const script = readFileSync(join(cwd, 'keyless_child_api_pipeline.py'), 'utf8');
      assert.match(script, /"include_from_parent": \["id", "name"\],\n\s+"write_disposition": "replace",/);
    },
  },
  {
    title: 'bearer token given as an option; json_link paginator (on the lowest dlt supported)',
    onDltFloor: true,
    pipeline: 'bearer_api',
    args: (api) => [
      '--base-url',
      `${api.url}/auth/bearer`,
      '--auth',
      'bearer',
      '--token',
      api.credentials.token,
      '--paginator',
      'json_link',
      '--next-url-path',
      'next',
      '--resources',
      parentChild('json_link'),
    ],
    pages: { '/auth/bearer/json_link/items': PAGES },
    counts: itemCounts,
    secrets: (api) => [api.credentials.token],
  },
  {
    title: 'API key in a header, from a JSON spec holding it in plain text; header_link paginator',
    pipeline: 'key_header_api',
    args: (api, cwd) => [
      '--spec',
      writeSpec(cwd, 'api.json', {
        client: {
          base_url: `${api.url}/auth/api_key_header`,
          auth: { type: 'api_key', name: 'X-API-Key', api_key: api.credentials.apiKey, location: 'header' },
          paginator: { type: 'header_link' },
        },
        resource_defaults: { primary_key: 'id', write_disposition: 'merge' },
        resources: [
          { name: 'items', endpoint: { path: 'header_link/items' } },
          {
            name: 'comments',
            endpoint: { path: 'header_link/items/{resources.items.id}/comments' },
            include_from_parent: ['id', 'name'],
          },
        ],
      }),
    ],
    pages: { '/auth/api_key_header/header_link/items': PAGES },
    counts: itemCounts,
    secrets: (api) => [api.credentials.apiKey],
    check: ({ stderr }) =>
      assert.match(stderr, /The spec holds secrets in plain text \(client\.auth\.api_key\)/),
  },
  {
    title: 'API key in the query string, from the environment; header_cursor paginator',
    pipeline: 'key_query_api',
    args: (api) => [
      '--base-url',
      `${api.url}/auth/api_key_query`,
      '--auth',
      'api_key',
      '--api-key-location',
      'query',
      '--api-key-name',
      'api_key',
      '--paginator',
      'header_cursor',
      '--cursor-key',
      'X-Next-Cursor',
      '--cursor-param',
      'cursor',
      '--resources',
      parentChild('header_cursor'),
    ],
    env: (api) => ({ SOURCES__KEY_QUERY_API__API_KEY: api.credentials.apiKey }),
    pages: { '/auth/api_key_query/header_cursor/items': PAGES },
    counts: itemCounts,
    secrets: (api) => [api.credentials.apiKey],
  },
  {
    title: 'HTTP basic from a YAML spec, filled in secrets.toml; cursor paginator',
    pipeline: 'basic_api',
    args: (api, cwd) => [
      '--spec',
      writeSpec(cwd, 'api.yaml', {
        client: {
          base_url: `${api.url}/auth/basic`,
          auth: { type: 'http_basic' },
          paginator: { type: 'cursor', cursor_path: 'next_cursor', cursor_param: 'cursor' },
        },
        resources: [
          {
            name: 'items',
            endpoint: { path: 'cursor/items', data_selector: 'items' },
            primary_key: 'id',
            write_disposition: 'merge',
          },
          {
            name: 'comments',
            endpoint: { path: 'cursor/items/{resources.items.id}/comments', paginator: 'single_page' },
            primary_key: 'id',
            write_disposition: 'merge',
            include_from_parent: ['id', 'name'],
          },
        ],
      }),
    ],
    prepare: (api, cwd) =>
      replacePlaceholders(cwd, { username: api.credentials.username, password: api.credentials.password }),
    pages: { '/auth/basic/cursor/items': PAGES },
    counts: itemCounts,
    secrets: (api) => [api.credentials.password],
  },
  {
    title: 'OAuth2 client credentials; offset paginator, and a page_number resource',
    pipeline: 'oauth_api',
    args: (api) => [
      '--base-url',
      `${api.url}/auth/oauth2`,
      '--auth',
      'oauth2_client_credentials',
      '--token-url',
      `${api.url}/oauth/token`,
      '--client-id',
      api.credentials.clientId,
      '--client-secret',
      api.credentials.clientSecret,
      '--paginator',
      'offset',
      '--limit',
      String(PAGE_SIZE),
      '--total-path',
      'total',
      '--resources',
      `${parentChild('offset', 'paginator=single_page')}; ` +
        'paged_items path=page_number/items paginator=page_number paginator.base_page=1 ' +
        'paginator.total_path=total_pages primary_key=id write_disposition=merge',
    ],
    pages: { '/auth/oauth2/offset/items': PAGES, '/auth/oauth2/page_number/items': PAGES },
    counts: { ...itemCounts, paged_items: RECORDS, paged_items__tags: TAGS },
    secrets: (api) => [api.credentials.clientSecret],
  },
];

describe('dlt:rest generated pipelines load real data @e2e', function () {
  this.timeout(300_000);
  let api: SampleApi;
  const projects: string[] = [];
  const tempProject = (prefix: string) => {
    const cwd = makeTempProject(prefix);
    projects.push(cwd);
    return cwd;
  };

  before(async () => {
    api = await startSampleApi({ records: RECORDS, pageSize: PAGE_SIZE });
  });
  after(async () => {
    await api.close();
    for (const cwd of projects) rmSync(cwd, { recursive: true, force: true });
  });

  for (const scenario of scenarios) {
    it(scenario.title, async () => {
      const cwd = tempProject('dlt-rest-');
      if (scenario.onDltFloor) useDltFloor(cwd);
      const generated = await runGenerator(
        'rest',
        ['--yes', '--skip-install', '--pipeline-name', scenario.pipeline, ...scenario.args(api, cwd)],
        cwd,
      );
      assert.equal(generated.code, 0, generated.stderr);
      scenario.check?.({ stderr: generated.stderr, cwd });
      const script = `${scenario.pipeline}_pipeline.py`;
      assert.equal(await ruffProblems(cwd, [script]), '');
      for (const secret of scenario.secrets(api)) {
        for (const file of [script, '.dlt/config.toml']) {
          assert.ok(!readFileSync(join(cwd, file), 'utf8').includes(secret), `a secret is in ${file}`);
        }
      }
      scenario.prepare?.(api, cwd);
      const env = scenario.env?.(api) ?? {};

      for (const round of ['first', 'second']) {
        api.clearRequests();
        const run = await runPipelineScript(cwd, script, env);
        assert.equal(run.code, 0, `${round} run failed:\n${run.stdout}\n${run.stderr}`);
        for (const [path, pages] of Object.entries(scenario.pages)) {
          const requests = api.requests.filter((request) => request.path === path).length;
          assert.equal(requests, pages, `${round} run: requests to ${path}`);
        }
        const facts = await loadedFacts(cwd, scenario.pipeline);
        const dataCounts = Object.fromEntries(
          Object.entries(facts.counts).filter(([table]) => !table.startsWith('_dlt')),
        );
        assert.deepEqual(dataCounts, scenario.counts, `${round} run: rows per table`);
        assert.equal(facts.badChildRows, 0, `${round} run: child rows with wrong parent fields`);
        assert.equal(facts.childRowsWithParent, COMMENTS, `${round} run: child rows with parent fields`);
      }
    });
  }

  it('adds resources to an existing pipeline on a re-run, keeping the user edits', async () => {
    const cwd = tempProject('dlt-rest-');
    const common = ['--yes', '--skip-install', '--no-probe', '--pipeline-name', 'rerun_api'];
    const first = await runGenerator(
      'rest',
      [
        ...common,
        '--base-url',
        api.url,
        '--paginator',
        'json_link',
        '--resources',
        'items path=json_link/items primary_key=id',
      ],
      cwd,
    );
    assert.equal(first.code, 0, first.stderr);
    const script = join(cwd, 'rerun_api_pipeline.py');
    const edited = readFileSync(script, 'utf8').replace(
      '"endpoint": {"path": "json_link/items"},',
      '# only items updated since the start of 2024\n                "endpoint": {"path": "json_link/items", "params": {"since": "2024-01"}},',
    );
    writeFileSync(script, edited);

    const second = await runGenerator(
      'rest',
      [...common, '--force', '--resources', `items; ${parentChild('json_link').split('; ')[1]}`],
      cwd,
    );
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /already has items; kept as they are/);
    const after = readFileSync(script, 'utf8');
    assert.ok(
      after.startsWith(edited.slice(0, edited.indexOf('        ],\n    }'))),
      'everything before the end of the list is kept',
    );
    assert.match(after, /"name": "comments",[\s\S]*"parallelized": True,\n {12}\},\n {8}\],/);
    assert.equal(await ruffProblems(cwd, ['rerun_api_pipeline.py']), '');

    const run = await runPipelineScript(cwd, 'rerun_api_pipeline.py');
    assert.equal(run.code, 0, run.stderr);
    const facts = await loadedFacts(cwd, 'rerun_api');
    assert.equal(facts.counts.items, RECORDS);
    assert.equal(facts.counts.comments, COMMENTS);
    assert.equal(facts.badChildRows, 0);
    assert.equal(
      api.requests.find((r) => r.path === '/json_link/items')?.query.since,
      '2024-01',
      'the edit is used',
    );
  });

  it("builds a spec that uses the whole schema through dlt's own validation, without a request", async () => {
    const cwd = tempProject('dlt-rest-');
    const generated = await runGenerator(
      'rest',
      ['--yes', '--skip-install', '--pipeline-name', 'everything', '--spec', everythingSpec],
      cwd,
    );
    assert.equal(generated.code, 0, generated.stderr);
    assert.equal(await ruffProblems(cwd, ['everything_pipeline.py']), '');
    const built = await runPython(
      [
        '-c',
        'import json, everything_pipeline as m; s = m.everything_source(); print(json.dumps(sorted(s.resources)))',
      ],
      cwd,
    );
    assert.equal(built.code, 0, built.stderr);
    assert.deepEqual(JSON.parse(built.stdout.trim().split('\n').pop()!), [
      'body_cursor',
      'comments',
      'cursored',
      'detected',
      'everything_at_once',
      'items',
      'linked',
      'offsets',
      'pages',
    ]);
    const secrets = readFileSync(join(cwd, '.dlt/secrets.toml'), 'utf8');
    const code = readFileSync(join(cwd, 'everything_pipeline.py'), 'utf8');
    for (const literal of [
      'literal-api-key',
      'literal-header-key',
      'literal-bearer-token',
      'literal-password',
      'literal-client-secret',
      'literal-query-key',
    ]) {
      assert.ok(secrets.includes(literal), `${literal} in secrets.toml`);
      assert.ok(!code.includes(literal), `${literal} not in the code`);
    }
  });
});
