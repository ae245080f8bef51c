import assert from 'node:assert/strict';
import { probeApi, SPEC_PROBE_LIMIT } from '../../../../generators/rest/probe/probe-api.js';
import { probeCredentials, probeTargets } from '../../../../generators/rest/probe/targets.js';
import { pyCode } from '../../../../shared/python/literal.js';

describe('probe: what is probed, with which credentials', () => {
  it('probes top-level GET resources missing a paginator or a data selector, with their literal params', () => {
    const targets = probeTargets({
      client: { base_url: 'http://api.test/v1' },
      resources: [
        'users',
        {
          name: 'items',
          endpoint: { path: '/items', params: { state: 'open', since: '{incremental.start_value}' } },
        },
        { name: 'done', endpoint: { path: 'done', paginator: 'single_page', data_selector: '$' } },
        { name: 'paged', endpoint: { path: 'paged', paginator: 'single_page' } },
        { name: 'comments', endpoint: { path: 'items/{resources.items.id}/comments' } },
        { name: 'search', endpoint: { path: 'search', method: 'POST' } },
      ],
    });
    assert.deepEqual(targets, [
      { resource: 'users', url: 'http://api.test/v1/users', wantPaginator: true, replayable: true },
      {
        resource: 'items',
        url: 'http://api.test/v1/items?state=open',
        wantPaginator: true,
        replayable: false,
      },
      { resource: 'paged', url: 'http://api.test/v1/paged', wantPaginator: false, replayable: true },
    ]);
  });

  it("counts the client's paginator as given, and probes nothing without a real base URL", () => {
    const [target] = probeTargets({
      client: { base_url: 'http://api.test/', paginator: { type: 'header_link' } },
      resources: [{ name: 'items', endpoint: { path: 'items' }, primary_key: 'id' }],
    });
    assert.deepEqual(target, {
      resource: 'items',
      url: 'http://api.test/items',
      wantPaginator: false,
      replayable: true,
      primaryKey: 'id',
    });
    assert.deepEqual(probeTargets({ client: { base_url: '<fill in>' }, resources: ['items'] }), []);
  });

  it('from a spec (verify): the complete ones too, for their first page only, recording no fixture; a path made of settings is skipped', async () => {
    const config = {
      client: { base_url: 'http://api.test/v1' },
      resources: [
        { name: 'done', endpoint: { path: 'done', paginator: 'header_link', data_selector: '$' } },
        {
          name: 'set',
          endpoint: { path: pyCode('f"orgs/{org}/repos"'), data_selector: '$', paginator: 'single_page' },
        },
        ...Array.from({ length: SPEC_PROBE_LIMIT + 2 }, (_, i) => ({
          name: `r${i}`,
          endpoint: { path: `r${i}`, paginator: 'header_link', data_selector: 'data' },
        })),
      ],
    };
    assert.deepEqual(probeTargets(config).length, 0, 'nothing to find without verify');
    const [done] = probeTargets(config, { verify: true });
    assert.deepEqual(done, {
      resource: 'done',
      url: 'http://api.test/v1/done',
      wantPaginator: false,
      replayable: false,
    });
    // single_page, what a spec without paging gives: the probe looks for page 2
    const [one] = probeTargets(
      {
        client: config.client,
        resources: [{ name: 'one', endpoint: { path: 'one', paginator: 'single_page', data_selector: '$' } }],
      },
      { verify: true },
    );
    assert.equal(one!.wantPaginator, true);
    const asked: string[] = [];
    const api = await probeApi(config, {
      fromSpec: true,
      get: async (url) => {
        asked.push(url);
        return { url, status: 200, headers: {}, body: { data: [{ id: 1 }] } };
      },
    });
    assert.equal(asked.length, SPEC_PROBE_LIMIT, 'one request each, for the first ones only');
    assert.ok(!asked.some((url) => url.includes('orgs')));
    assert.deepEqual(api.beyondLimit, ['r9', 'r10', 'r11']);
    assert.equal(api.fromSpec, true);
  });

  it('sends the credentials given this run, and never probes with a missing one', () => {
    const bearer = probeCredentials({ auth: { type: 'bearer', token: 'tok_123' } });
    assert.deepEqual(bearer.headers, { Authorization: 'Bearer tok_123' });
    assert.deepEqual(bearer.secrets, ['tok_123']);
    const query = probeCredentials({
      auth: { type: 'api_key', name: 'key', api_key: 'k_1', location: 'query' },
    });
    assert.deepEqual([query.query, query.secretParams], [{ key: 'k_1' }, ['key']]);
    const basic = probeCredentials({ auth: { type: 'http_basic', username: 'u', password: 'p_secret' } });
    assert.equal(basic.headers.Authorization, `Basic ${Buffer.from('u:p_secret').toString('base64')}`);
    assert.match(
      probeCredentials({ auth: { type: 'bearer', token: '' } }).unusable ?? '',
      /no token was given this run/,
    );
    assert.match(
      probeCredentials({ auth: { type: 'oauth2_client_credentials' } }).unusable ?? '',
      /not probed .*POST/,
    );
  });
});
