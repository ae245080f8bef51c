/**
 * Incremental loading candidates: a query parameter that filters by a change time (a date-time
 * parameter, or a since-like name such as since, updated_since, modified_after) matched to a
 * date-time field of the records (updated_at, modified_at ...). A field that shares the
 * parameter's first word wins (modified_after -> modified_at), else the best change-time field.
 */
import { CHANGE_TIME_FIELDS, nameKey, SINCE_PARAMS } from '../detect/names.js';
import type { ConfigDict } from '../vocabulary.js';
import type { Param } from './document.js';
import { isDateTime, isStringSchema, propertiesOf, type Schema } from './schema.js';

/** Where a first run starts: early enough for any API that filters by a date-time. */
export const INITIAL_VALUE = '1970-01-01T00:00:00Z';

export interface IncrementalCandidate {
  param: string;
  field: string;
  /** The endpoint additions that make it incremental. */
  params: ConfigDict;
  incremental: ConfigDict;
  from: string;
}

// a record schema is shared by the endpoints that return it (the list, its children's parents)
const dateTimeFieldsOf = new WeakMap<Schema, readonly string[]>();

/** The record's date-time properties, in the schema's order. */
function dateTimeFields(record: Schema | undefined): readonly string[] {
  if (!record) return [];
  let found = dateTimeFieldsOf.get(record);
  if (!found) {
    found = Object.entries(propertiesOf(record))
      .filter(([, schema]) => isDateTime(schema))
      .map(([name]) => name);
    dateTimeFieldsOf.set(record, found);
  }
  return found;
}

const firstWord = (name: string) => name.split(/[_\-.]|(?=[A-Z])/)[0]!.toLowerCase();

export function detectIncremental(
  params: readonly Param[],
  record: Schema | undefined,
): IncrementalCandidate | undefined {
  const query = params.filter((p) => p.in === 'query');
  const dateParams = query.filter(
    (p) => isDateTime(p.schema) || (SINCE_PARAMS.has(p.name) && isStringSchema(p.schema)),
  );
  const param =
    dateParams.find((p) => SINCE_PARAMS.has(p.name)) ??
    dateParams.find((p) => /(after|since|from|min|start|gte?)$/i.test(p.name));
  if (!param) return undefined;
  const fields = dateTimeFields(record);
  if (fields.length === 0) return undefined;
  const word = firstWord(param.name);
  const field =
    fields.find((f) => firstWord(f) === word && nameKey(f) !== nameKey(param.name)) ??
    CHANGE_TIME_FIELDS.best(fields);
  if (!field) return undefined;
  return {
    param: param.name,
    field,
    params: { [param.name]: '{incremental.start_value}' },
    incremental: { cursor_path: field, initial_value: INITIAL_VALUE },
    from: `${param.name} filters on ${field}`,
  };
}
