/**
 * The probe's pages as a replayable fixture, without I/O: credentials scrubbed, the first request
 * spelled the way dlt's paginator sends it, and the last recorded page made the last page (its
 * next link, cursor or has_more cleared, its total set), so the replay ends where the recording
 * does. `rows` is what the replay must load.
 */
import { isSecretName } from '../../../shared/dlt/secret-names.js';
import type { ProbePage } from './paginators.js';
import type { ResourceProbe } from './probe-resource.js';
import { isObject, type JsonRecord, recordsAt } from './records.js';

export interface FixtureExchange {
  /** The request URL without its query. */
  url: string;
  /** The query, credentials left out. */
  params: Record<string, string>;
  status: number;
  /** Only the headers the paginator reads (Link, a cursor header). */
  headers: Record<string, string>;
  body: unknown;
}

export interface Fixture {
  resource: string;
  /** The base URL the pages were recorded from: the smoke test runs the source against it. */
  base_url?: string;
  /** Rows the replay loads into the resource's table. */
  rows: number;
  /** Query parameters left out of the recording (credentials): the replay ignores them. */
  ignored_params: string[];
  exchanges: FixtureExchange[];
}

export const REDACTED = 'REDACTED';

export interface Scrub {
  /** Values given as credentials this run. */
  secrets: readonly string[];
  /** Query parameters that carry credentials, besides the usual names. */
  secretParams: readonly string[];
  /** The paginator's own parameters: a `page_token` is a cursor, not a credential. */
  pagingParams?: readonly string[];
}

const isSecretParam = (name: string, scrub: Scrub) =>
  !scrub.pagingParams?.includes(name) && (isSecretName(name) || scrub.secretParams.includes(name));

/** A text without the run's credentials, URL query values of credential parameters included. */
export function scrubText(text: string, scrub: Scrub): string {
  let clean = text;
  for (const secret of scrub.secrets) if (secret.length >= 4) clean = clean.split(secret).join(REDACTED);
  return clean.replace(/([?&])([^=&#\s"<>]+)=([^&#\s"<>]*)/g, (whole, sep: string, name: string) =>
    isSecretParam(decodeURIComponent(name), scrub) ? `${sep}${name}=${REDACTED}` : whole,
  );
}

export function scrubValue(value: unknown, scrub: Scrub): unknown {
  if (typeof value === 'string') return scrubText(value, scrub);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, scrub));
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubValue(item, scrub)]));
  return value;
}

/** Sets the value at a dotted path of a JSON body (a copy). */
function setAt(body: unknown, path: string, value: unknown): unknown {
  if (path === '$') return value;
  const copy = structuredClone(body);
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) {
    if (!isObject(node)) return copy;
    node = node[key];
  }
  if (isObject(node)) node[keys.at(-1)!] = value;
  return copy;
}

function exchangeOf(page: ProbePage, scrub: Scrub, headerNames: readonly string[]): FixtureExchange {
  const url = new URL(page.url);
  const params = Object.fromEntries([...url.searchParams].filter(([name]) => !isSecretParam(name, scrub)));
  const headers = Object.fromEntries(
    headerNames
      .filter((name) => page.headers[name] !== undefined)
      .map((name) => [name, scrubText(page.headers[name]!, scrub)]),
  );
  return {
    url: `${url.origin}${url.pathname}`,
    params,
    status: page.status,
    headers,
    body: scrubValue(page.body, scrub),
  };
}

/** The fixture of a probed resource, for the paginator the script got; undefined without pages. */
export function fixtureOf(
  probe: ResourceProbe,
  credentials: Scrub,
  primaryKey?: string,
): Fixture | undefined {
  const selector = probe.dataSelector;
  if (probe.pages.length === 0 || selector === undefined) return undefined;
  const paginator = probe.paginator?.config ?? { type: 'single_page' };
  const pagingParams = ['cursor_param', 'page_param', 'offset_param', 'limit_param']
    .map((key) => paginator[key])
    .filter((name): name is string => typeof name === 'string');
  const scrub = { ...credentials, pagingParams };
  const type = String(paginator.type);
  const headerNames =
    type === 'header_link' ? ['link'] : type === 'header_cursor' ? [String(paginator.cursor_key)] : [];
  const pages = probe.pages.slice(0, paginator.type === 'single_page' ? 1 : 2);
  const exchanges = pages.map((page) => exchangeOf(page, scrub, headerNames));
  const records = pages.flatMap((page) => recordsAt(page.body, selector) ?? []);

  if (type === 'page_number')
    exchanges[0]!.params[String(paginator.page_param)] = String(paginator.base_page);
  if (type === 'offset') {
    exchanges[0]!.params[String(paginator.offset_param)] = '0';
    exchanges[0]!.params[String(paginator.limit_param)] = String(paginator.limit);
  }
  if (exchanges.length > 1) endAtLastExchange(exchanges, paginator, selector, records.length);

  const identity = (record: JsonRecord) =>
    primaryKey !== undefined ? String(record[primaryKey]) : JSON.stringify(record);
  const rows = primaryKey !== undefined ? new Set(records.map(identity)).size : records.length;
  const recorded = pages.flatMap((page) => [...new URL(page.url).searchParams.keys()]);
  const ignored = [...recorded.filter((name) => isSecretParam(name, scrub)), ...scrub.secretParams];
  return { resource: probe.resource, rows, ignored_params: [...new Set(ignored)].sort(), exchanges };
}

/** Makes the last exchange the last page, for the paginator that reads it. */
function endAtLastExchange(
  exchanges: FixtureExchange[],
  paginator: Record<string, unknown>,
  selector: string,
  recordCount: number,
): void {
  const last = exchanges.at(-1)!;
  const hasMore = typeof paginator.has_more_path === 'string' ? paginator.has_more_path : undefined;
  if (hasMore) {
    for (const exchange of exchanges) exchange.body = setAt(exchange.body, hasMore, exchange !== last);
  }
  switch (paginator.type) {
    case 'header_link':
      delete last.headers.link;
      return;
    case 'header_cursor':
      delete last.headers[String(paginator.cursor_key)];
      return;
    case 'json_link':
      last.body = setAt(last.body, String(paginator.next_url_path), null);
      return;
    case 'cursor':
      if (!hasMore) last.body = setAt(last.body, String(paginator.cursor_path), null);
      return;
    case 'page_number':
    case 'offset': {
      const totalPath = paginator.total_path;
      const total = paginator.type === 'page_number' ? exchanges.length : recordCount;
      if (typeof totalPath === 'string') {
        for (const exchange of exchanges) exchange.body = setAt(exchange.body, totalPath, total);
      } else if (!hasMore) {
        // the paginator stops at an empty page: the recording ends with one
        const param = String(
          paginator.type === 'page_number' ? paginator.page_param : paginator.offset_param,
        );
        const next =
          paginator.type === 'page_number'
            ? Number(last.params[param]) + 1
            : Number(last.params[param]) + Number(paginator.limit);
        exchanges.push({
          ...structuredClone(last),
          params: { ...last.params, [param]: String(next) },
          body: setAt(last.body, selector, []),
        });
      }
      return;
    }
    default:
      return;
  }
}
