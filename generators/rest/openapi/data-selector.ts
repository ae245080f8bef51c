/**
 * Where the records are in a response: the response itself when it is an array, else the array
 * property of the envelope (`data`, `items`, `results`...), searched two levels deep. An envelope
 * with several arrays and none of the usual names is left undecided, never guessed.
 */
import { RECORD_ARRAY_PROPERTIES } from '../detect/names.js';
import { isArraySchema, isObjectSchema, itemsOf, propertiesOf, type Schema } from './schema.js';

export interface DataSelector {
  /** JSON path of the records: `$` for a root array or a single object. */
  path: string;
  /** The schema of one record. */
  record?: Schema;
  /** True when the records are an array (a list endpoint), false for a single object. */
  isList: boolean;
  from: string;
  /** Why it is not certain, when it is not. */
  undecided?: string;
}

function arraysIn(schema: Schema, prefix: string, depth: number): { path: string; schema: Schema }[] {
  const found: { path: string; schema: Schema }[] = [];
  for (const [name, property] of Object.entries(propertiesOf(schema))) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (isArraySchema(property)) found.push({ path, schema: property });
    else if (depth > 0 && isObjectSchema(property)) found.push(...arraysIn(property, path, depth - 1));
  }
  return found;
}

/** Array of records (objects), rather than a list of strings or numbers. */
const holdsRecords = (array: Schema) => isObjectSchema(itemsOf(array));

/**
 * `oneRecord`: the endpoint addresses one record (its path ends with a parameter), so an object
 * response is that record, not an envelope, whatever arrays it holds.
 */
export function detectDataSelector(
  response: Schema | undefined,
  oneRecord = false,
): DataSelector | undefined {
  if (!response) return undefined;
  if (isArraySchema(response)) {
    return { path: '$', record: itemsOf(response), isList: true, from: 'the response, a list' };
  }
  if (!isObjectSchema(response)) return undefined;
  if (oneRecord) return { path: '$', record: response, isList: false, from: 'the response, one record' };
  const arrays = arraysIn(response, '', 1);
  const recordArrays = arrays.filter((a) => holdsRecords(a.schema));
  const candidates = recordArrays.length > 0 ? recordArrays : arrays;
  if (candidates.length === 0) {
    return { path: '$', record: response, isList: false, from: 'the response, one object' };
  }
  const last = (path: string) => path.split('.').pop()!;
  const named = RECORD_ARRAY_PROPERTIES.best(candidates.map((c) => last(c.path)));
  const topLevel = candidates.filter((c) => !c.path.includes('.'));
  const chosen =
    (named && candidates.find((c) => last(c.path) === named)) ??
    (candidates.length === 1 ? candidates[0] : topLevel.length === 1 ? topLevel[0] : undefined);
  if (!chosen) {
    return {
      path: candidates[0]!.path,
      record: itemsOf(candidates[0]!.schema),
      isList: true,
      from: `the first of the response's arrays`,
      undecided: `the response has several arrays (${candidates.map((c) => c.path).join(', ')}); check data_selector`,
    };
  }
  return {
    path: chosen.path,
    record: itemsOf(chosen.schema),
    isList: true,
    from: `the array "${chosen.path}" in the response`,
  };
}
