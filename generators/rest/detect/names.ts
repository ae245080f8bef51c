/**
 * The names REST APIs give to paging, totals, change filters and keys: the vocabulary both
 * detectors read, the one that reads an OpenAPI spec (generators/rest/openapi/) and the one that
 * reads live responses (generators/rest/probe/). Names are compared normalised (see `nameKey`), so
 * `next_cursor`, `nextCursor` and `Next-Cursor` are the same name. Order matters where a list is
 * searched for the best match: the first names are the most specific.
 */

// a spec names the same fields and parameters again and again: each name is reduced once
const nameKeys = new Map<string, string>();

/** A name reduced to lower-case letters and digits: `nextPageToken` and `next_page_token` match. */
export function nameKey(name: string): string {
  let key = nameKeys.get(name);
  if (key === undefined) {
    key = name.toLowerCase().replace(/[^a-z0-9]/g, '');
    nameKeys.set(name, key);
  }
  return key;
}

/** A lookup that matches names the way `nameKey` compares them. */
export interface NameSet {
  readonly names: readonly string[];
  has(name: string): boolean;
  /** The first of `candidates` in this set, by this set's order (most specific first). */
  best(candidates: Iterable<string>): string | undefined;
}

export function nameSet(names: readonly string[]): NameSet {
  const rank = new Map<string, number>();
  names.forEach((name, index) => {
    if (!rank.has(nameKey(name))) rank.set(nameKey(name), index);
  });
  return {
    names,
    has: (name) => rank.has(nameKey(name)),
    best(candidates) {
      let found: string | undefined;
      let foundRank = Number.POSITIVE_INFINITY;
      for (const candidate of candidates) {
        const r = rank.get(nameKey(candidate));
        if (r !== undefined && r < foundRank) {
          found = candidate;
          foundRank = r;
        }
      }
      return found;
    },
  };
}

/** Body properties holding the URL of the next page (json_link). */
export const NEXT_URL_PROPERTIES = nameSet([
  'next_url',
  'next_page_url',
  'next_link',
  '@odata.nextLink',
  'nextLink',
  'next_href',
  'next',
]);

/** Objects that hold paging links, with a next-URL property inside (`links.next`, `paging.next`). */
export const LINK_CONTAINER_PROPERTIES = nameSet(['links', '_links', 'paging', 'pagination', 'meta']);

/** Body properties holding an opaque cursor for the next page (cursor). */
export const NEXT_CURSOR_PROPERTIES = nameSet([
  'next_cursor',
  'next_page_token',
  'next_token',
  'continuation_token',
  'cursor_next',
  'next_page_cursor',
  'end_cursor',
  'cursor',
  'next_page',
]);

/** Objects that hold cursors (`cursors.next`, `response_metadata.next_cursor`, `meta.next_cursor`). */
export const CURSOR_CONTAINER_PROPERTIES = nameSet([
  'cursors',
  'response_metadata',
  'pagination',
  'paging',
  'meta',
  'page_info',
]);

/** Inside a cursor container: the next cursor (`cursors.next`, `page_info.end_cursor`). */
export const CONTAINED_CURSOR_PROPERTIES = nameSet(['next_cursor', 'next', 'end_cursor', 'after', 'cursor']);

/** Query parameters that take an opaque cursor (cursor, header_cursor). */
export const CURSOR_PARAMS = nameSet([
  'cursor',
  'page_token',
  'next_token',
  'continuation_token',
  'continuation',
  'page_cursor',
  'after_cursor',
]);

/** Query parameters that take the id of the last record seen (a cursor from the last item). */
export const LAST_ITEM_PARAMS = nameSet(['starting_after', 'after_id', 'since_id', 'after']);

/** Body properties saying whether another page exists. */
export const HAS_MORE_PROPERTIES = nameSet(['has_more', 'has_next', 'has_next_page', 'more', 'more_items']);

/** Response headers holding a cursor for the next page (header_cursor). */
export const CURSOR_HEADERS = nameSet([
  'X-Next-Cursor',
  'X-Next-Page-Token',
  'Next-Page-Token',
  'NextPageToken',
  'X-Cursor',
  'X-Continuation-Token',
]);

/** Response headers that carry RFC 8288 links (header_link). */
export const LINK_HEADERS = nameSet(['Link']);

/** Body properties with the total number of records (offset paginator's total_path). */
export const TOTAL_COUNT_PROPERTIES = nameSet([
  'total',
  'total_count',
  'total_results',
  'total_records',
  'total_items',
  'total_size',
  'count',
]);

/** Body properties with the number of pages (page_number paginator's total_path). */
export const TOTAL_PAGES_PROPERTIES = nameSet([
  'total_pages',
  'page_count',
  'num_pages',
  'last_page',
  'pages',
]);

/** Query parameters that take a page number. */
export const PAGE_PARAMS = nameSet(['page', 'page_number', 'page_num', 'page_no', 'p']);

/** Query parameters that take a record offset. */
export const OFFSET_PARAMS = nameSet(['offset', 'skip', 'start', 'start_index', 'from']);

/** Query parameters that take the page size. */
export const LIMIT_PARAMS = nameSet([
  'limit',
  'per_page',
  'page_size',
  'size',
  'max_results',
  'count',
  'top',
  'take',
]);

/**
 * Query parameters that filter by a change time ("return what changed since"): the candidates for
 * an incremental start parameter.
 */
export const SINCE_PARAMS = nameSet([
  'updated_since',
  'updated_after',
  'modified_since',
  'modified_after',
  'changed_since',
  'last_modified_since',
  'updated_at_min',
  'updated_at_from',
  'since',
  'start_time',
  'start_date',
  'from_date',
  'created_after',
  'created_since',
  'created_at_min',
]);

/** Record fields with a change time: the candidates for an incremental cursor, best first. */
export const CHANGE_TIME_FIELDS = nameSet([
  'updated_at',
  'modified_at',
  'last_modified',
  'last_modified_at',
  'changed_at',
  'updated',
  'modified',
  'last_updated',
  'date_modified',
  'updated_time',
  'created_at',
  'created',
  'created_time',
  'timestamp',
]);

/** Record fields that identify a record: primary key candidates, best first. */
export const PRIMARY_KEY_FIELDS = nameSet(['id', 'gid', 'uuid', 'guid', 'key', 'pk', 'uid']);

/** A collection's word for one of its items: `events` -> `event`, `categories` -> `category`. */
export function singular(word: string): string {
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ss|us)$/.test(word)) return word;
  return word.replace(/s$/, '');
}

/** The field named after the record itself (`event_id`, `eventId` in `events`), if `fields` has one. */
export function ownIdField(fields: readonly string[], collection: string | undefined): string | undefined {
  if (!collection) return undefined;
  const own = `${nameKey(singular(collection))}id`;
  return fields.find((field) => nameKey(field) === own);
}

/** Envelope properties that usually hold the records (a data_selector), best first. */
export const RECORD_ARRAY_PROPERTIES = nameSet([
  'data',
  'items',
  'results',
  'records',
  'entries',
  'values',
  'elements',
  'objects',
  'list',
  'rows',
  'hits',
  'content',
]);
