/**
 * What the first page of a live response says about its records, without I/O: where the records
 * are (the data selector), which field identifies them (primary key candidates) and which fields
 * hold a date-time (incremental cursor candidates).
 */
import {
  CHANGE_TIME_FIELDS,
  type NameSet,
  nameKey,
  ownIdField,
  PRIMARY_KEY_FIELDS,
  RECORD_ARRAY_PROPERTIES,
} from '../detect/names.js';

export type JsonRecord = Record<string, unknown>;

export interface RecordsFound {
  /** JSON path of the records: `$` for a list at the root, else the envelope's property path. */
  selector: string;
  records: JsonRecord[];
}

export const isObject = (value: unknown): value is JsonRecord =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A list that can hold records: objects only (an empty list counts when its name says records). */
const isRecordList = (value: unknown): value is JsonRecord[] =>
  Array.isArray(value) && value.length > 0 && value.every(isObject);

/** The value at a dotted path (`$` is the whole body). */
export function valueAt(body: unknown, path: string): unknown {
  if (path === '$') return body;
  let node = body;
  for (const key of path.split('.')) {
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

/**
 * Where the records are: the body itself when it is a list, else the one list of objects among
 * the envelope's properties (two levels deep), or the one a usual name marks (`data`, `items` ...)
 * when there are several. Undefined when the body holds no list, or several that no name decides.
 */
export function findRecords(body: unknown): RecordsFound | undefined {
  if (Array.isArray(body)) {
    return body.every(isObject) ? { selector: '$', records: body as JsonRecord[] } : undefined;
  }
  if (!isObject(body)) return undefined;
  const lists: string[] = [];
  const named: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (isRecordList(value)) lists.push(key);
    else if (Array.isArray(value) && value.length === 0 && RECORD_ARRAY_PROPERTIES.has(key)) named.push(key);
    else if (isObject(value)) {
      for (const [inner, innerValue] of Object.entries(value))
        if (isRecordList(innerValue)) lists.push(`${key}.${inner}`);
    }
  }
  const selector =
    pickList(lists.filter((path) => !path.includes('.'))) ?? pickList(lists) ?? pickList(named);
  if (!selector) return undefined;
  return { selector, records: valueAt(body, selector) as JsonRecord[] };
}

/** The one path, or the one whose last name is the usual name for records. */
function pickList(paths: readonly string[]): string | undefined {
  if (paths.length <= 1) return paths[0];
  const last = (path: string) => path.split('.').at(-1)!;
  const best = RECORD_ARRAY_PROPERTIES.best(paths.map(last));
  return best === undefined ? undefined : paths.find((path) => last(path) === best);
}

/** A field's place in a name list (the list's length when it is not there). */
function rankIn(names: NameSet, field: string): number {
  const index = names.names.findIndex((name) => nameKey(name) === nameKey(field));
  return index === -1 ? names.names.length : index;
}

/** The records of another page of the same endpoint, at the first page's selector. */
export function recordsAt(body: unknown, selector: string): JsonRecord[] | undefined {
  const value = valueAt(body, selector);
  return Array.isArray(value) && value.every(isObject) ? (value as JsonRecord[]) : undefined;
}

const isKeyValue = (value: unknown) =>
  (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value));

/**
 * Fields that identify a record on this page: a usual key name (`id`, `uuid` ...) or the one
 * named after the records (`event_id` in `events`), present in every record with a string or
 * number, no two records alike. Best first: the usual names, then the own one.
 */
export function primaryKeyCandidates(records: readonly JsonRecord[], collection?: string): string[] {
  if (records.length === 0) return [];
  const names = Object.keys(records[0]!);
  const own = ownIdField(names, collection);
  const fields = names.filter((field) => PRIMARY_KEY_FIELDS.has(field) || field === own);
  const unique = fields.filter((field) => {
    const values = records.map((record) => record[field]);
    return values.every(isKeyValue) && new Set(values.map(String)).size === values.length;
  });
  return unique.sort((a, b) => rankIn(PRIMARY_KEY_FIELDS, a) - rankIn(PRIMARY_KEY_FIELDS, b));
}

/** An ISO 8601 date-time: `2024-01-01T00:00:00Z`, with or without seconds, fraction or zone. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Top-level fields whose every value on the page is an ISO 8601 date-time: candidates for an
 * incremental cursor, change times (`updated_at` ...) first.
 */
export function dateTimeFields(records: readonly JsonRecord[]): string[] {
  if (records.length === 0) return [];
  const fields = Object.keys(records[0]!).filter((field) =>
    records.every((record) => typeof record[field] === 'string' && DATE_TIME.test(record[field] as string)),
  );
  return fields.sort(
    (a, b) => rankIn(CHANGE_TIME_FIELDS, a) - rankIn(CHANGE_TIME_FIELDS, b) || a.localeCompare(b),
  );
}
