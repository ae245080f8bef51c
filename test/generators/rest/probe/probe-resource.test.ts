import assert from 'node:assert/strict';
import { type GetPage, ProbeUnreachable } from '../../../../generators/rest/probe/http.js';
import type { ProbePage } from '../../../../generators/rest/probe/paginators.js';
import {
  MAX_REQUESTS_PER_RESOURCE,
  probeResource,
} from '../../../../generators/rest/probe/probe-resource.js';

const FIRST = 'http://api.test/items';
const items = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ id: from + i }));

/** A fake API: answers by URL, logs every URL asked. */
function fakeApi(pages: Record<string, Partial<ProbePage>>): { get: GetPage; asked: string[] } {
  const asked: string[] = [];
  const get: GetPage = async (url) => {
    asked.push(url);
    const page = pages[url];
    if (!page) return { url, status: 404, headers: {}, body: { error: 'no route' } };
    return { url, status: 200, headers: {}, body: undefined, ...page };
  };
  return { get, asked };
}

describe('probe: one resource', () => {
  it('verifies a paginator by its second page and keeps both pages', async () => {
    const api = fakeApi({
      [FIRST]: { body: { items: items(1, 2), next_cursor: 'c2' } },
      [`${FIRST}?cursor=c2`]: { body: { items: items(3, 2), next_cursor: null } },
    });
    const probe = await probeResource(api.get, { resource: 'items', url: FIRST, wantPaginator: true });
    assert.equal(probe.dataSelector, 'items');
    assert.deepEqual(probe.paginator?.config, {
      type: 'cursor',
      cursor_path: 'next_cursor',
      cursor_param: 'cursor',
    });
    assert.deepEqual(probe.primaryKeys, ['id']);
    assert.equal(probe.pages.length, 2);
    assert.deepEqual(api.asked, [FIRST, `${FIRST}?cursor=c2`]);
  });

  it('rejects a candidate whose second page repeats the first, and tries the next one', async () => {
    const api = fakeApi({
      [FIRST]: { body: { items: items(1, 2), total: 6 } },
      [`${FIRST}?offset=2&limit=2`]: { body: { items: items(1, 2), total: 6 } },
      [`${FIRST}?page=2`]: { body: { items: items(3, 2), total: 6 } },
    });
    const probe = await probeResource(api.get, { resource: 'items', url: FIRST, wantPaginator: true });
    assert.equal(probe.paginator?.config.type, 'page_number');
    assert.deepEqual(probe.tried, [
      'offset (offset=2&limit=2, "total" records in total): page 2 repeated the first page',
    ]);
  });

  it(`asks at most ${MAX_REQUESTS_PER_RESOURCE} GET requests, and says what it tried when nothing works`, async () => {
    const api = fakeApi({ [FIRST]: { body: items(1, 3) } });
    const probe = await probeResource(api.get, { resource: 'items', url: FIRST, wantPaginator: true });
    assert.equal(api.asked.length, MAX_REQUESTS_PER_RESOURCE);
    assert.equal(probe.paginator, undefined);
    assert.equal(probe.tried.length, 2);
    assert.match(probe.tried[0]!, /^page_number .*: page 2 answered 404$/);
  });

  it('fetches only the first page when the paginator is given', async () => {
    const api = fakeApi({ [FIRST]: { body: { data: items(1, 2), next: `${FIRST}?page=2` } } });
    const probe = await probeResource(api.get, { resource: 'items', url: FIRST, wantPaginator: false });
    assert.equal(probe.dataSelector, 'data');
    assert.deepEqual(api.asked, [FIRST]);
  });

  it('says a first page that holds the only page, without asking for a second', async () => {
    const api = fakeApi({ [FIRST]: { body: { data: items(1, 2), has_more: false } } });
    const probe = await probeResource(api.get, { resource: 'items', url: FIRST, wantPaginator: true });
    assert.deepEqual(probe.tried, ['the first page says it is the last ("has_more": false)']);
    assert.equal(api.asked.length, 1);
  });

  it('reports 401 and 403 as the API refusing, other statuses and bodies as the resource failing', async () => {
    const denied = await probeResource(async (url) => ({ url, status: 401, headers: {}, body: {} }), {
      resource: 'items',
      url: FIRST,
      wantPaginator: true,
    });
    assert.deepEqual([denied.failure, denied.apiFailure], [`GET ${FIRST} answered 401`, true]);
    const missing = await probeResource(fakeApi({}).get, {
      resource: 'items',
      url: FIRST,
      wantPaginator: true,
    });
    assert.deepEqual(
      [missing.failure, missing.apiFailure, missing.status],
      [`GET ${FIRST} answered 404`, false, 404],
    );
    const html = await probeResource(fakeApi({ [FIRST]: { body: undefined } }).get, {
      resource: 'items',
      url: FIRST,
      wantPaginator: true,
    });
    assert.equal(html.failure, `the response of GET ${FIRST} is not JSON`);
  });

  it('reports an API that does not answer', async () => {
    const probe = await probeResource(
      async () => {
        throw new ProbeUnreachable('ECONNREFUSED');
      },
      { resource: 'items', url: FIRST, wantPaginator: true },
    );
    assert.deepEqual([probe.failure, probe.apiFailure], [`GET ${FIRST} got no answer (ECONNREFUSED)`, true]);
  });
});
