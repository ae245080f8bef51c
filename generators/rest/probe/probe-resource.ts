/**
 * Probes one resource: its first page, then the second page of each candidate paginator until one
 * brings new records. At most MAX_REQUESTS_PER_RESOURCE GET requests.
 */

import type { ConfigDict } from '../vocabulary.js';
import { type GetPage, ProbeUnreachable } from './http.js';
import {
  bringsNewRecords,
  hasMoreOf,
  type PaginatorCandidate,
  type ProbePage,
  paginatorCandidates,
} from './paginators.js';
import { dateTimeFields, findRecords, primaryKeyCandidates, recordsAt } from './records.js';

export const MAX_REQUESTS_PER_RESOURCE = 3;

export interface ProbeTarget {
  resource: string;
  /** The first page's URL: base URL, path and the endpoint's own query parameters. */
  url: string;
  /** False when the paginator is given: only the first page is fetched. */
  wantPaginator: boolean;
  /** The primary key given for the resource, if any. */
  primaryKey?: string;
  /** False when its requests depend on run-time values (an incremental start): no fixture then. */
  replayable?: boolean;
}

export interface ResourceProbe {
  resource: string;
  url: string;
  /** Why the probe learned nothing about the resource. */
  failure?: string;
  /** The failure is the API's, not the resource's (no answer, 401, 403): probe no further. */
  apiFailure?: boolean;
  /** The API refused the request (401, 403): it wants other credentials than the run gave. */
  denied?: boolean;
  dataSelector?: string;
  /** The paginator whose second page brought new records. */
  paginator?: { config: ConfigDict; label: string };
  /** Paginators tried without success, each with what happened; or why none could be tried. */
  tried: string[];
  /** The first request's HTTP status when it was no success (404: no such endpoint). */
  status?: number;
  primaryKeys: string[];
  dateTimeFields: string[];
  /** The fields of the first page's first record. */
  fields: string[];
  /** The first page and, when a paginator was verified, its second page. */
  pages: ProbePage[];
  /** The pages can be replayed offline (see ProbeTarget.replayable). */
  replayable: boolean;
}

const DENIED = new Set([401, 403]);

export async function probeResource(get: GetPage, target: ProbeTarget): Promise<ResourceProbe> {
  const result: ResourceProbe = {
    resource: target.resource,
    url: target.url,
    tried: [],
    primaryKeys: [],
    dateTimeFields: [],
    fields: [],
    pages: [],
    replayable: target.replayable ?? true,
  };
  let first: ProbePage;
  try {
    first = await get(target.url);
  } catch (error) {
    if (!(error instanceof ProbeUnreachable)) throw error;
    return { ...result, failure: `GET ${target.url} got no answer (${error.message})`, apiFailure: true };
  }
  if (first.status < 200 || first.status >= 300) {
    return {
      ...result,
      failure: `GET ${target.url} answered ${first.status}`,
      status: first.status,
      apiFailure: DENIED.has(first.status),
      denied: DENIED.has(first.status),
    };
  }
  const found = findRecords(first.body);
  if (!found) {
    const what = first.body === undefined ? 'is not JSON' : 'holds no list of records';
    return { ...result, failure: `the response of GET ${target.url} ${what}` };
  }
  result.pages.push(first);
  result.dataSelector = found.selector;
  result.primaryKeys = primaryKeyCandidates(found.records, target.resource);
  result.dateTimeFields = dateTimeFields(found.records);
  result.fields = Object.keys(found.records[0] ?? {});
  if (!target.wantPaginator) return result;

  const key =
    target.primaryKey !== undefined && result.primaryKeys.includes(target.primaryKey)
      ? target.primaryKey
      : result.primaryKeys[0];
  const candidates = paginatorCandidates({ first, records: found, primaryKey: key });
  if (candidates.length === 0) {
    result.tried.push(whyNoCandidate(first, found.records.length));
    return result;
  }
  for (const candidate of candidates.slice(0, MAX_REQUESTS_PER_RESOURCE - 1)) {
    const outcome = await verify(get, candidate, found.records, found.selector, key);
    if (outcome.page) {
      result.paginator = { config: candidate.paginator, label: candidate.label };
      result.pages.push(outcome.page);
      return result;
    }
    result.tried.push(`${candidate.label}: ${outcome.why}`);
  }
  return result;
}

async function verify(
  get: GetPage,
  candidate: PaginatorCandidate,
  firstRecords: Record<string, unknown>[],
  selector: string,
  key: string | undefined,
): Promise<{ page?: ProbePage; why: string }> {
  let second: ProbePage;
  try {
    second = await get(candidate.secondPage);
  } catch (error) {
    if (!(error instanceof ProbeUnreachable)) throw error;
    return { why: `page 2 got no answer (${error.message})` };
  }
  if (second.status < 200 || second.status >= 300) return { why: `page 2 answered ${second.status}` };
  const records = recordsAt(second.body, selector);
  if (!records) return { why: `page 2 has no records at "${selector}"` };
  if (records.length === 0) return { why: 'page 2 was empty' };
  if (!bringsNewRecords(firstRecords, records, key)) return { why: 'page 2 repeated the first page' };
  return { page: second, why: '' };
}

/** What the first page said that left nothing to try. */
function whyNoCandidate(first: ProbePage, count: number): string {
  if (count === 0) return 'the first page had no records, so no second page could be checked';
  const hasMore = hasMoreOf(first.body);
  if (hasMore?.value === false) return `the first page says it is the last ("${hasMore.path}": false)`;
  return 'the first page says it is the only one (an empty next link or cursor, or a total it already holds)';
}
