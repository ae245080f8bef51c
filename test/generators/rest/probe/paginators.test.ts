import assert from 'node:assert/strict';
import {
  bringsNewRecords,
  cursorParamFor,
  nextLink,
  type ProbePage,
  paginatorCandidates,
} from '../../../../generators/rest/probe/paginators.js';
import { findRecords } from '../../../../generators/rest/probe/records.js';

const URL_1 = 'http://api.test/v1/items?state=open';
const page = (body: unknown, headers: Record<string, string> = {}): ProbePage => ({
  url: URL_1,
  status: 200,
  headers,
  body,
});
const candidates = (first: ProbePage, primaryKey?: string) =>
  paginatorCandidates({ first, records: findRecords(first.body)!, primaryKey });
const records = [{ id: 1 }, { id: 2 }];

describe('probe: candidate paginators of a first page', () => {
  it('reads the next page from a Link header (header_link)', () => {
    const [first] = candidates(
      page(records, { link: '<http://api.test/v1/items?page=2>; rel="next", <x>; rel="last"' }),
    );
    assert.deepEqual(first?.paginator, { type: 'header_link' });
    assert.equal(first?.secondPage, 'http://api.test/v1/items?page=2');
    assert.equal(nextLink('<a>; rel="prev"'), undefined);
  });

  it('reads a next URL from the body, at the top or in a links object (json_link)', () => {
    const [top] = candidates(page({ data: records, next: '/v1/items?page=2' }));
    assert.deepEqual(top?.paginator, { type: 'json_link', next_url_path: 'next' });
    assert.equal(top?.secondPage, 'http://api.test/v1/items?page=2');
    const [nested] = candidates(page({ data: records, links: { next: 'http://api.test/p2' } }));
    assert.equal(nested?.paginator.next_url_path, 'links.next');
    const [hal] = candidates(page({ data: records, _links: { next: { href: 'http://api.test/p2' } } }));
    assert.equal(hal?.paginator.next_url_path, '_links.next.href');
  });

  it('reads a cursor from the body and sends it back under the name it came with (cursor)', () => {
    const [cursor] = candidates(page({ items: records, next_cursor: 'abc' }));
    assert.deepEqual(cursor?.paginator, {
      type: 'cursor',
      cursor_path: 'next_cursor',
      cursor_param: 'cursor',
    });
    assert.equal(cursor?.secondPage, 'http://api.test/v1/items?state=open&cursor=abc');
    const [token] = candidates(page({ items: records, nextPageToken: 't2' }));
    assert.equal(token?.paginator.cursor_param, 'page_token');
    const [slack] = candidates(page({ items: records, response_metadata: { next_cursor: 'c' } }));
    assert.equal(slack?.paginator.cursor_path, 'response_metadata.next_cursor');
  });

  it('reads a cursor from a response header (header_cursor)', () => {
    const [header] = candidates(page(records, { 'x-next-cursor': 'c2', 'content-type': 'application/json' }));
    assert.deepEqual(header?.paginator, {
      type: 'header_cursor',
      cursor_key: 'x-next-cursor',
      cursor_param: 'cursor',
    });
    assert.equal(header?.secondPage, 'http://api.test/v1/items?state=open&cursor=c2');
  });

  it("takes the last record's key as the cursor while has_more is true (Stripe)", () => {
    const [stripe] = candidates(page({ object: 'list', data: records, has_more: true }), 'id');
    assert.deepEqual(stripe?.paginator, {
      type: 'cursor',
      cursor_path: 'data[-1].id',
      cursor_param: 'starting_after',
      has_more_path: 'has_more',
    });
    assert.equal(stripe?.secondPage, 'http://api.test/v1/items?state=open&starting_after=2');
    assert.deepEqual(
      candidates(page({ data: records, has_more: true })).map((c) => c.paginator.type),
      ['page_number', 'offset'],
      'without a key it falls back to page numbers and offsets',
    );
  });

  it('tries page numbers first when the body counts pages, offsets first when it counts records', () => {
    const pages = candidates(page({ items: records, total_pages: 5 }));
    assert.deepEqual(
      pages.map((c) => c.paginator.type),
      ['page_number', 'offset'],
    );
    assert.deepEqual(pages[0]?.paginator, {
      type: 'page_number',
      base_page: 1,
      page_param: 'page',
      total_path: 'total_pages',
    });
    assert.equal(pages[0]?.secondPage, 'http://api.test/v1/items?state=open&page=2');
    const offsets = candidates(page({ items: records, total: 40 }));
    assert.deepEqual(offsets[0]?.paginator, {
      type: 'offset',
      limit: 2,
      offset_param: 'offset',
      limit_param: 'limit',
      total_path: 'total',
    });
    assert.equal(offsets[0]?.secondPage, 'http://api.test/v1/items?state=open&offset=2&limit=2');
    const bare = candidates(page(records));
    assert.deepEqual(
      bare.map((c) => [c.paginator.type, c.paginator.total_path]),
      [
        ['page_number', null],
        ['offset', null],
      ],
    );
  });

  it('gives no candidate when the first page says it is the last, or has no records', () => {
    assert.deepEqual(candidates(page({ data: records, has_more: false })), []);
    assert.deepEqual(candidates(page({ data: records, next: null })), []);
    assert.deepEqual(candidates(page({ items: records, next_cursor: null })), []);
    assert.deepEqual(candidates(page({ items: records, total_pages: 1 })), []);
    assert.deepEqual(candidates(page({ items: records, total: 2 })), []);
    assert.deepEqual(candidates(page({ items: [] })), []);
  });

  it('names the cursor parameter after the cursor', () => {
    assert.equal(cursorParamFor('next_cursor'), 'cursor');
    assert.equal(cursorParamFor('X-Next-Page-Token'), 'page_token');
    assert.equal(cursorParamFor('page_info.end_cursor'), 'after');
    assert.equal(cursorParamFor('continuation_token'), 'continuation_token');
    assert.equal(cursorParamFor('marker'), 'cursor');
  });

  it('counts a second page as progress only when it brings a record the first did not have', () => {
    assert.ok(bringsNewRecords([{ id: 1 }], [{ id: 1 }, { id: 2 }], 'id'));
    assert.ok(!bringsNewRecords([{ id: 1, v: 1 }], [{ id: 1, v: 2 }], 'id'));
    assert.ok(bringsNewRecords([{ v: 1 }], [{ v: 2 }]), 'whole records without a key');
    assert.ok(!bringsNewRecords([{ v: 1 }], [{ v: 1 }]));
  });
});
