import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { baseUrlOf } from '../../../../generators/rest/openapi/build.js';
import {
  defaultSelection,
  namedSelection,
  resolveEndpoints,
} from '../../../../generators/rest/openapi/endpoints.js';
import { documentFromText } from '../../../../generators/rest/openapi/load.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../fixtures/openapi/${name}`, import.meta.url)), 'utf8');

const op = (path: string, response: unknown, params: unknown[] = []) => ({
  [path]: {
    get: {
      parameters: params,
      responses: { 200: { description: 'ok', content: { 'application/json': { schema: response } } } },
    },
  },
});
const item = { type: 'object', properties: { id: { type: 'integer' }, number: { type: 'integer' } } };
const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });

async function endpointsOf(paths: Record<string, unknown>) {
  const doc = await documentFromText(
    JSON.stringify({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths }),
    't',
  );
  return resolveEndpoints(doc.operations);
}

describe('dlt:rest --openapi reading a spec', () => {
  it('reads Swagger 2.0 like OpenAPI 3: parameters, response schemas, base URL, security', async () => {
    const doc = await documentFromText(fixture('sample-api-swagger.yaml'), 'swagger');
    assert.equal(doc.version, '2.0');
    assert.equal(doc.baseUrl, 'http://127.0.0.1:8080/auth/api_key_query');
    const offset = doc.operations.find((o) => o.path === '/offset/items')!;
    assert.deepEqual(
      offset.params.map((p) => [p.name, p.in, p.schema.type]),
      [
        ['offset', 'query', 'integer'],
        ['limit', 'query', 'integer'],
      ],
    );
    assert.ok(
      (offset.response?.properties as Record<string, unknown> | undefined)?.items,
      'the $ref is resolved',
    );
    assert.deepEqual(
      doc.securitySchemes.map((s) => [s.type, s.in, s.paramName]),
      [['apiKey', 'query', 'api_key']],
    );
  });

  it('fills server variables with their defaults, and resolves a relative server against the spec URL', async () => {
    const doc = await documentFromText(
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: 't', version: '1' },
        servers: [
          {
            url: 'https://{region}.example.com/{version}',
            variables: { region: { default: 'eu' }, version: { default: 'v2' } },
          },
        ],
        paths: {},
      }),
      't',
    );
    assert.equal(doc.baseUrl, 'https://eu.example.com/v2');
    const relative = { ...doc, baseUrl: '/api/v3' };
    assert.equal(baseUrlOf(relative, 'https://shop.example/openapi.json').url, 'https://shop.example/api/v3');
    assert.match(baseUrlOf(relative, undefined).note!, /is relative: fill in base_url/);
  });

  it('makes an endpoint whose path parameter a list fills a child of that list', async () => {
    const endpoints = await endpointsOf({
      ...op('/items', { type: 'array', items: item }),
      ...op('/items/{item_id}/comments', { type: 'array', items: item }, [pathParam('item_id')]),
      ...op('/items/{number}/events', { type: 'array', items: item }, [pathParam('number')]),
      ...op('/orgs/{org}/repos', { type: 'array', items: item }, [pathParam('org')]),
    });
    const byPath = new Map(endpoints.map((e) => [e.operation.path, e]));
    assert.deepEqual(byPath.get('/items/{item_id}/comments')!.parent, {
      path: '/items',
      bindings: [{ param: 'item_id', field: 'id' }],
    });
    assert.deepEqual(byPath.get('/items/{number}/events')!.parent, {
      path: '/items',
      bindings: [{ param: 'number', field: 'number' }],
    });
    assert.deepEqual(byPath.get('/orgs/{org}/repos')!.settings, [{ param: 'org', setting: 'org' }]);
    assert.deepEqual(
      defaultSelection(endpoints).map((e) => e.name),
      ['items', 'comments', 'events'],
    );
  });

  it('keys a top-level list by the field its detail path addresses a record by, when no usual key is there', async () => {
    const record = (properties: Record<string, unknown>) => ({
      type: 'array',
      items: { type: 'object', properties },
    });
    const text = { type: 'string' };
    const endpoints = await endpointsOf({
      ...op('/currencies', record({ code: text, name: text })),
      ...op('/currencies/{code}', { type: 'object', properties: { code: text } }, [pathParam('code')]),
      ...op('/events', record({ eventId: { type: 'integer' }, title: text })),
      ...op('/events/{event_id}', { type: 'object' }, [pathParam('event_id')]),
      ...op('/users', record({ id: { type: 'integer' }, login: text })),
      ...op('/users/{login}', { type: 'object' }, [pathParam('login')]),
      ...op('/labels', record({ name: text })),
      ...op('/labels/{name}', { type: 'object' }, [pathParam('name')]),
      ...op('/tags', record({ tag: { type: 'object' } })),
      ...op('/tags/{tag}', { type: 'object' }, [pathParam('tag')]),
      ...op('/teams', record({ title: text })),
      ...op('/projects', record({ id: { type: 'integer' } })),
      ...op('/projects/{project_id}/issues', record({ iid: { type: 'integer' } }), [pathParam('project_id')]),
      ...op('/projects/{project_id}/issues/{iid}', { type: 'object' }, [
        pathParam('project_id'),
        pathParam('iid'),
      ]),
    });
    const keyOf = (path: string) => endpoints.find((e) => e.operation.path === path)!.primaryKey;
    assert.deepEqual(keyOf('/currencies'), { field: 'code', from: 'one record is at /currencies/{code}' });
    assert.equal(keyOf('/events')?.field, 'eventId');
    assert.equal(keyOf('/labels')?.field, 'name');
    // a usual key wins; a field that is no scalar, a list without a detail path and a child list get none
    assert.equal(keyOf('/users')?.field, 'id');
    assert.equal(keyOf('/tags'), undefined);
    assert.equal(keyOf('/teams'), undefined);
    assert.equal(keyOf('/projects/{project_id}/issues'), undefined);
  });

  it('chains children: a grandchild takes the earlier parameter from what its parent included', async () => {
    const endpoints = await endpointsOf({
      ...op('/items', { type: 'array', items: item }),
      ...op('/items/{item_id}/comments', { type: 'array', items: item }, [pathParam('item_id')]),
      ...op('/items/{item_id}/comments/{comment_id}/reactions', { type: 'array', items: item }, [
        pathParam('item_id'),
        pathParam('comment_id'),
      ]),
    });
    const reactions = endpoints.find((e) => e.name === 'reactions')!;
    assert.deepEqual(reactions.parent, {
      path: '/items/{item_id}/comments',
      bindings: [
        { param: 'item_id', field: '_items_id' },
        { param: 'comment_id', field: 'id' },
      ],
    });
    assert.deepEqual(
      defaultSelection(endpoints).map((e) => e.name),
      ['items', 'comments', 'reactions'],
    );
    const { chosen, addedParents } = namedSelection(endpoints, [
      '/items/{item_id}/comments/{comment_id}/reactions',
    ]);
    assert.deepEqual(
      chosen.map((e) => e.name),
      ['items', 'comments', 'reactions'],
    );
    assert.deepEqual(
      addedParents.map((e) => e.name),
      ['comments', 'items'],
    );
  });

  it('reads path parameters no parent fills from settings, and children of such a list inherit them', async () => {
    const endpoints = await endpointsOf({
      ...op('/repos/{owner}/{repo}/issues', { type: 'array', items: item }, [
        pathParam('owner'),
        pathParam('repo'),
      ]),
      ...op('/repos/{owner}/{repo}/issues/{number}/comments', { type: 'array', items: item }, [
        pathParam('owner'),
        pathParam('repo'),
        pathParam('number'),
      ]),
      ...op('/things/{token}', item, [pathParam('token')]),
    });
    const [issues, comments, thing] = endpoints;
    assert.deepEqual(
      issues!.settings.map((s) => s.setting),
      ['owner', 'repo'],
    );
    assert.deepEqual(
      comments!.settings.map((s) => s.setting),
      ['owner', 'repo'],
    );
    assert.deepEqual(comments!.parent!.bindings, [{ param: 'number', field: 'number' }]);
    assert.deepEqual(thing!.settings, [{ param: 'token', setting: 'token_param' }], 'never an auth argument');
    assert.deepEqual(defaultSelection(endpoints), [], 'chosen by name only');
  });

  it('names resources after their last segment, with more segments where two collide', async () => {
    const endpoints = await endpointsOf({
      ...op('/v1/customers', { type: 'array', items: item }),
      ...op('/v1/customers/{id}', item, [pathParam('id')]),
      ...op('/a/items', { type: 'array', items: item }),
      ...op('/b/items', { type: 'array', items: item }),
    });
    assert.deepEqual(
      endpoints.map((e) => e.name),
      ['customers', 'customer_details', 'a_items', 'b_items'],
    );
  });

  it('--endpoints takes paths or operationIds, adds the parents children need, and names what it lacks', async () => {
    const endpoints = await endpointsOf({
      ...op('/items', { type: 'array', items: item }),
      ...op('/items/{id}', item, [pathParam('id')]),
    });
    const { chosen, addedParents } = namedSelection(endpoints, ['items/{id}']);
    assert.deepEqual(
      chosen.map((e) => e.name),
      ['items', 'item_details'],
    );
    assert.deepEqual(
      addedParents.map((e) => e.name),
      ['items'],
    );
    assert.throws(() => namedSelection(endpoints, ['/nope']), /the spec has no GET endpoint "\/nope"/);
  });
});
