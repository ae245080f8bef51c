import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small REST API on 127.0.0.1 for end-to-end tests, the demo and the benchmark: items with
 * comments (and reactions to comments), readings (records without an id), every paginator style dlt's rest_api knows (and
 * `has_more`: Stripe's cursor from the last item's id with a has_more flag), every auth style
 * (401 without the right credentials), incremental filters, documents served as given (an OpenAPI
 * spec describing it), and a log of every request.
 */
export interface Item {
  id: number;
  number: number;
  name: string;
  status: 'open' | 'closed';
  updated_at: string;
  tags: string[];
  owner: { login: string; id: number };
}

export interface Comment {
  id: number;
  item_id: number;
  body: string;
}

/** A record without an id: no field identifies it, so nothing can be its primary key. */
export interface Reading {
  sensor: string;
  measured_at: string;
  value: number;
}

/** A comment's reactions: the comment with index k (k = id % 10) has k + 1 of them. */
export interface Reaction {
  id: number;
  comment_id: number;
  emoji: string;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
}

export interface SampleApiOptions {
  records?: number;
  pageSize?: number;
  /** Texts served at their paths (e.g. `/openapi.yaml`), with `{{url}}` replaced by the API's URL. */
  documents?: Record<string, string>;
}

export interface SampleApi {
  url: string;
  requests: LoggedRequest[];
  credentials: {
    token: string;
    apiKey: string;
    username: string;
    password: string;
    clientId: string;
    clientSecret: string;
  };
  clearRequests(): void;
  items(): Item[];
  /** `/<style>/readings`: one per item, without an id. */
  readings(): Reading[];
  updateItems(ids: number[], changes?: Partial<Omit<Item, 'id'>>): void;
  addItems(count: number): Item[];
  close(): Promise<void>;
}

export const PAGINATION_STYLES = [
  'json_link',
  'header_link',
  'header_cursor',
  'cursor',
  'offset',
  'page_number',
  'single_page',
  'has_more',
] as const;
export type PaginationStyle = (typeof PAGINATION_STYLES)[number];

export const AUTH_KINDS = ['bearer', 'api_key_header', 'api_key_query', 'basic', 'oauth2'] as const;
export type AuthKind = (typeof AUTH_KINDS)[number];

const BASE_TIME = Date.parse('2024-01-01T00:00:00Z');

function makeItem(id: number, updatedAt: number): Item {
  return {
    id,
    number: id,
    name: `item-${id}`,
    status: id % 4 === 0 ? 'closed' : 'open',
    updated_at: new Date(updatedAt).toISOString(),
    tags: id % 2 === 0 ? ['even', `group-${id % 5}`] : [`group-${id % 5}`],
    owner: { login: `user-${id % 7}`, id: id % 7 },
  };
}

function commentsOf(item: Item): Comment[] {
  return Array.from({ length: item.id % 3 }, (_, index) => ({
    id: item.id * 10 + index,
    item_id: item.id,
    body: `comment ${index + 1} on ${item.name}`,
  }));
}

function readingOf(item: Item): Reading {
  return { sensor: `sensor-${item.id % 5}`, measured_at: item.updated_at, value: item.id * 1.5 };
}

export function reactionsOf(comment: Comment): Reaction[] {
  return Array.from({ length: (comment.id % 10) + 1 }, (_, index) => ({
    id: comment.id * 10 + index,
    comment_id: comment.id,
    emoji: index % 2 ? 'heart' : 'thumbs_up',
  }));
}

const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');
const decodeCursor = (cursor: string) =>
  Number(Buffer.from(cursor, 'base64url').toString().split(':')[1] ?? 0);

export async function startSampleApi(options: SampleApiOptions = {}): Promise<SampleApi> {
  const pageSize = options.pageSize ?? 25;
  let items = Array.from({ length: options.records ?? 300 }, (_, index) =>
    makeItem(index + 1, BASE_TIME + (index + 1) * 60_000),
  );
  const requests: LoggedRequest[] = [];
  const credentials = {
    token: `tok_${randomBytes(8).toString('hex')}`,
    apiKey: `key_${randomBytes(8).toString('hex')}`,
    username: 'sample-user',
    password: `pw_${randomBytes(8).toString('hex')}`,
    clientId: 'sample-client',
    clientSecret: `cs_${randomBytes(8).toString('hex')}`,
  };
  const issuedTokens = new Set<string>();
  let clock = BASE_TIME + (items.length + 1) * 60_000;
  const now = () => {
    clock = Math.max(clock + 1000, Date.now());
    return clock;
  };

  const basic = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  function authorized(kind: string, request: IncomingMessage, query: URLSearchParams): boolean {
    const header = request.headers.authorization ?? '';
    switch (kind) {
      case 'bearer':
        return header === `Bearer ${credentials.token}`;
      case 'api_key_header':
        return request.headers['x-api-key'] === credentials.apiKey;
      case 'api_key_query':
        return query.get('api_key') === credentials.apiKey;
      case 'basic':
        return header === basic(credentials.username, credentials.password);
      case 'oauth2':
        return header.startsWith('Bearer ') && issuedTokens.has(header.slice('Bearer '.length));
      default:
        return false;
    }
  }

  function send(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  }

  function selected(query: URLSearchParams): Item[] {
    const since = query.get('since') ?? query.get('updated_after');
    let rows = since ? items.filter((item) => item.updated_at >= since) : [...items];
    if (query.get('sort') === 'updated_at')
      rows = rows.sort((a, b) => a.updated_at.localeCompare(b.updated_at));
    return rows;
  }

  function pageUrl(base: string, query: URLSearchParams, changes: Record<string, string>): string {
    const next = new URLSearchParams(query);
    for (const [key, value] of Object.entries(changes)) next.set(key, value);
    return `${base}?${next.toString()}`;
  }

  function serveCollection(
    style: string,
    rows: unknown[],
    query: URLSearchParams,
    selfUrl: string,
    response: ServerResponse,
  ) {
    const size = Number(query.get('per_page') ?? query.get('limit') ?? pageSize) || pageSize;
    switch (style) {
      case 'single_page':
        return send(response, 200, rows);
      case 'json_link':
      case 'page_number':
      case 'header_link': {
        const page = Math.max(1, Number(query.get('page') ?? 1));
        const pages = Math.max(1, Math.ceil(rows.length / size));
        const slice = rows.slice((page - 1) * size, page * size);
        const next = page < pages ? pageUrl(selfUrl, query, { page: String(page + 1) }) : null;
        if (style === 'json_link') return send(response, 200, { data: slice, next });
        if (style === 'page_number') return send(response, 200, { items: slice, total_pages: pages });
        return send(response, 200, slice, next ? { link: `<${next}>; rel="next"` } : {});
      }
      case 'offset': {
        const offset = Math.max(0, Number(query.get('offset') ?? 0));
        return send(response, 200, { items: rows.slice(offset, offset + size), total: rows.length });
      }
      case 'cursor':
      case 'header_cursor': {
        const cursor = query.get('cursor');
        const offset = cursor ? decodeCursor(cursor) : 0;
        const next = offset + size < rows.length ? encodeCursor(offset + size) : null;
        const slice = rows.slice(offset, offset + size);
        if (style === 'cursor') return send(response, 200, { items: slice, next_cursor: next });
        return send(response, 200, slice, next ? { 'x-next-cursor': next } : {});
      }
      case 'has_more': {
        const after = query.get('starting_after');
        const start = after ? rows.findIndex((row) => String((row as { id: unknown }).id) === after) + 1 : 0;
        const slice = rows.slice(start, start + size);
        return send(response, 200, { object: 'list', data: slice, has_more: start + size < rows.length });
      }
      default:
        return send(response, 404, { error: `unknown pagination style ${style}` });
    }
  }

  async function readBody(request: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString();
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
    requests.push({
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
    });

    if (request.method === 'POST' && url.pathname === '/oauth/token') {
      const form = new URLSearchParams(await readBody(request));
      const viaBasic =
        request.headers.authorization === basic(credentials.clientId, credentials.clientSecret);
      const viaForm =
        form.get('client_id') === credentials.clientId &&
        form.get('client_secret') === credentials.clientSecret;
      if (form.get('grant_type') !== 'client_credentials' || !(viaBasic || viaForm)) {
        return send(response, 401, { error: 'invalid_client' });
      }
      const token = `oauth_${randomBytes(8).toString('hex')}`;
      issuedTokens.add(token);
      return send(response, 200, { access_token: token, token_type: 'bearer', expires_in: 3600 });
    }
    if (request.method !== 'GET') return send(response, 405, { error: 'method not allowed' });
    const document = options.documents?.[url.pathname];
    if (document !== undefined) {
      response.writeHead(200, { 'content-type': 'text/plain' });
      return response.end(document.split('{{url}}').join(serverUrl));
    }

    let segments = url.pathname.split('/').filter(Boolean);
    let prefix = '';
    if (segments[0] === 'auth') {
      const kind = segments[1] ?? '';
      if (!authorized(kind, request, url.searchParams))
        return send(response, 401, { error: `unauthorized (${kind})` });
      prefix = `/auth/${kind}`;
      segments = segments.slice(2);
    }
    const [style, collection, id, child, commentId, grandchild] = segments;
    const selfUrl = `${serverUrl}${prefix}/${segments.join('/')}`;
    if (!style || !(PAGINATION_STYLES as readonly string[]).includes(style)) {
      return send(response, 404, { error: `no route ${url.pathname}` });
    }
    if (collection === 'readings' && id === undefined)
      return serveCollection(
        style,
        selected(url.searchParams).map(readingOf),
        url.searchParams,
        selfUrl,
        response,
      );
    if (collection !== 'items') return send(response, 404, { error: `no route ${url.pathname}` });
    if (id === undefined)
      return serveCollection(style, selected(url.searchParams), url.searchParams, selfUrl, response);
    const item = items.find((candidate) => String(candidate.id) === id);
    if (!item) return send(response, 404, { error: `no item ${id}` });
    if (child === undefined) return send(response, 200, item);
    if (child === 'comments' && commentId === undefined) return send(response, 200, commentsOf(item));
    const comment = commentsOf(item).find((candidate) => String(candidate.id) === commentId);
    if (child === 'comments' && comment && grandchild === 'reactions')
      return send(response, 200, reactionsOf(comment));
    return send(response, 404, { error: `no route ${url.pathname}` });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: serverUrl,
    requests,
    credentials,
    clearRequests: () => {
      requests.length = 0;
    },
    items: () => items.map((item) => ({ ...item })),
    readings: () => items.map(readingOf),
    updateItems(ids, changes = {}) {
      const stamp = new Date(now()).toISOString();
      items = items.map((item) =>
        ids.includes(item.id) ? { ...item, ...changes, updated_at: stamp } : item,
      );
    },
    addItems(count) {
      const start = Math.max(0, ...items.map((item) => item.id)) + 1;
      const added = Array.from({ length: count }, (_, index) => makeItem(start + index, now()));
      items = [...items, ...added];
      return added;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
