import assert from 'node:assert/strict';
import { fixtureOf, REDACTED, scrubText } from '../../../../generators/rest/probe/fixtures.js';
import type { ProbePage } from '../../../../generators/rest/probe/paginators.js';
import type { ResourceProbe } from '../../../../generators/rest/probe/probe-resource.js';
import type { ConfigDict } from '../../../../generators/rest/vocabulary.js';

const URL_1 = 'http://api.test/items';
const page = (url: string, body: unknown, headers: Record<string, string> = {}): ProbePage => ({
  url,
  status: 200,
  headers,
  body,
});
const probe = (pages: ProbePage[], paginator?: ConfigDict, dataSelector = 'items'): ResourceProbe => ({
  resource: 'items',
  url: URL_1,
  dataSelector,
  ...(paginator && { paginator: { config: paginator, label: String(paginator.type) } }),
  tried: [],
  primaryKeys: ['id'],
  dateTimeFields: [],
  fields: ['id'],
  pages,
  replayable: true,
});
const noSecrets = { secrets: [], secretParams: [] };

describe('probe: the recorded pages as a fixture', () => {
  it('scrubs credentials from bodies, URLs and headers, and keeps only the headers the paginator reads', () => {
    const scrub = { secrets: ['tok_abcdef'], secretParams: ['key'] };
    const fixture = fixtureOf(
      probe(
        [
          page(`${URL_1}?state=open&api_key=k1`, [{ id: 1, note: 'tok_abcdef here' }], {
            link: '<http://api.test/items?page=2&key=k2>; rel="next"',
            'set-cookie': 'session=s',
          }),
          page('http://api.test/items?page=2&key=k2', [{ id: 2 }]),
        ],
        { type: 'header_link' },
        '$',
      ),
      scrub,
      'id',
    )!;
    const [first, second] = fixture.exchanges;
    assert.deepEqual(first?.params, { state: 'open' });
    assert.deepEqual(first?.body, [{ id: 1, note: `${REDACTED} here` }]);
    assert.deepEqual(first?.headers, { link: `<http://api.test/items?page=2&key=${REDACTED}>; rel="next"` });
    assert.deepEqual(second?.headers, {}, 'the last page names no next page');
    assert.deepEqual(second?.params, { page: '2' });
    assert.equal(fixture.rows, 2);
    assert.deepEqual(fixture.ignored_params, ['api_key', 'key'], 'the replay ignores what was left out');
    assert.equal(scrubText('http://x/?token=abc&b=1', noSecrets), `http://x/?token=${REDACTED}&b=1`);
  });

  it("keeps the paginator's own parameters, even when their name sounds secret (a page token)", () => {
    const fixture = fixtureOf(
      probe(
        [
          page(URL_1, { items: [{ id: 1 }], next_page_token: 't2' }),
          page(`${URL_1}?page_token=t2`, { items: [{ id: 2 }], next_page_token: 't3' }),
        ],
        { type: 'cursor', cursor_path: 'next_page_token', cursor_param: 'page_token' },
      ),
      noSecrets,
    )!;
    assert.deepEqual(fixture.exchanges[1]?.params, { page_token: 't2' });
    assert.deepEqual(fixture.ignored_params, []);
  });

  it('ends a cursor recording at its second page, clearing the cursor or has_more', () => {
    const cursor = fixtureOf(
      probe(
        [
          page(URL_1, { items: [{ id: 1 }], next_cursor: 'c2' }),
          page(`${URL_1}?cursor=c2`, { items: [{ id: 2 }], next_cursor: 'c3' }),
        ],
        { type: 'cursor', cursor_path: 'next_cursor', cursor_param: 'cursor' },
      ),
      noSecrets,
    )!;
    assert.deepEqual(
      cursor.exchanges.map((e) => e.body),
      [
        { items: [{ id: 1 }], next_cursor: 'c2' },
        { items: [{ id: 2 }], next_cursor: null },
      ],
    );
    const stripe = fixtureOf(
      probe(
        [
          page(URL_1, { data: [{ id: 1 }], has_more: true }),
          page(`${URL_1}?starting_after=1`, { data: [{ id: 2 }], has_more: true }),
        ],
        {
          type: 'cursor',
          cursor_path: 'data[-1].id',
          cursor_param: 'starting_after',
          has_more_path: 'has_more',
        },
        'data',
      ),
      noSecrets,
    )!;
    assert.deepEqual(
      stripe.exchanges.map((e) => (e.body as { has_more: boolean }).has_more),
      [true, false],
    );
  });

  it('spells the first request the way dlt sends it, and sets the total to what was recorded', () => {
    const pages = fixtureOf(
      probe(
        [
          page(URL_1, { items: [{ id: 1 }], total_pages: 9 }),
          page(`${URL_1}?page=2`, { items: [{ id: 2 }], total_pages: 9 }),
        ],
        { type: 'page_number', base_page: 1, page_param: 'page', total_path: 'total_pages' },
      ),
      noSecrets,
    )!;
    assert.deepEqual(
      pages.exchanges.map((e) => [e.params, (e.body as { total_pages: number }).total_pages]),
      [
        [{ page: '1' }, 2],
        [{ page: '2' }, 2],
      ],
    );
    const offsets = fixtureOf(
      probe(
        [
          page(URL_1, { items: [{ id: 1 }, { id: 2 }], total: 50 }),
          page(`${URL_1}?offset=2&limit=2`, { items: [{ id: 3 }], total: 50 }),
        ],
        { type: 'offset', limit: 2, offset_param: 'offset', limit_param: 'limit', total_path: 'total' },
      ),
      noSecrets,
    )!;
    assert.deepEqual(
      offsets.exchanges.map((e) => [e.params, (e.body as { total: number }).total]),
      [
        [{ offset: '0', limit: '2' }, 3],
        [{ offset: '2', limit: '2' }, 3],
      ],
    );
    assert.equal(offsets.rows, 3);
  });

  it('ends a recording without a total with an empty page, where the paginator stops', () => {
    const fixture = fixtureOf(
      probe(
        [page(URL_1, [{ id: 1 }]), page(`${URL_1}?page=2`, [{ id: 2 }])],
        { type: 'page_number', base_page: 1, page_param: 'page', total_path: null },
        '$',
      ),
      noSecrets,
    )!;
    assert.deepEqual(
      fixture.exchanges.map((e) => [e.params, e.body]),
      [
        [{ page: '1' }, [{ id: 1 }]],
        [{ page: '2' }, [{ id: 2 }]],
        [{ page: '3' }, []],
      ],
    );
  });

  it('records one page for a resource loaded as a single page; counts rows by key only with one', () => {
    const single = fixtureOf(probe([page(URL_1, { items: [{ id: 1 }, { id: 1 }] })]), noSecrets)!;
    assert.equal(single.exchanges.length, 1);
    assert.equal(single.rows, 2, 'appended: both rows load');
    assert.equal(
      fixtureOf(probe([page(URL_1, { items: [{ id: 1 }, { id: 1 }] })]), noSecrets, 'id')!.rows,
      1,
    );
    assert.equal(fixtureOf(probe([]), noSecrets), undefined);
  });
});
