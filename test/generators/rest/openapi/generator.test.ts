import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import helpers, { result } from 'yeoman-test';
import type RestGenerator from '../../../../generators/rest/index.js';
import { tempProject } from '../../../support/cli.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../../fixtures/openapi/${name}`, import.meta.url));
const restGenerator = fileURLToPath(new URL('../../../../generators/rest/index.js', import.meta.url));

const run = (options: Record<string, unknown>, answers: Record<string, unknown> = {}) =>
  helpers
    .run<RestGenerator>(restGenerator)
    .withOptions({ skipInstall: true, pipelineName: 'shop', ...options })
    .withAnswers(answers);

describe('dlt:rest --openapi', () => {
  it("names the pipeline after the spec's title (then its file, then a host), --pipeline-name still winning", async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['sample-api.yaml', {}, 'generator_dlt_sample'],
      ['sample-api.yaml', { pipelineName: 'mine' }, 'mine'],
    ];
    const untitled = join(tempProject(), 'stripe-openapi.yaml');
    const spec = readFileSync(fixture('sample-api.yaml'), 'utf8').replace(
      /^ {2}title: .*$/m,
      '  title: OpenAPI definition',
    );
    writeFileSync(untitled, spec);
    cases.push([untitled, {}, 'stripe']);
    for (const [file, options, name] of cases) {
      await helpers.run<RestGenerator>(restGenerator).withOptions({
        yes: true,
        skipInstall: true,
        openapi: file.includes('/') ? file : fixture(file),
        ...options,
      });
      assert.ok(existsSync(join(result.cwd, `${name}_pipeline.py`)), `${file}: ${name}_pipeline.py`);
      assert.match(
        readFileSync(join(result.cwd, `${name}_pipeline.py`), 'utf8'),
        new RegExp(`pipeline_name="${name}"`),
      );
    }
  });

  it('in a terminal: a checkbox list of the endpoints, then the incremental question', async () => {
    let offered: { value: string; checked: boolean; disabled?: string; name: string }[] = [];
    await helpers
      .run<RestGenerator>(restGenerator)
      .withOptions({ interactive: true, skipInstall: true, openapi: fixture('sample-api.yaml') })
      .withAnswers(
        {
          baseUrl: 'http://127.0.0.1:8000',
          pipelineName: 'shop',
          endpoints: ['/json_link/items/{item_id}/comments'],
          openapiIncremental: true,
        },
        {
          callback: (answer, { question }) => {
            if (question.name === 'endpoints')
              offered = (question as unknown as { choices: typeof offered }).choices;
            return answer;
          },
        },
      );
    assert.ok(offered.some((c) => c.name.startsWith('[cursor] /cursor/items - Items, paged cursor')));
    assert.equal(offered.filter((c) => c.checked).length, 11, 'every list and child is preselected');
    const script = readFileSync(join(result.cwd, 'shop_pipeline.py'), 'utf8');
    // the chosen child brings its parent, which takes the incremental block
    assert.deepEqual(
      [...script.matchAll(/"name": "(\w+)"/g)].map((m) => m[1]),
      ['json_link_items', 'comments'],
    );
    assert.match(
      script,
      /"incremental": \{\n\s+"cursor_path": "updated_at",\n\s+"initial_value": "1970-01-01T00:00:00Z",/,
    );
    assert.match(script, /"path": "json_link\/items\/\{resources\.json_link_items\.id\}\/comments"/);
    assert.match(script, /"include_from_parent": \["id"\]/);
  });

  it('in a terminal: no incremental question when no chosen endpoint has a candidate', async () => {
    const asked: string[] = [];
    await helpers
      .run<RestGenerator>(restGenerator)
      .withOptions({ interactive: true, skipInstall: true, openapi: fixture('sample-api-swagger.yaml') })
      .withAnswers(
        { baseUrl: 'http://127.0.0.1:8000', pipelineName: 'shop', endpoints: ['/offset/items'] },
        {
          callback: (answer, { question }) => {
            asked.push(String(question.name));
            return answer;
          },
        },
      );
    assert.ok(asked.includes('endpoints'));
    assert.ok(!asked.includes('openapiIncremental'), asked.join());
  });

  it('with --yes: every list endpoint and child, each with a comment saying what was detected from what', async () => {
    await run({ yes: true, openapi: fixture('sample-api.yaml'), baseUrl: 'http://127.0.0.1:8000' });
    const script = readFileSync(join(result.cwd, 'shop_pipeline.py'), 'utf8');
    assert.equal([...script.matchAll(/"name": /g)].length, 11);
    assert.match(
      script,
      /# \/offset\/items \(Items, paged offset\): records at "items"; offset paginator\n\s+# \(offset and limit \(limit 10: its maximum 10\), until total "total"\);/,
    );
    assert.match(
      script,
      /# Suggested incremental loading \(updated_after filters on updated_at\); add\n\s+# to "endpoint":\n\s+# {5}"params": \{"updated_after": "\{incremental\.start_value\}"\},/,
    );
    assert.doesNotMatch(script, /^\s+"incremental": \{/m, 'only suggested, in a comment');
    assert.doesNotMatch(script, /"auto"/);
    result.assertFileContent('.dlt/config.toml', /base_url = "http:\/\/127\.0\.0\.1:8000"/);
  });

  it('keeps what it cannot decide visible: a CHECK comment on the resource and a summary line', async () => {
    const cwd = tempProject('dlt-openapi-');
    const spec = join(tempProject('dlt-openapi-spec-'), 'api.json');
    writeFileSync(
      spec,
      JSON.stringify({
        openapi: '3.0.0',
        info: { title: 't', version: '1' },
        paths: {
          '/things': {
            get: {
              parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }],
              responses: {
                200: {
                  description: 'ok',
                  content: {
                    'application/json': {
                      schema: {
                        type: 'array',
                        items: { type: 'object', properties: { name: { type: 'string' } } },
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
    const generator = await run({ yes: true, openapi: spec }).inDir(cwd);
    const warnings = (generator.generator as unknown as { state: { warnings: string[] } }).state.warnings;
    assert.ok(
      warnings.includes(
        '--openapi: things: the paginator could not be decided from parameter limit; dlt detects one at run time: check that the first run loads every page',
      ),
    );
    assert.ok(warnings.some((w) => /--openapi: the spec names no server: fill in base_url/.test(w)));
    const script = readFileSync(join(cwd, 'shop_pipeline.py'), 'utf8');
    assert.match(
      script,
      /# CHECK: the paginator could not be decided from parameter limit; dlt\n\s+# detects one at/,
    );
    assert.match(script, /no primary key, every run fetches\n\s+# all records: write_disposition replace\./);
    assert.match(script, /"write_disposition": "replace",/);
    assert.doesNotMatch(script, /"paginator"/);
    assert.match(readFileSync(join(cwd, '.dlt/config.toml'), 'utf8'), /base_url = "<configure me>"/);
  });

  it('writes the write disposition probe mode writes: replace without a primary key, merge on one, append with an accepted incremental cursor', async () => {
    const list = (properties: Record<string, unknown>, params: unknown[] = []) => ({
      get: {
        parameters: params,
        responses: {
          200: {
            description: 'ok',
            content: {
              'application/json': { schema: { type: 'array', items: { type: 'object', properties } } },
            },
          },
        },
      },
    });
    const text = { type: 'string' };
    const changed = { type: 'string', format: 'date-time' };
    const spec = join(tempProject('dlt-openapi-spec-'), 'api.json');
    writeFileSync(
      spec,
      JSON.stringify({
        openapi: '3.0.0',
        info: { title: 't', version: '1' },
        servers: [{ url: 'http://127.0.0.1:8000' }],
        paths: {
          '/categories': list({ name: text }),
          '/items': list({ id: { type: 'integer' }, name: text }),
          '/events': list({ kind: text, updated_at: changed }, [
            { name: 'updated_since', in: 'query', schema: changed },
          ]),
        },
      }),
    );
    const dispositions = async (options: Record<string, unknown>) => {
      const cwd = tempProject('dlt-openapi-');
      await run({ yes: true, openapi: spec, ...options }).inDir(cwd);
      const script = readFileSync(join(cwd, 'shop_pipeline.py'), 'utf8');
      return Object.fromEntries(
        [...script.matchAll(/^ {16}"name": "(\w+)",\n((?: {16}.*\n| {20,}.*\n)*)/gm)].map((m) => [
          m[1],
          /^ {16}"write_disposition": "(\w+)",$/m.exec(m[2]!)?.[1] ?? 'append',
        ]),
      );
    };
    assert.deepEqual(await dispositions({ openapiIncremental: true }), {
      categories: 'replace',
      items: 'merge',
      events: 'append',
    });
    assert.deepEqual(await dispositions({ openapiIncremental: false }), {
      categories: 'replace',
      items: 'merge',
      events: 'replace',
    });
  });

  it('takes the auth from the security the chosen endpoints require: none for an open one, the client auth and a warning in a mix', async () => {
    const generate = async (endpoints: string) => {
      const cwd = tempProject('dlt-openapi-');
      const generator = await run({
        yes: true,
        openapi: fixture('operation-security.yaml'),
        endpoints,
      }).inDir(cwd);
      const { warnings } = (generator.generator as unknown as { state: { warnings: string[] } }).state;
      const secrets = join(cwd, '.dlt/secrets.toml');
      return {
        script: readFileSync(join(cwd, 'shop_pipeline.py'), 'utf8'),
        secrets: existsSync(secrets) ? readFileSync(secrets, 'utf8') : '',
        warnings,
      };
    };
    const open = await generate('/items');
    assert.doesNotMatch(open.script, /"auth"/);
    assert.doesNotMatch(open.secrets, /token/);
    assert.ok(!open.warnings.some((w) => /token|auth/i.test(w)), open.warnings.join('\n'));
    const mixed = await generate('/items,/secure/things');
    assert.match(mixed.script, /"auth": \{"type": "bearer", "token": token\}/);
    assert.match(mixed.secrets, /^token = /m);
    assert.ok(
      mixed.warnings.includes(
        "--openapi: the client's auth is sent to every endpoint, also to those the spec requires none for: /items",
      ),
      mixed.warnings.join('\n'),
    );
  });

  it("puts a credential given as an option into secrets.toml for the spec's scheme, nowhere else", async () => {
    const cwd = tempProject('dlt-openapi-');
    await run({ yes: true, openapi: fixture('sample-api-swagger.yaml'), apiKey: 'k3y-given' }).inDir(cwd);
    const secrets = readFileSync(join(cwd, '.dlt/secrets.toml'), 'utf8');
    assert.match(secrets, /^api_key = "k3y-given"$/m);
    assert.ok(!readFileSync(join(cwd, 'shop_pipeline.py'), 'utf8').includes('k3y-given'));
    assert.ok(!readFileSync(join(cwd, '.dlt/config.toml'), 'utf8').includes('k3y-given'));
  });

  it('takes from an --answers file the credentials the scheme takes, and leaves its other keys to other runs', async () => {
    const cwd = tempProject('dlt-openapi-');
    // inDir empties the project folder: the answers file lives elsewhere
    const answers = join(tempProject('dlt-answers-'), 'answers.yaml');
    writeFileSync(answers, 'api-key: k3y-from-file\ntoken: for-another-api\n');
    await run({ yes: true, openapi: fixture('sample-api-swagger.yaml'), answers }).inDir(cwd);
    const secrets = readFileSync(join(cwd, '.dlt/secrets.toml'), 'utf8');
    assert.match(secrets, /^api_key = "k3y-from-file"$/m);
    assert.doesNotMatch(secrets, /for-another-api/);
  });

  for (const [title, options, message] of [
    [
      'with --resources',
      { resources: 'items' },
      /--openapi gives the client and resources, so --resources cannot go with it/,
    ],
    [
      "with a paginator's parameter",
      { limit: '50' },
      /--openapi gives the client and resources, so --limit cannot go with it/,
    ],
    ['an endpoint the spec lacks', { endpoints: '/nope' }, /the spec has no GET endpoint "\/nope"/],
    [
      'a file that is no spec',
      { openapi: fixture('../rest/everything.yaml') },
      /is not an OpenAPI 3\.0\/3\.1 or Swagger 2\.0 document/,
    ],
    ['a missing file', { openapi: 'missing.yaml' }, /--openapi: cannot read .*missing\.yaml/],
    [
      'a credential option for a spec that declares no auth',
      { token: 's3cr3t' },
      /--token: the OpenAPI spec declares no auth that takes credentials, so there is nothing to fill/,
    ],
    [
      "a credential option the spec's scheme does not take",
      { openapi: fixture('sample-api-swagger.yaml'), token: 's3cr3t' },
      /--token: the OpenAPI spec declares api_key auth, which takes --api-key\./,
    ],
    [
      'an auth option for what the spec gives',
      { openapi: fixture('sample-api-swagger.yaml'), apiKey: 'k', apiKeyName: 'key' },
      /--api-key-name: the OpenAPI spec gives the api_key auth's name; only its credentials come from options \(--api-key\)/,
    ],
    [
      '--endpoints without --openapi',
      { openapi: undefined, endpoints: '/x' },
      /--endpoints and --openapi-incremental go with --openapi/,
    ],
  ] as const) {
    it(`refuses ${title}, saying what to change, writing nothing`, async () => {
      const cwd = tempProject('dlt-openapi-');
      await assert.rejects(
        run({
          yes: true,
          openapi: fixture('sample-api.yaml'),
          baseUrl: 'http://127.0.0.1:8000',
          ...options,
        }).inDir(cwd),
        message,
      );
      assert.ok(!existsSync(join(cwd, 'shop_pipeline.py')));
      assert.ok(!existsSync(join(cwd, '.dlt')));
    });
  }
});
