import assert from 'node:assert/strict';
import { configFromAnswers } from '../../../generators/rest/answers-config.js';
import { parseCompactDefaults, parseCompactResources } from '../../../generators/rest/compact.js';
import { planRest, withMergeForPrimaryKeys, withParallelChildren } from '../../../generators/rest/plan.js';
import type { RestAnswers } from '../../../generators/rest/questions.js';
import { withChildDispositions } from '../../../generators/rest/reload-disposition.js';
import { extractSettings } from '../../../generators/rest/settings.js';
import { parseSpec } from '../../../generators/rest/spec.js';
import { configProblems } from '../../../generators/rest/validate.js';
import type { ConfigDict, RestApiConfig } from '../../../generators/rest/vocabulary.js';
import { isUsageError } from '../../../shared/plan/errors.js';
import { PLACEHOLDER } from '../../../shared/toml/placeholders.js';

const answers = (overrides: Partial<RestAnswers> = {}): RestAnswers => ({
  pipelineName: 'shop',
  datasetName: 'shop_data',
  destination: 'duckdb',
  baseUrl: 'https://api.shop.example/v1',
  auth: 'none',
  paginator: 'auto',
  ...overrides,
});

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(isUsageError(error), `expected a UsageError, got ${String(error)}`);
    return (error as Error).message;
  }
  assert.fail('expected a UsageError');
}

describe('dlt:rest compact resource syntax', () => {
  it('takes a list of names, each its own path', () => {
    assert.deepEqual(parseCompactResources('items,comments'), [
      { name: 'items', endpoint: { path: 'items' } },
      { name: 'comments', endpoint: { path: 'comments' } },
    ]);
    // as people write lists: a blank after (or before) each comma
    for (const text of ['items, comments', 'items ,comments', ' items , comments ']) {
      assert.deepEqual(
        parseCompactResources(text).map((resource) => resource.name),
        ['items', 'comments'],
        text,
      );
    }
    // a name, then a word that is no setting: still refused, not read as two names
    assert.match(
      usageMessage(() => parseCompactResources('items comments')),
      /"comments" is not a key=value setting/,
    );
  });

  it('describes resources, a parent/child pair and per-resource paginators in one option', () => {
    const resources = parseCompactResources(
      'items path=v1/items data_selector=data primary_key=id write_disposition=merge params.per_page=50 params.state=open;\n' +
        'comments path=v1/items/{resources.items.id}/comments include_from_parent=id,name ' +
        'paginator=offset paginator.limit=20 paginator.total_path=none write_disposition=merge:upsert primary_key=id,item_id',
    );
    assert.deepEqual(resources, [
      {
        name: 'items',
        endpoint: { path: 'v1/items', data_selector: 'data', params: { per_page: 50, state: 'open' } },
        primary_key: 'id',
        write_disposition: 'merge',
      },
      {
        name: 'comments',
        endpoint: {
          path: 'v1/items/{resources.items.id}/comments',
          paginator: { type: 'offset', limit: 20, total_path: null },
        },
        include_from_parent: ['id', 'name'],
        write_disposition: { disposition: 'merge', strategy: 'upsert' },
        primary_key: ['id', 'item_id'],
      },
    ]);
  });

  it('keeps quoted values whole', () => {
    const [resource] = parseCompactResources(
      `items data_selector="$.data[*]" headers.Accept='application/json; v=2'`,
    );
    assert.deepEqual(resource!.endpoint, {
      path: 'items',
      data_selector: '$.data[*]',
      headers: { Accept: 'application/json; v=2' },
    });
    assert.deepEqual(
      Object.keys(resource!.endpoint as object),
      ['path', 'data_selector', 'headers'],
      'path first',
    );
  });

  it('reads resource_defaults with the same settings', () => {
    assert.deepEqual(parseCompactDefaults('primary_key=id write_disposition=merge params.per_page=100'), {
      primary_key: 'id',
      write_disposition: 'merge',
      endpoint: { params: { per_page: 100 } },
    });
  });

  it('says what is allowed when a setting is wrong', () => {
    assert.match(
      usageMessage(() => parseCompactResources('items colour=red')),
      /unknown setting "colour"; use one of: path/,
    );
    assert.match(
      usageMessage(() => parseCompactResources('items write_disposition=upsert')),
      /merge:<strategy>/,
    );
    assert.match(
      usageMessage(() => parseCompactResources('items paginator=json_link paginator.limit=5')),
      /a json_link paginator takes next_url_path/,
    );
    assert.match(
      usageMessage(() => parseCompactResources('items paginator=offset paginator.limit=many')),
      /whole number/,
    );
    assert.match(
      usageMessage(() => parseCompactResources('path=items')),
      /start each resource with its name/,
    );
    assert.match(
      usageMessage(() => parseCompactResources('items path="items')),
      /unbalanced " quote/,
    );
  });

  it('refuses what the adversarial run saw accepted: a key twice, an empty key, a broken selector, a lone word', () => {
    const cases: [string, RegExp][] = [
      ['items path=a path=b', /\(items\): path is given twice; give each setting once/],
      ['items path=a endpoint.path=b', /path is given twice/],
      ['items params.=x', /"params\.=": a key has a name between its dots/],
      ['items headers..x=1', /a key has a name between its dots/],
      ['items data_selector=$[', /data_selector=\$\[: "\]" is missing; give a JSONPath/],
      ['items data_selector=$.a]', /"\]" closes nothing/],
      ['items "data_selector=$[\'a"', /a ' quote is not closed/],
      ['items data_selector=data.', /it ends in a dot/],
      ['items primary_key', /"primary_key" is not a key=value setting/],
      [
        'items paginator=offset paginator.limit=100000000000000000000000',
        /give a whole number up to 9007199254740991/,
      ],
      ['items json.big=100000000000000000000000', /too large a number to keep every digit/],
    ];
    for (const [text, pattern] of cases)
      assert.match(
        usageMessage(() => parseCompactResources(text)),
        pattern,
        text,
      );
  });

  it('keeps every digit of a large query parameter (as text), and takes valid selectors', () => {
    const [items] = parseCompactResources(
      'items params.id=100000000000000000000000 "data_selector=$.results[*].items[\'a]b\']"',
    );
    assert.deepEqual(items!.endpoint, {
      path: 'items',
      data_selector: "$.results[*].items['a]b']",
      params: { id: '100000000000000000000000' },
    });
  });
});

describe('dlt:rest config validation', () => {
  const base = (
    resources: RestApiConfig['resources'],
    extra: Partial<RestApiConfig> = {},
  ): RestApiConfig => ({
    client: { base_url: 'https://x.example' },
    resources,
    ...extra,
  });

  it('accepts what dlt accepts', () => {
    const config = base(
      [
        {
          name: 'items',
          endpoint: {
            path: 'items',
            params: { since: '{incremental.start_value}' },
            incremental: { cursor_path: 'updated_at', initial_value: '2024-01-01' },
          },
          primary_key: 'id',
          write_disposition: 'merge',
        },
        { name: 'comments', endpoint: 'items/{resources.items.id}/comments', include_from_parent: ['id'] },
        'tags',
      ],
      { resource_defaults: { endpoint: { params: { per_page: 10 } } } },
    );
    assert.deepEqual(configProblems(config), []);
  });

  it('refuses a base_url from a spec that is no http(s) URL with a host, or holds a line break', () => {
    for (const url of ['http:///x', 'https://a.example/\nimport os']) {
      const problems = configProblems({ client: { base_url: url }, resources: ['items'] });
      assert.equal(problems.length, 1, url);
      assert.match(problems[0]!, /^client\.base_url: /);
    }
    assert.deepEqual(configProblems({ client: { base_url: '<configure me>' }, resources: ['items'] }), []);
  });

  it('refuses parents that name one another (a cycle), once per cycle', () => {
    const config = base([
      { name: 'a', endpoint: 'x/{resources.b.id}' },
      { name: 'b', endpoint: 'y/{resources.a.id}' },
      { name: 'c', endpoint: 'z/{resources.a.id}' },
    ]);
    assert.deepEqual(configProblems(config), [
      'resources: a -> b -> a form a cycle of parents; dlt needs a first parent that has none',
    ]);
  });

  it('wants an initial_value (end_value) for a placeholder that is None on the first run', () => {
    const problems = configProblems(
      base([
        {
          name: 'items',
          endpoint: {
            path: 'items',
            params: { since: '{incremental.start_value}', until: '{incremental.end_value}' },
            incremental: { cursor_path: 'updated_at' },
          },
        },
      ]),
    );
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems[0]!, /params\.since: .*add incremental\.initial_value=/);
    assert.match(problems[1]!, /params\.until: .*add incremental\.end_value=/);
  });

  it('refuses a merge strategy with a write disposition other than merge (dlt would drop it)', () => {
    const problems = configProblems(
      base([{ name: 'items', write_disposition: { disposition: 'append', strategy: 'scd2' } }]),
    );
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(
      problems[0]!,
      /\(items\)\.write_disposition\.strategy: a merge strategy goes with "disposition": "merge", not "append"/,
    );
  });

  it('names every problem and where it is', () => {
    const problems = configProblems({
      client: {
        base_url: 'https://x.example',
        auth: { type: 'api_key', locaton: 'query' },
        paginator: { type: 'offset' },
      },
      resources: [
        {
          name: 'items',
          endpoint: { path: 'items', paginator: 'pages' },
          write_disposition: 'merge',
          colour: 'red',
        },
        { name: 'comments', endpoint: 'things/{resources.thing.id}/comments' },
        { name: 'orphans', endpoint: 'orphans', include_from_parent: ['id'] },
        {
          name: 'legacy',
          endpoint: {
            path: 'legacy/{id}',
            params: { id: { type: 'resolve', resource: 'items', field: 'id' } },
          },
        },
        { name: 'items', endpoint: 'items' },
        { name: 'mapped', processing_steps: [{ map: 'upper' }] },
      ],
    } as unknown as RestApiConfig);
    const expected = [
      /client\.auth: unknown key "locaton"/,
      /client\.paginator: a offset paginator needs "limit"/,
      /resources\[0\] \(items\): unknown key "colour"/,
      /resources\[0\] \(items\)\.endpoint\.paginator: "pages" is not one of/,
      /resources\[0\] \(items\): merges \(delete-insert\) but has no primary_key/,
      /resources\[1\] \(comments\): its parent "thing" is not a resource/,
      /resources\[2\] \(orphans\): has include_from_parent but no parent/,
      /params\.id: a dict parameter is the deprecated resolve\/incremental form/,
      /"\{id\}" is not a placeholder dlt fills/,
      /resources\[4\] \(items\): "items" is given twice/,
      /resources\[5\] \(mapped\): "processing_steps" takes Python objects: add it to the generated script/,
    ];
    for (const pattern of expected)
      assert.ok(
        problems.some((p) => pattern.test(p)),
        `${pattern} not in\n${problems.join('\n')}`,
      );
  });

  it('lets a new child name a parent that is already in the pipeline script', () => {
    const config = base([{ name: 'comments', endpoint: 'items/{resources.items.id}/comments' }]);
    assert.equal(configProblems(config).length, 1);
    assert.deepEqual(configProblems(config, { existingResources: ['items'] }), []);
  });
});

describe('dlt:rest spec files', () => {
  it('reads YAML and JSON', () => {
    const yaml = parseSpec('client:\n  base_url: https://x.example\nresources:\n  - items\n', 'spec.yaml');
    assert.deepEqual(yaml.config, { client: { base_url: 'https://x.example' }, resources: ['items'] });
    const json = parseSpec(
      '{"client": {"base_url": "https://x.example"}, "resources": ["items"]}',
      'spec.json',
    );
    assert.deepEqual(json.config, yaml.config);
  });

  it('rewrites deprecated forms to the current syntax, with a warning each', () => {
    const { config, warnings } = parseSpec(
      JSON.stringify({
        client: { base_url: 'https://x.example', paginator: 'json_response', auth: { token: 't' } },
        resources: [
          {
            name: 'issues',
            endpoint: {
              path: 'issues',
              params: {
                since: { type: 'incremental', cursor_path: 'updated_at', initial_value: '2024-01-01' },
              },
            },
          },
          {
            name: 'comments',
            endpoint: {
              path: 'issues/{number}/comments',
              params: { number: { type: 'resolve', resource: 'issues', field: 'number' } },
            },
          },
          {
            name: 'events',
            endpoint: {
              path: 'events',
              incremental: {
                cursor_path: 'at',
                start_param: 'from',
                end_param: 'to',
                initial_value: '1',
                end_value: '2',
              },
            },
          },
        ],
      }),
      'spec.json',
    );
    assert.deepEqual(config.client, {
      base_url: 'https://x.example',
      paginator: 'json_link',
      auth: { type: 'bearer', token: 't' },
    });
    assert.deepEqual(config.resources[0], {
      name: 'issues',
      endpoint: {
        path: 'issues',
        params: { since: '{incremental.start_value}' },
        incremental: { cursor_path: 'updated_at', initial_value: '2024-01-01' },
      },
    });
    assert.deepEqual(config.resources[1], {
      name: 'comments',
      endpoint: { path: 'issues/{resources.issues.number}/comments' },
    });
    assert.deepEqual(config.resources[2], {
      name: 'events',
      endpoint: {
        path: 'events',
        incremental: { cursor_path: 'at', initial_value: '1', end_value: '2' },
        params: { from: '{incremental.start_value}', to: '{incremental.end_value}' },
      },
    });
    assert.equal(warnings.length, 5);
    assert.deepEqual(configProblems(config), []);
  });

  it('refuses two incremental definitions on one resource instead of merging them (dlt takes one)', () => {
    const spec = (resource: object, defaults?: object) =>
      JSON.stringify({
        client: { base_url: 'https://x.example' },
        ...(defaults ? { resource_defaults: { endpoint: defaults } } : {}),
        resources: [{ name: 'items', endpoint: { path: 'items', ...resource } }],
      });
    const block = { incremental: { cursor_path: 'updated_at', initial_value: '2024-01-01T00:00:00Z' } };
    const param = (name: string) => ({ [name]: { type: 'incremental', cursor_path: 'id' } });
    assert.match(
      usageMessage(() => parseSpec(spec({ ...block, params: param('cursor') }), 'spec.json')),
      /resource "items" defines its incremental twice, in items\.endpoint\.incremental and items\.endpoint\.params\.cursor; dlt takes one incremental per endpoint: keep one of them/,
    );
    assert.match(
      usageMessage(() => parseSpec(spec({ params: { ...param('since'), ...param('after') } }), 'spec.json')),
      /in items\.endpoint\.params\.since and items\.endpoint\.params\.after;/,
    );
    assert.match(
      usageMessage(() => parseSpec(spec({ params: param('cursor') }, block), 'spec.json')),
      /in items\.endpoint\.params\.cursor and resource_defaults\.endpoint\.incremental;/,
    );
    assert.match(
      usageMessage(() => parseSpec(spec({}, { ...block, params: param('cursor') }), 'spec.json')),
      /resource "resource_defaults" defines its incremental twice/,
    );
    // the same place in resource_defaults and the resource: the resource's overrides, as dlt merges them
    const { config } = parseSpec(spec(block, { incremental: { cursor_path: 'id' } }), 'spec.json');
    assert.deepEqual(configProblems(config), []);
  });

  it('refuses a file that is not a config', () => {
    assert.match(
      usageMessage(() => parseSpec('- a\n- b\n', 'spec.yaml')),
      /must hold a RESTAPIConfig object/,
    );
    assert.match(
      usageMessage(() => parseSpec('{"client": ', 'spec.json')),
      /not valid JSON or YAML/,
    );
  });
});

describe('dlt:rest settings and secrets', () => {
  it('moves literal credentials to secrets, settings to config, and reports spec literals', () => {
    const { config, args, movedSecrets } = extractSettings(
      {
        client: {
          base_url: 'https://x.example',
          auth: {
            type: 'oauth2_client_credentials',
            access_token_url: 'https://x.example/token',
            client_id: 'me',
            client_secret: 's3cret',
          },
          headers: { 'X-Api-Key': 'k', Accept: 'application/json' },
        },
        resources: [
          {
            name: 'items',
            endpoint: { path: 'items', params: { api_key: 'k2', page: 1 }, auth: { type: 'bearer' } },
          },
        ],
      },
      true,
    );
    assert.deepEqual(
      args.map((arg) => [arg.name, arg.secret, arg.value]),
      [
        ['base_url', false, 'https://x.example'],
        ['access_token_url', false, 'https://x.example/token'],
        ['client_id', true, 'me'],
        ['client_secret', true, 's3cret'],
        ['x_api_key', true, 'k'],
        ['items_token', true, PLACEHOLDER],
        ['items_api_key', true, 'k2'],
      ],
    );
    assert.deepEqual(movedSecrets, [
      'client.auth.client_id',
      'client.auth.client_secret',
      'client.headers.X-Api-Key',
      'items.endpoint.params.api_key',
    ]);
    const client = config.client as Record<string, unknown>;
    assert.equal((client.headers as Record<string, unknown>).Accept, 'application/json');
  });

  it('moves every secret-named parameter and header of a spec to secrets.toml (the shared rule)', () => {
    const names = ['auth_token', 'refresh_token', 'private_key', 'app_secret', 'x_api_key', 'session_id'];
    const { args } = extractSettings(
      {
        client: { base_url: 'https://x.example', headers: { 'Ocp-Apim-Subscription-Key': 'sub' } },
        resources: [
          {
            name: 'items',
            endpoint: {
              path: 'items',
              params: { ...Object.fromEntries(names.map((name) => [name, `v-${name}`])), page: 1 },
            },
          },
        ],
      },
      true,
    );
    assert.deepEqual(
      args.filter((arg) => arg.secret).map((arg) => [arg.name, arg.value]),
      [['ocp_apim_subscription_key', 'sub'], ...names.map((name) => [`items_${name}`, `v-${name}`])],
    );
  });

  it('takes a brace in a secret for part of the secret, not a dlt placeholder', () => {
    const given = 'p{w}d-{resources.x.y}';
    const fromAnswers = extractSettings(
      configFromAnswers(answers({ auth: 'http_basic', username: 'me', password: given }), [], undefined),
      false,
    );
    assert.deepEqual(
      fromAnswers.args.filter((arg) => arg.secret).map((arg) => [arg.name, arg.value]),
      [
        ['username', 'me'],
        ['password', given],
      ],
    );
    const fromSpec = extractSettings(
      {
        client: {
          base_url: 'https://x.example',
          auth: { type: 'bearer', token: 'to{ken}' },
          headers: { 'X-Api-Key': 'Bearer {resources.login.token}', Authorization: '{not_dlt}' },
        },
        resources: [{ name: 'items', endpoint: { path: 'items' } }],
      },
      true,
    );
    assert.deepEqual(
      fromSpec.args.filter((arg) => arg.secret).map((arg) => [arg.name, arg.value]),
      [
        ['token', 'to{ken}'],
        ['authorization', '{not_dlt}'],
      ],
    );
    const headers = (fromSpec.config.client as { headers: Record<string, unknown> }).headers;
    assert.equal(headers['X-Api-Key'], 'Bearer {resources.login.token}');
  });
});

describe('dlt:rest plan', () => {
  it('plans a script, settings in config.toml, secrets in secrets.toml, and dlt', () => {
    const resources = parseCompactResources(
      'items primary_key=id write_disposition=merge; comments path=items/{resources.items.id}/comments include_from_parent=id',
    );
    const config = configFromAnswers(
      answers({ auth: 'bearer', token: 'tok', paginator: 'json_link', nextUrlPath: 'links.next' }),
      resources,
      undefined,
    );
    const plan = planRest({
      pipelineName: 'shop',
      datasetName: 'shop_data',
      destination: 'duckdb',
      config,
      fromSpec: false,
    });

    assert.equal(plan.script, 'shop_pipeline.py');
    assert.deepEqual(plan.added, ['items', 'comments']);
    assert.deepEqual(plan.requirements, ['dlt']);
    assert.deepEqual(plan.toml, [
      {
        table: ['sources', 'shop'],
        key: 'base_url',
        value: 'https://api.shop.example/v1',
        secret: false,
        comment: 'base URL of the API',
      },
      { table: ['sources', 'shop'], key: 'token', value: 'tok', secret: true, comment: 'bearer token' },
    ]);
    assert.deepEqual(plan.warnings, []);
    const script = plan.contents!;
    assert.match(
      script,
      /^@dlt\.source\(name="shop"\)\ndef shop_source\(base_url: str = dlt\.config\.value, token: str = dlt\.secrets\.value\):$/m,
    );
    assert.match(script, /"auth": \{"type": "bearer", "token": token\}/);
    assert.match(script, /"paginator": \{"type": "json_link", "next_url_path": "links\.next"\}/);
    assert.match(script, /"parallelized": True/);
    assert.match(script, /return rest_api_resources\(config\)/);
    assert.match(
      script,
      /load_info = pipeline\.run\(shop_source\(\), loader_file_format="parquet"\)\n {4}print\(load_info\)\n$/,
    );
    assert.doesNotMatch(script, /tok"/, 'the secret never reaches the code');
    assert.doesNotMatch(script, /api\.shop\.example/, 'the base URL is read from config.toml');
  });

  it('renders every paginator the questions offer', () => {
    const cases: [Partial<RestAnswers>, string][] = [
      [{ paginator: 'single_page' }, '{"type": "single_page"}'],
      [{ paginator: 'header_link' }, '{"type": "header_link"}'],
      [
        { paginator: 'header_cursor', cursorKey: 'X-Next', cursorParam: 'after' },
        '"cursor_key": "X-Next",\n                "cursor_param": "after"',
      ],
      [{ paginator: 'cursor', cursorPath: 'meta.next', cursorParam: 'cursor' }, '"cursor_path": "meta.next"'],
      [
        { paginator: 'offset', limit: 50, offsetParam: 'offset', limitParam: 'limit', totalPath: 'none' },
        '"total_path": None',
      ],
      [
        { paginator: 'page_number', basePage: 1, pageParam: 'page', totalPath: 'total_pages' },
        '"base_page": 1',
      ],
    ];
    for (const [overrides, expected] of cases) {
      const config = configFromAnswers(answers(overrides), parseCompactResources('items'), undefined);
      const plan = planRest({
        pipelineName: 'shop',
        datasetName: 'd',
        destination: 'duckdb',
        config,
        fromSpec: false,
      });
      assert.ok(
        plan.contents!.includes(expected),
        `${overrides.paginator}: ${expected} not in\n${plan.contents}`,
      );
    }
    const auto = planRest({
      pipelineName: 'shop',
      datasetName: 'd',
      destination: 'duckdb',
      config: configFromAnswers(answers(), parseCompactResources('items'), undefined),
      fromSpec: false,
    });
    assert.doesNotMatch(auto.contents!, /paginator/, 'auto is dlt default: no entry');
  });

  it('leaves placeholders for secrets nobody gave, and warns about literal secrets in a spec', () => {
    const { config } = parseSpec(
      JSON.stringify({
        client: {
          base_url: 'https://x.example',
          auth: { type: 'http_basic', username: 'me', password: 'pw' },
        },
        resources: ['items'],
      }),
      'spec.json',
    );
    const plan = planRest({
      pipelineName: 'x',
      datasetName: 'x_data',
      destination: 'duckdb',
      config,
      fromSpec: true,
    });
    assert.deepEqual(
      plan.toml.filter((e) => e.secret).map((e) => [e.key, e.value]),
      [
        ['username', 'me'],
        ['password', 'pw'],
      ],
    );
    assert.equal(plan.warnings.length, 1);
    assert.match(
      plan.warnings[0]!,
      /plain text \(client\.auth\.username, client\.auth\.password\).*secrets\.toml \[sources\.x\]/,
    );

    const fromOptions = planRest({
      pipelineName: 'x',
      datasetName: 'x_data',
      destination: 'duckdb',
      fromSpec: false,
      config: configFromAnswers(
        answers({ auth: 'api_key', apiKeyName: 'api_key', apiKeyLocation: 'query', apiKey: '' }),
        parseCompactResources('items'),
        undefined,
      ),
    });
    assert.deepEqual(fromOptions.toml.find((e) => e.key === 'api_key')?.value, PLACEHOLDER);
    assert.deepEqual(fromOptions.warnings, []);
  });

  it('stops with every problem before anything is written', () => {
    const config = configFromAnswers(
      answers(),
      parseCompactResources('items write_disposition=merge; comments path=x/{resources.nope.id}'),
      undefined,
    );
    const message = usageMessage(() =>
      planRest({ pipelineName: 'x', datasetName: 'x', destination: 'duckdb', config, fromSpec: false }),
    );
    assert.match(message, /nothing was written/);
    assert.match(message, /items\): merges/);
    assert.match(message, /parent "nope"/);
  });

  it('warns when a child inherits a paginator that needs a total in every response', () => {
    const resources = parseCompactResources(
      'items; comments path=items/{resources.items.id}/comments; notes path=items/{resources.items.id}/notes paginator=single_page',
    );
    const offset = answers({ paginator: 'offset', limit: 10, totalPath: 'total' });
    const plan = planRest({
      pipelineName: 'x',
      datasetName: 'x',
      destination: 'duckdb',
      fromSpec: false,
      config: configFromAnswers(offset, resources, undefined),
    });
    assert.deepEqual(plan.warnings, [
      "comments uses the client's offset paginator; if its endpoint is not paged that way, give it paginator=single_page.",
    ]);
    const untilEmpty = answers({ paginator: 'offset', limit: 10, totalPath: 'none' });
    const quiet = planRest({
      pipelineName: 'x',
      datasetName: 'x',
      destination: 'duckdb',
      fromSpec: false,
      config: configFromAnswers(untilEmpty, resources, undefined),
    });
    assert.deepEqual(quiet.warnings, []);
  });

  it('runs independent children in parallel, and nothing else', () => {
    const marked = withParallelChildren([
      { name: 'items', endpoint: 'items' },
      { name: 'comments', endpoint: 'items/{resources.items.id}/comments' },
      { name: 'reactions', endpoint: 'comments/{resources.comments.id}/reactions' },
      {
        name: 'events',
        endpoint: { path: 'items/{resources.items.id}/events', incremental: { cursor_path: 'at' } },
      },
      { name: 'notes', endpoint: 'items/{resources.items.id}/notes', parallelized: false },
    ]);
    assert.deepEqual(
      marked.map((r) => (typeof r === 'string' ? undefined : r.parallelized)),
      [undefined, undefined, true, undefined, false],
    );
  });

  it('merges a resource that has a primary key and no write disposition', () => {
    const own = withMergeForPrimaryKeys({
      client: { base_url: 'https://x.example' },
      resources: [
        { name: 'a', primary_key: 'id' },
        { name: 'b', primary_key: 'id', write_disposition: 'append' },
        { name: 'c' },
        'd',
      ],
    });
    assert.deepEqual(
      own.resources.map((r) => (typeof r === 'string' ? r : r.write_disposition)),
      ['merge', 'append', undefined, 'd'],
    );
    const fromDefaults = withMergeForPrimaryKeys({
      client: { base_url: 'https://x.example' },
      resource_defaults: { primary_key: 'id' },
      resources: [{ name: 'a', primary_key: 'key' }, 'b'],
    });
    assert.equal(fromDefaults.resource_defaults?.write_disposition, 'merge');
    assert.equal((fromDefaults.resources[0] as { write_disposition?: string }).write_disposition, undefined);
    const replaced = withMergeForPrimaryKeys({
      client: { base_url: 'https://x.example' },
      resource_defaults: { write_disposition: 'replace' },
      resources: [{ name: 'a', primary_key: 'id' }],
    });
    assert.equal((replaced.resources[0] as { write_disposition?: string }).write_disposition, undefined);
    const plan = planRest({
      pipelineName: 'x',
      datasetName: 'x_data',
      destination: 'duckdb',
      config: { client: { base_url: 'https://x.example' }, resources: [{ name: 'a', primary_key: 'id' }] },
      fromSpec: false,
    });
    assert.match(plan.contents!, /"write_disposition": "merge"/);
  });

  it('a child with no key, no disposition and no cursor: replace when no ancestor is incremental, else append and a warning', () => {
    const child = (name: string, parent: string, extra: ConfigDict = {}): ConfigDict => ({
      name,
      endpoint: { path: `${parent}/{resources.${parent}.id}/${name}` },
      ...extra,
    });
    const config = (items: ConfigDict, ...children: ConfigDict[]): RestApiConfig => ({
      client: { base_url: 'https://x.example' },
      resources: [{ name: 'items', endpoint: { path: 'items' }, ...items }, ...children],
    });
    const dispositions = (decided: ReturnType<typeof withChildDispositions>) =>
      decided.config.resources.map((r) => (typeof r === 'string' ? r : r.write_disposition));

    const whole = withChildDispositions(
      config(
        {},
        child('comments', 'items'),
        child('reactions', 'comments'),
        child('keyed', 'items', { primary_key: 'id' }),
      ),
    );
    assert.deepEqual(dispositions(whole), [undefined, 'replace', 'replace', undefined]);
    assert.match(
      whole.comments.get('reactions')!.join(' '),
      /every run reads all of its parents: write_disposition replace/,
    );
    assert.deepEqual(whole.warnings, []);

    const narrowed = withChildDispositions(
      config(
        { endpoint: { path: 'items', incremental: { cursor_path: 'updated_at' } } },
        child('comments', 'items'),
        child('reactions', 'comments'),
      ),
    );
    assert.deepEqual(dispositions(narrowed), [undefined, undefined, undefined]);
    assert.match(
      narrowed.warnings[1]!,
      /^reactions: its ancestor items is incremental, .*give its primary_key=<field> to merge/,
    );

    // a parent the script has already: what it loads is the script's to say
    const kept = withChildDispositions(config({}, child('comments', 'items')), ['items']);
    assert.deepEqual(dispositions(kept), [undefined, undefined]);
    // one given its own disposition keeps it
    const given = withChildDispositions(
      config({}, child('comments', 'items', { write_disposition: 'append' })),
    );
    assert.deepEqual(dispositions(given), [undefined, 'append']);
  });

  it('a spec none of whose checked endpoints the API has (404) stops the run, naming the base URL', () => {
    const message = usageMessage(() =>
      planRest({
        pipelineName: 'x',
        datasetName: 'x_data',
        destination: 'duckdb',
        config: {
          client: { base_url: 'https://wrong.example/v9' },
          resources: [
            {
              name: 'widgets',
              endpoint: { path: 'widgets', data_selector: 'data', paginator: 'single_page' },
            },
          ],
        },
        fromSpec: false,
        probe: {
          probes: [
            {
              resource: 'widgets',
              url: 'https://wrong.example/v9/widgets',
              failure: 'GET https://wrong.example/v9/widgets answered 404',
              status: 404,
              tried: [],
              primaryKeys: [],
              dateTimeFields: [],
              fields: [],
              pages: [],
              replayable: false,
            },
          ],
          resources: ['widgets'],
          credentials: { headers: {}, query: {}, secrets: [], secretParams: [] },
          fromSpec: true,
        },
      }),
    );
    assert.match(
      message,
      /^The API answers none of the endpoints the probe checked \(widgets: 404 at https:\/\/wrong\.example\/v9\); nothing was written\. Check the base URL/,
    );
  });
});
