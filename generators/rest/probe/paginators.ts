/**
 * The paginators a first page points to, without I/O: each candidate is a dlt paginator config
 * plus the URL of the second page it would fetch, so the probe can verify it before writing it.
 */

import {
  CONTAINED_CURSOR_PROPERTIES,
  CURSOR_CONTAINER_PROPERTIES,
  CURSOR_HEADERS,
  CURSOR_PARAMS,
  HAS_MORE_PROPERTIES,
  LAST_ITEM_PARAMS,
  LINK_CONTAINER_PROPERTIES,
  type NameSet,
  NEXT_CURSOR_PROPERTIES,
  NEXT_URL_PROPERTIES,
  nameKey,
  TOTAL_COUNT_PROPERTIES,
  TOTAL_PAGES_PROPERTIES,
} from '../detect/names.js';
import type { ConfigDict } from '../vocabulary.js';
import { isObject, type JsonRecord, type RecordsFound } from './records.js';

/** One page as the probe saw it. */
export interface ProbePage {
  /** The request URL, query included. */
  url: string;
  status: number;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: unknown;
}

export interface PaginatorCandidate {
  /** What it is, for the summary and the script comment: `cursor (next_cursor -> ?cursor=)`. */
  label: string;
  paginator: ConfigDict;
  /** The URL of the second page, as dlt would request it. */
  secondPage: string;
}

/** The RFC 8288 `rel="next"` target of a Link header. */
export function nextLink(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(',')) {
    const match = /<([^>]*)>(.*)/.exec(part.trim());
    if (match && /\brel="?([^";]*\s)?next(\s[^";]*)?"?/i.test(match[2]!)) return match[1];
  }
  return undefined;
}

const looksLikeUrl = (value: unknown): value is string =>
  typeof value === 'string' && /^(https?:\/\/|\/|\?)/i.test(value);

const isCursorValue = (value: unknown): value is string | number =>
  (typeof value === 'string' && value !== '') || typeof value === 'number';

/** Properties of `body` (one level of the named containers included) whose name is in `names`. */
function propertiesNamed(
  body: JsonRecord,
  names: NameSet,
  containers?: NameSet,
  inside: NameSet = names,
): { path: string; value: unknown }[] {
  const found: { path: string; value: unknown; rank: number }[] = [];
  const rank = (set: NameSet, key: string) => set.names.findIndex((name) => nameKey(name) === nameKey(key));
  for (const [key, value] of Object.entries(body)) {
    if (names.has(key)) found.push({ path: key, value, rank: rank(names, key) });
    if (containers?.has(key) && isObject(value)) {
      for (const [innerKey, innerValue] of Object.entries(value)) {
        if (inside.has(innerKey))
          found.push({ path: `${key}.${innerKey}`, value: innerValue, rank: 100 + rank(inside, innerKey) });
        // HAL-style links: `_links.next.href`
        if (inside.has(innerKey) && isObject(innerValue) && typeof innerValue.href === 'string')
          found.push({
            path: `${key}.${innerKey}.href`,
            value: innerValue.href,
            rank: 100 + rank(inside, innerKey),
          });
      }
    }
  }
  return found.sort((a, b) => a.rank - b.rank).map(({ path, value }) => ({ path, value }));
}

/** `https://api/x?a=1` with `changes` applied to its query. */
export function withQuery(url: string, changes: Record<string, string | number>): string {
  const next = new URL(url);
  for (const [key, value] of Object.entries(changes)) next.searchParams.set(key, String(value));
  return next.toString();
}

/**
 * The query parameter a cursor goes back in, from the name it came under: `next_cursor` ->
 * `cursor`, `nextPageToken` -> `page_token`, `X-Next-Cursor` -> `cursor`; `cursor` when the name
 * does not say.
 */
export function cursorParamFor(name: string): string {
  const snake = name
    .split('.')
    .at(-1)!
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^x_/, '');
  const withoutNext = snake.replace(/^next_/, '');
  if (withoutNext === 'end_cursor') return 'after';
  if (withoutNext === 'page') return 'page';
  for (const candidate of [withoutNext, snake]) if (CURSOR_PARAMS.has(candidate)) return candidate;
  return 'cursor';
}

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value)
    ? value
    : typeof value === 'string' && /^\d+$/.test(value)
      ? Number(value)
      : undefined;

/** The `has_more` property, when the page has one; its value says whether another page exists. */
export function hasMoreOf(body: unknown): { path: string; value: boolean } | undefined {
  if (!isObject(body)) return undefined;
  const found = propertiesNamed(body, HAS_MORE_PROPERTIES, CURSOR_CONTAINER_PROPERTIES).find(
    ({ value }) => typeof value === 'boolean',
  );
  return found && { path: found.path, value: found.value as boolean };
}

export interface CandidateContext {
  first: ProbePage;
  records: RecordsFound;
  /** The field that identifies a record, for a cursor taken from the last record. */
  primaryKey?: string;
}

/**
 * The paginators the first page points to, most certain first: a Link header, a next URL in the
 * body, a cursor in the body or a header, a cursor from the last record's key (with `has_more`),
 * then page numbers and offsets (first when the body has a total that says which). A first page
 * that says it is the last (a null next, `has_more: false`, one page in total) gives no candidate.
 */
export function paginatorCandidates(context: CandidateContext): PaginatorCandidate[] {
  const { first, records } = context;
  if (records.records.length === 0) return [];
  const body = isObject(first.body) ? first.body : {};
  const hasMore = hasMoreOf(first.body);
  if (hasMore?.value === false) return [];
  const withHasMore = (paginator: ConfigDict): ConfigDict =>
    hasMore ? { ...paginator, has_more_path: hasMore.path } : paginator;
  const candidates: PaginatorCandidate[] = [];
  let saysLast = false;

  const link = nextLink(first.headers.link);
  if (link) {
    candidates.push({
      label: 'header_link (the Link header names the next page)',
      paginator: { type: 'header_link' },
      secondPage: new URL(link, first.url).toString(),
    });
  }

  const nextUrls = propertiesNamed(body, NEXT_URL_PROPERTIES, LINK_CONTAINER_PROPERTIES);
  for (const { path, value } of nextUrls) {
    if (looksLikeUrl(value)) {
      candidates.push({
        label: `json_link (next page URL at "${path}")`,
        paginator: { type: 'json_link', next_url_path: path },
        secondPage: new URL(value, first.url).toString(),
      });
      break;
    }
    if (value === null) saysLast = true;
  }

  const cursors = propertiesNamed(
    body,
    NEXT_CURSOR_PROPERTIES,
    CURSOR_CONTAINER_PROPERTIES,
    CONTAINED_CURSOR_PROPERTIES,
  ).filter(({ path }) => !candidates.some((c) => c.paginator.next_url_path === path));
  for (const { path, value } of cursors) {
    if (isCursorValue(value) && !looksLikeUrl(value)) {
      const param = cursorParamFor(path);
      candidates.push({
        label: `cursor (cursor at "${path}", sent back as ${param})`,
        paginator: withHasMore({ type: 'cursor', cursor_path: path, cursor_param: param }),
        secondPage: withQuery(first.url, { [param]: value }),
      });
      break;
    }
    if (value === null) saysLast = true;
  }

  const header = CURSOR_HEADERS.best(Object.keys(first.headers));
  if (header && first.headers[header]) {
    const param = cursorParamFor(header);
    candidates.push({
      label: `header_cursor (cursor in the ${header} header, sent back as ${param})`,
      paginator: { type: 'header_cursor', cursor_key: header, cursor_param: param },
      secondPage: withQuery(first.url, { [param]: first.headers[header]! }),
    });
  }

  const last = records.records.at(-1)!;
  if (hasMore?.value === true && context.primaryKey && isCursorValue(last[context.primaryKey])) {
    const param = LAST_ITEM_PARAMS.names[0]!;
    const recordsPath = records.selector === '$' ? '$' : records.selector;
    candidates.push({
      label: `cursor (the last record's ${context.primaryKey} sent as ${param}, while "${hasMore.path}" is true)`,
      paginator: {
        type: 'cursor',
        cursor_path: `${recordsPath}[-1].${context.primaryKey}`,
        cursor_param: param,
        has_more_path: hasMore.path,
      },
      secondPage: withQuery(first.url, { [param]: last[context.primaryKey] as string | number }),
    });
  }

  if (candidates.length > 0 || saysLast) return candidates;
  return [...rangeCandidates(context, body, withHasMore)];
}

/** Page numbers and offsets: what the body's total says first, both guessed when it says nothing. */
function rangeCandidates(
  { first, records }: CandidateContext,
  body: JsonRecord,
  withHasMore: (paginator: ConfigDict) => ConfigDict,
): PaginatorCandidate[] {
  const count = records.records.length;
  const pagesTotal = propertiesNamed(body, TOTAL_PAGES_PROPERTIES, CURSOR_CONTAINER_PROPERTIES).find(
    ({ value }) => num(value) !== undefined,
  );
  const recordsTotal = propertiesNamed(body, TOTAL_COUNT_PROPERTIES, CURSOR_CONTAINER_PROPERTIES).find(
    ({ value }) => num(value) !== undefined,
  );
  const currentPage = num(body.page);
  const basePage = currentPage !== undefined && currentPage <= 1 ? currentPage : 1;
  const pages: PaginatorCandidate = {
    label: pagesTotal
      ? `page_number (page=${basePage + 1}, "${pagesTotal.path}" pages in total)`
      : `page_number (page=${basePage + 1}, until an empty page)`,
    paginator: withHasMore({
      type: 'page_number',
      base_page: basePage,
      page_param: 'page',
      total_path: pagesTotal?.path ?? null,
    }),
    secondPage: withQuery(first.url, { page: basePage + 1 }),
  };
  const offsets: PaginatorCandidate = {
    label: recordsTotal
      ? `offset (offset=${count}&limit=${count}, "${recordsTotal.path}" records in total)`
      : `offset (offset=${count}&limit=${count}, until an empty page)`,
    paginator: withHasMore({
      type: 'offset',
      limit: count,
      offset_param: 'offset',
      limit_param: 'limit',
      total_path: recordsTotal?.path ?? null,
    }),
    secondPage: withQuery(first.url, { offset: count, limit: count }),
  };
  if (pagesTotal && num(pagesTotal.value)! <= 1) return [];
  if (recordsTotal && num(recordsTotal.value)! <= count && !pagesTotal) return [];
  if (recordsTotal && !pagesTotal) return [offsets, pages];
  return [pages, offsets];
}

const identity = (record: JsonRecord, key: string | undefined) =>
  key !== undefined ? String(record[key]) : JSON.stringify(record);

/** True when the second page holds a record the first did not (by key, or whole when there is none). */
export function bringsNewRecords(
  first: readonly JsonRecord[],
  second: readonly JsonRecord[],
  primaryKey?: string,
): boolean {
  const seen = new Set(first.map((record) => identity(record, primaryKey)));
  return second.some((record) => !seen.has(identity(record, primaryKey)));
}
