/**
 * The paginator of one endpoint, from its query parameters, its response schema and its response
 * headers, as a rest_api paginator dict. The rules, in order: Link header (header_link); cursor
 * header + cursor parameter (header_cursor); next URL in the body (json_link); next cursor in the
 * body + cursor parameter (cursor); last item's id + has_more (cursor from the last item, Stripe);
 * offset + limit parameters (offset); page parameter (page_number); one object or a list with no
 * paging at all (single_page). Paging signs that fit no rule leave the paginator undecided (dlt
 * then detects it at run time) and say so.
 */

import {
  CONTAINED_CURSOR_PROPERTIES,
  CURSOR_CONTAINER_PROPERTIES,
  CURSOR_HEADERS,
  CURSOR_PARAMS,
  HAS_MORE_PROPERTIES,
  LAST_ITEM_PARAMS,
  LIMIT_PARAMS,
  LINK_CONTAINER_PROPERTIES,
  LINK_HEADERS,
  type NameSet,
  NEXT_CURSOR_PROPERTIES,
  NEXT_URL_PROPERTIES,
  OFFSET_PARAMS,
  PAGE_PARAMS,
  TOTAL_COUNT_PROPERTIES,
  TOTAL_PAGES_PROPERTIES,
} from '../detect/names.js';
import type { ConfigDict } from '../vocabulary.js';
import type { DataSelector } from './data-selector.js';
import type { Param } from './document.js';
import {
  isBooleanSchema,
  isIntegerSchema,
  isObjectSchema,
  isStringSchema,
  propertiesOf,
  type Schema,
  wholeNumber,
} from './schema.js';

export interface PaginatorInput {
  params: readonly Param[];
  response?: Schema;
  responseHeaders: readonly string[];
  selector?: DataSelector;
  primaryKey?: string;
}

export interface DetectedPaginator {
  /** The paginator; undefined when undecided. */
  paginator?: ConfigDict;
  /** Query parameters the paginator needs set (the page size at its maximum). */
  params?: ConfigDict;
  from: string;
  undecided?: string;
}

/** Records per page when the spec states no maximum or default of the limit parameter. */
export const FALLBACK_LIMIT = 100;

interface Found {
  path: string;
  schema: Schema;
}

/**
 * A property of the response (top level) or of one of its containers (one level down); with
 * records nested in an envelope (`artists.items`), that envelope is searched too.
 */
function findProperty(
  response: Schema | undefined,
  names: NameSet,
  containers?: NameSet,
  inner?: NameSet,
  envelope?: string,
): Found | undefined {
  const found = findIn(response, names, containers, inner);
  if (found || !envelope) return found;
  const nested = envelope
    .split('.')
    .reduce<Schema | undefined>((schema, key) => propertiesOf(schema)[key], response);
  const inEnvelope = findIn(nested, names, containers, inner);
  return inEnvelope && { ...inEnvelope, path: `${envelope}.${inEnvelope.path}` };
}

/** An object property named like "next..." that holds the cursor parameter (Asana's next_page.offset). */
function cursorInNextObject(response: Schema | undefined, param: Param | undefined): Found | undefined {
  if (!param) return undefined;
  for (const [name, property] of Object.entries(propertiesOf(response))) {
    if (!/next/i.test(name) || !isObjectSchema(property)) continue;
    const inner = propertiesOf(property)[param.name];
    if (inner) return { path: `${name}.${param.name}`, schema: inner };
  }
  return undefined;
}

function findIn(
  response: Schema | undefined,
  names: NameSet,
  containers?: NameSet,
  inner?: NameSet,
): Found | undefined {
  const top = propertiesOf(response);
  const name = names.best(Object.keys(top));
  if (name) return { path: name, schema: top[name]! };
  if (!containers || !inner) return undefined;
  for (const [containerName, container] of Object.entries(top)) {
    if (!containers.has(containerName) || !isObjectSchema(container)) continue;
    const nested = propertiesOf(container);
    const innerName = inner.best(Object.keys(nested));
    if (innerName) return { path: `${containerName}.${innerName}`, schema: nested[innerName]! };
    // links.next.href, paging.next.after
    for (const [childName, child] of Object.entries(nested)) {
      if (childName.toLowerCase() !== 'next' || !isObjectSchema(child)) continue;
      const leaf = Object.keys(propertiesOf(child)).find((k) => /^(href|url|link|after|cursor)$/i.test(k));
      if (leaf) return { path: `${containerName}.${childName}.${leaf}`, schema: propertiesOf(child)[leaf]! };
    }
  }
  return undefined;
}

function queryParam(params: readonly Param[], names: NameSet): Param | undefined {
  const query = params.filter((p) => p.in === 'query');
  const best = names.best(query.map((p) => p.name));
  return query.find((p) => p.name === best);
}

const isUrlSchema = (schema: Schema) => /^(uri|url|uri-reference|iri)$/.test(String(schema.format ?? ''));

function pageSize(limit: Param | undefined): { value?: number; from: string } {
  if (!limit) return { from: '' };
  const max = wholeNumber(limit.schema, 'maximum');
  if (max !== undefined) return { value: max, from: `its maximum ${max}` };
  const given = wholeNumber(limit.schema, 'default');
  if (given !== undefined) return { value: given, from: `its default ${given}` };
  return { from: '' };
}

export function detectPaginator(input: PaginatorInput): DetectedPaginator {
  const { params, response, responseHeaders, selector } = input;
  const header = (names: NameSet) => names.best(responseHeaders);
  const numericOffset = queryParam(params, OFFSET_PARAMS);
  // an offset that is a string is an opaque token: a cursor (Asana's offset)
  const offsetParam = numericOffset && isIntegerSchema(numericOffset.schema) ? numericOffset : undefined;
  const cursorParam =
    queryParam(params, CURSOR_PARAMS) ?? (numericOffset !== offsetParam ? numericOffset : undefined);
  const lastItemParam = queryParam(params, LAST_ITEM_PARAMS);
  const limitParam = queryParam(params, LIMIT_PARAMS);
  const envelope = selector?.path.includes('.') ? selector.path.split('.').slice(0, -1).join('.') : undefined;
  const pageParam = queryParam(params, PAGE_PARAMS);
  const size = pageSize(limitParam);
  const sizeParams: ConfigDict | undefined =
    limitParam && size.value !== undefined ? { [limitParam.name]: size.value } : undefined;
  const withSize = (found: DetectedPaginator): DetectedPaginator =>
    sizeParams
      ? {
          ...found,
          params: sizeParams,
          from: `${found.from}; ${limitParam!.name}=${size.value} (${size.from})`,
        }
      : found;
  const hasMore = findProperty(response, HAS_MORE_PROPERTIES, undefined, undefined, envelope);
  const hasMorePath = hasMore && isBooleanSchema(hasMore.schema) ? hasMore.path : undefined;

  const linkHeader = header(LINK_HEADERS);
  if (linkHeader) {
    return withSize({ paginator: { type: 'header_link' }, from: `the ${linkHeader} header` });
  }
  const cursorHeader = header(CURSOR_HEADERS);
  if (cursorHeader && cursorParam) {
    return withSize({
      paginator: { type: 'header_cursor', cursor_key: cursorHeader, cursor_param: cursorParam.name },
      from: `the ${cursorHeader} header, sent as ${cursorParam.name}`,
    });
  }

  const nextUrl = findProperty(
    response,
    NEXT_URL_PROPERTIES,
    LINK_CONTAINER_PROPERTIES,
    NEXT_URL_PROPERTIES,
    envelope,
  );
  const nextIsUrl =
    nextUrl && isStringSchema(nextUrl.schema) && (isUrlSchema(nextUrl.schema) || !cursorParam);
  if (nextUrl && nextIsUrl && !/\.(after|cursor)$/.test(nextUrl.path)) {
    return withSize({
      paginator: { type: 'json_link', next_url_path: nextUrl.path },
      from: `the next URL "${nextUrl.path}" in the body`,
    });
  }

  const cursor =
    cursorInNextObject(response, cursorParam) ??
    findProperty(
      response,
      NEXT_CURSOR_PROPERTIES,
      CURSOR_CONTAINER_PROPERTIES,
      CONTAINED_CURSOR_PROPERTIES,
      envelope,
    ) ??
    (nextUrl && !nextIsUrl ? nextUrl : undefined);
  const takesCursor = cursorParam ?? (cursor && lastItemParam);
  if (cursor && takesCursor && !isBooleanSchema(cursor.schema)) {
    return withSize({
      paginator: { type: 'cursor', cursor_path: cursor.path, cursor_param: takesCursor.name },
      from: `"${cursor.path}" in the body, sent as ${takesCursor.name}`,
    });
  }

  if (lastItemParam && hasMorePath && selector?.isList && input.primaryKey) {
    const records = selector.path === '$' ? '$' : selector.path;
    return withSize({
      paginator: {
        type: 'cursor',
        cursor_path: `${records}[-1].${input.primaryKey}`,
        cursor_param: lastItemParam.name,
        has_more_path: hasMorePath,
      },
      from: `the last record's ${input.primaryKey} sent as ${lastItemParam.name}, while "${hasMorePath}"`,
    });
  }

  if (offsetParam && limitParam) {
    const total = findProperty(response, TOTAL_COUNT_PROPERTIES, undefined, undefined, envelope);
    const totalPath = total && isIntegerSchema(total.schema) ? total.path : undefined;
    const limit = size.value ?? FALLBACK_LIMIT;
    const paginator: ConfigDict = {
      type: 'offset',
      limit,
      offset_param: offsetParam.name,
      limit_param: limitParam.name,
      total_path: totalPath ?? null,
      ...(!totalPath && hasMorePath && { has_more_path: hasMorePath }),
    };
    const stop = totalPath
      ? `total "${totalPath}"`
      : hasMorePath
        ? `"${hasMorePath}"`
        : 'the first empty page';
    return {
      paginator,
      from: `${offsetParam.name} and ${limitParam.name} (limit ${limit}${size.from ? `: ${size.from}` : ''}), until ${stop}`,
      ...(size.value === undefined && {
        undecided: `the spec gives ${limitParam.name} no maximum or default; limit ${limit} is a guess: if the API returns fewer records per page, lower it or rows are skipped`,
      }),
    };
  }

  if (pageParam) {
    const pages = findProperty(response, TOTAL_PAGES_PROPERTIES, undefined, undefined, envelope);
    const totalPath = pages && isIntegerSchema(pages.schema) ? pages.path : undefined;
    const base = wholeNumber(pageParam.schema, 'minimum') ?? wholeNumber(pageParam.schema, 'default') ?? 1;
    const paginator: ConfigDict = {
      type: 'page_number',
      base_page: base,
      page_param: pageParam.name,
      total_path: totalPath ?? null,
      ...(!totalPath && hasMorePath && { has_more_path: hasMorePath }),
    };
    const stop = totalPath
      ? `total pages "${totalPath}"`
      : hasMorePath
        ? `"${hasMorePath}"`
        : 'the first empty page';
    return withSize({
      paginator,
      from: `${pageParam.name} from ${base}, until ${stop}`,
    });
  }

  const pagingSigns = [cursorParam, lastItemParam, offsetParam, limitParam]
    .filter((p): p is Param => !!p)
    .map((p) => `parameter ${p.name}`);
  if (cursor) pagingSigns.push(`response property ${cursor.path}`);
  if (nextUrl) pagingSigns.push(`response property ${nextUrl.path}`);
  if (cursorHeader) pagingSigns.push(`response header ${cursorHeader}`);
  if (pagingSigns.length > 0) {
    return {
      from: `paging signs that fit no paginator (${pagingSigns.join(', ')})`,
      undecided: `the paginator could not be decided from ${pagingSigns.join(', ')}; dlt detects one at run time: check that the first run loads every page`,
    };
  }
  if (!selector?.isList) return { paginator: { type: 'single_page' }, from: 'the response is one object' };
  return { paginator: { type: 'single_page' }, from: 'no paging in the spec' };
}
