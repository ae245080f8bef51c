import assert from 'node:assert/strict';
import { detectAuth } from '../../../../generators/rest/openapi/auth.js';
import { detectDataSelector } from '../../../../generators/rest/openapi/data-selector.js';
import type { ApiDocument, Operation, Param } from '../../../../generators/rest/openapi/document.js';
import { detectIncremental } from '../../../../generators/rest/openapi/incremental.js';
import { detectPaginator, FALLBACK_LIMIT } from '../../../../generators/rest/openapi/paginator.js';
import { detectPrimaryKey } from '../../../../generators/rest/openapi/primary-key.js';
import type { Schema } from '../../../../generators/rest/openapi/schema.js';

const record: Schema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    updated_at: { type: 'string', format: 'date-time' },
    name: { type: 'string' },
  },
};
const list: Schema = { type: 'array', items: record };
const envelope = (properties: Schema): Schema => ({
  type: 'object',
  properties: { data: list, ...properties },
});
const query = (name: string, schema: Schema = { type: 'string' }): Param => ({
  name,
  in: 'query',
  required: false,
  schema,
});
const int = (extra: Schema = {}): Schema => ({ type: 'integer', ...extra });

function paginate(params: Param[], response: Schema, responseHeaders: string[] = []) {
  const selector = detectDataSelector(response);
  return detectPaginator({ params, response, responseHeaders, selector, primaryKey: 'id' });
}

describe('dlt:rest --openapi detection', () => {
  describe('data selector', () => {
    it('takes a root array as the records', () => {
      const found = detectDataSelector(list)!;
      assert.equal(found.path, '$');
      assert.equal(found.isList, true);
      assert.equal(found.record, record);
    });

    it('takes the array of an envelope, nested ones too, preferring the usual names', () => {
      assert.equal(
        detectDataSelector(envelope({ links: { type: 'array', items: { type: 'string' } } }))!.path,
        'data',
      );
      const nested = {
        type: 'object',
        properties: { artists: { type: 'object', properties: { items: list, href: { type: 'string' } } } },
      };
      assert.equal(detectDataSelector(nested)!.path, 'artists.items');
      const named = { type: 'object', properties: { warnings: list, results: list } };
      assert.equal(detectDataSelector(named)!.path, 'results');
    });

    it('leaves a choice between unnamed arrays undecided, and says so', () => {
      const found = detectDataSelector({ type: 'object', properties: { a: list, b: list } })!;
      assert.match(found.undecided!, /several arrays \(a, b\)/);
    });

    it('takes an object response of a one-record endpoint as that record', () => {
      const found = detectDataSelector(envelope({}), true)!;
      assert.equal(found.path, '$');
      assert.equal(found.isList, false);
    });

    it('reads allOf, and OpenAPI 3.1 type lists', () => {
      const composed = {
        allOf: [{ type: 'object', properties: { items: { type: ['array', 'null'], items: record } } }],
      };
      assert.equal(detectDataSelector(composed)!.path, 'items');
    });
  });

  describe('paginator', () => {
    it('header_link from a Link response header, with the page size at its maximum', () => {
      const found = paginate([query('page', int()), query('per_page', int({ maximum: 100 }))], list, [
        'Link',
      ]);
      assert.deepEqual(found.paginator, { type: 'header_link' });
      assert.deepEqual(found.params, { per_page: 100 });
    });

    it('header_cursor from a cursor header and a cursor parameter', () => {
      const found = paginate([query('cursor')], list, ['X-Next-Cursor']);
      assert.deepEqual(found.paginator, {
        type: 'header_cursor',
        cursor_key: 'X-Next-Cursor',
        cursor_param: 'cursor',
      });
    });

    it('json_link from a next URL in the body, also inside links/paging objects', () => {
      const top = paginate([query('page', int())], envelope({ next: { type: 'string', format: 'uri' } }));
      assert.deepEqual(top.paginator, { type: 'json_link', next_url_path: 'next' });
      const odata = paginate([], envelope({ '@odata.nextLink': { type: 'string' } }));
      assert.deepEqual(odata.paginator, { type: 'json_link', next_url_path: '@odata.nextLink' });
      const links = paginate(
        [],
        envelope({ links: { type: 'object', properties: { next: { type: 'string' } } } }),
      );
      assert.deepEqual(links.paginator, { type: 'json_link', next_url_path: 'links.next' });
    });

    it('cursor from a next cursor in the body and a cursor parameter', () => {
      const top = paginate([query('cursor')], envelope({ next_cursor: { type: 'string' } }));
      assert.deepEqual(top.paginator, { type: 'cursor', cursor_path: 'next_cursor', cursor_param: 'cursor' });
      const slack = paginate(
        [query('cursor')],
        envelope({ response_metadata: { type: 'object', properties: { next_cursor: { type: 'string' } } } }),
      );
      assert.deepEqual(slack.paginator, {
        type: 'cursor',
        cursor_path: 'response_metadata.next_cursor',
        cursor_param: 'cursor',
      });
      const token = paginate([query('pageToken')], envelope({ nextPageToken: { type: 'string' } }));
      assert.deepEqual(token.paginator, {
        type: 'cursor',
        cursor_path: 'nextPageToken',
        cursor_param: 'pageToken',
      });
    });

    it('a string offset parameter is a token: a cursor from the next_page object (Asana)', () => {
      const found = paginate(
        [query('offset'), query('limit', int({ maximum: 100 }))],
        envelope({
          next_page: { type: 'object', properties: { offset: { type: 'string' }, uri: { type: 'string' } } },
        }),
      );
      assert.deepEqual(found.paginator, {
        type: 'cursor',
        cursor_path: 'next_page.offset',
        cursor_param: 'offset',
      });
    });

    it("a cursor from the last record's key with has_more (Stripe)", () => {
      const found = paginate(
        [query('starting_after'), query('limit', int({ maximum: 100 }))],
        envelope({ has_more: { type: 'boolean' }, object: { type: 'string' } }),
      );
      assert.deepEqual(found.paginator, {
        type: 'cursor',
        cursor_path: 'data[-1].id',
        cursor_param: 'starting_after',
        has_more_path: 'has_more',
      });
      assert.deepEqual(found.params, { limit: 100 });
    });

    it('offset with the limit from the spec and the total, else stopping at an empty page', () => {
      const withTotal = paginate(
        [query('offset', int()), query('limit', int({ maximum: 50 }))],
        envelope({ total: int() }),
      );
      assert.deepEqual(withTotal.paginator, {
        type: 'offset',
        limit: 50,
        offset_param: 'offset',
        limit_param: 'limit',
        total_path: 'total',
      });
      assert.equal(withTotal.undecided, undefined);
      const bare = paginate([query('skip', int()), query('top', int())], list);
      assert.deepEqual(bare.paginator, {
        type: 'offset',
        limit: FALLBACK_LIMIT,
        offset_param: 'skip',
        limit_param: 'top',
        total_path: null,
      });
      assert.match(bare.undecided!, /no maximum or default; limit 100 is a guess/);
    });

    it('page_number from the page parameter, its minimum as the first page, the total pages when given', () => {
      const found = paginate([query('page', int({ minimum: 0 }))], envelope({ total_pages: int() }));
      assert.deepEqual(found.paginator, {
        type: 'page_number',
        base_page: 0,
        page_param: 'page',
        total_path: 'total_pages',
      });
      const hasMore = paginate([query('page', int())], envelope({ has_more: { type: 'boolean' } }));
      assert.deepEqual(hasMore.paginator, {
        type: 'page_number',
        base_page: 1,
        page_param: 'page',
        total_path: null,
        has_more_path: 'has_more',
      });
    });

    it('single_page for one object or a list with no paging at all', () => {
      assert.deepEqual(paginate([], list).paginator, { type: 'single_page' });
      assert.deepEqual(paginate([], record).paginator, { type: 'single_page' });
    });

    it('leaves paging signs that fit no rule undecided (no paginator written), saying which', () => {
      const found = paginate([query('limit', int())], list);
      assert.equal(found.paginator, undefined);
      assert.match(found.undecided!, /could not be decided from parameter limit/);
    });
  });

  describe('primary key', () => {
    it('prefers a marked field, then the usual names, then the one named after the records, then the only uuid', () => {
      assert.equal(detectPrimaryKey(record)!.field, 'id');
      const marked = {
        type: 'object',
        properties: { id: int(), code: { type: 'string', 'x-primary-key': true } },
      };
      assert.equal(detectPrimaryKey(marked)!.field, 'code');
      assert.equal(detectPrimaryKey({ properties: { gid: { type: 'string' }, name: {} } })!.field, 'gid');
      assert.equal(
        detectPrimaryKey({ properties: { ref: { type: 'string', format: 'uuid' } } })!.field,
        'ref',
      );
      assert.equal(detectPrimaryKey({ properties: { name: { type: 'string' } } }), undefined);
      const own = { properties: { event_id: int(), ref: { type: 'string', format: 'uuid' } } };
      assert.deepEqual(detectPrimaryKey(own, 'events'), {
        field: 'event_id',
        from: '"event_id" is named after the records',
      });
      assert.equal(detectPrimaryKey(own, 'tickets')!.field, 'ref', 'named after other records: the uuid');
      assert.equal(detectPrimaryKey({ properties: { id: int(), event_id: int() } }, 'events')!.field, 'id');
    });
  });

  describe('incremental', () => {
    const dateTime = { type: 'string', format: 'date-time' };
    it('matches a date-time filter parameter to the record field that shares its first word', () => {
      const rec = { properties: { created_at: dateTime, modified_at: dateTime, updated_at: dateTime } };
      const found = detectIncremental([query('modified_after', dateTime)], rec)!;
      assert.equal(found.field, 'modified_at');
      assert.deepEqual(found.params, { modified_after: '{incremental.start_value}' });
      assert.deepEqual(found.incremental, {
        cursor_path: 'modified_at',
        initial_value: '1970-01-01T00:00:00Z',
      });
    });

    it('takes the best change-time field for a plain since (GitHub)', () => {
      const rec = { properties: { created_at: dateTime, updated_at: dateTime } };
      assert.equal(detectIncremental([query('since')], rec)!.field, 'updated_at');
    });

    it('finds nothing without a date-time record field or a filter parameter', () => {
      assert.equal(detectIncremental([query('since')], { properties: { id: int() } }), undefined);
      assert.equal(detectIncremental([query('q')], record), undefined);
    });
  });

  describe('auth', () => {
    const operation = (security: string[][]): Operation => ({
      path: '/x',
      group: 'x',
      params: [],
      responseHeaders: [],
      security,
    });
    const doc = (schemes: ApiDocument['securitySchemes'], security: string[][] = []): ApiDocument => ({
      version: '3.0',
      title: 't',
      otherServers: [],
      operations: [],
      securitySchemes: schemes,
      security,
    });
    const scheme = (name: string, extra: Partial<ApiDocument['securitySchemes'][number]>) => ({
      name,
      type: 'http',
      flows: [],
      ...extra,
    });

    it('maps bearer, basic and API keys in a header or the query with their names', () => {
      assert.deepEqual(detectAuth(doc([scheme('t', { scheme: 'bearer' })]), []).auth, { type: 'bearer' });
      assert.deepEqual(detectAuth(doc([scheme('b', { scheme: 'basic' })]), []).auth, { type: 'http_basic' });
      const key = scheme('k', { type: 'apiKey', in: 'header', paramName: 'X-Token' });
      assert.deepEqual(detectAuth(doc([key]), []).auth, {
        type: 'api_key',
        name: 'X-Token',
        location: 'header',
      });
    });

    it('maps OAuth2 client credentials with its token URL, made absolute against the base URL', () => {
      const oauth = scheme('o', {
        type: 'oauth2',
        clientCredentialsTokenUrl: '/oauth/token',
        flows: ['clientCredentials'],
      });
      assert.deepEqual(detectAuth(doc([oauth]), [], 'https://api.example.com/v1').auth, {
        type: 'oauth2_client_credentials',
        access_token_url: 'https://api.example.com/oauth/token',
      });
    });

    it('takes the scheme the operations use, and names the others', () => {
      const found = detectAuth(
        doc([scheme('basic', { scheme: 'basic' }), scheme('token', { scheme: 'bearer' })]),
        [operation([['token']]), operation([['token'], ['basic']])],
      );
      assert.deepEqual(found.auth, { type: 'bearer' });
      assert.match(found.notes.join(), /also accepts http basic "basic"/);
    });

    it('takes the auth the chosen operations require: none when they require none, a note naming the open ones in a mix', () => {
      const bearer = [scheme('token', { scheme: 'bearer' })];
      const secure = { ...operation([['token']]), path: '/secure/things' };
      const open = { ...operation([]), path: '/items' };
      const spec = { ...doc(bearer), operations: [secure, open] };
      const none = detectAuth(spec, [open]);
      assert.equal(none.auth, undefined);
      assert.deepEqual(none.notes, []);
      const mixed = detectAuth(spec, [secure, open]);
      assert.deepEqual(mixed.auth, { type: 'bearer' });
      assert.match(
        mixed.notes.join(),
        /sent to every endpoint, also to those the spec requires none for: \/items$/,
      );
      // the document's requirement, turned off by `security: []` or made optional by `{}`
      const global = { ...doc(bearer, [['token']]), operations: [secure] };
      assert.equal(detectAuth(global, [operation([])]).auth, undefined);
      assert.equal(detectAuth(global, [operation([[], ['token']])]).auth, undefined);
      assert.deepEqual(detectAuth(global, [operation([['token']])]).auth, { type: 'bearer' });
    });

    it('an OAuth2 flow dlt cannot run becomes bearer with a note; a cookie key is left out with a note', () => {
      const code = detectAuth(doc([scheme('o', { type: 'oauth2', flows: ['authorizationCode'] })]), []);
      assert.deepEqual(code.auth, { type: 'bearer' });
      assert.match(code.notes.join(), /no client-credentials flow/);
      const cookie = detectAuth(doc([scheme('c', { type: 'apiKey', in: 'cookie', paramName: 's' })]), []);
      assert.equal(cookie.auth, undefined);
      assert.match(cookie.notes.join(), /no shorthand for apiKey "c"/);
    });
  });
});
