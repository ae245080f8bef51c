/**
 * Reading JSON schemas of a dereferenced OpenAPI document: the properties of an object (through
 * allOf, oneOf and anyOf), the items of an array, whether a value is a date-time. Dereferenced
 * documents can be cyclic (a schema that contains itself), so nothing here recurses without a
 * depth limit.
 */

export type Schema = { [key: string]: unknown };

export const isSchema = (value: unknown): value is Schema =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The schema's types: `type` as a string or (OpenAPI 3.1) a list. */
function types(schema: Schema): string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

const combines = (schema: Schema) =>
  Array.isArray(schema.allOf) || Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf);

// a schema is shared by every endpoint that returns it, and asked about many times: the
// alternatives of one that combines others are found once
const variantsOf = new WeakMap<Schema, readonly Schema[]>();

/** The alternatives a schema combines: itself, and its allOf, oneOf and anyOf members. */
function variants(schema: Schema): readonly Schema[] {
  // most schemas combine nothing: answered at once, without a weak map entry (one for each of a
  // 7 MB spec's schemas cost 4% of the run's CPU, in lookups and garbage collection)
  if (!combines(schema)) return [schema];
  let found = variantsOf.get(schema);
  if (!found) {
    found = variantsTo(schema, 0);
    variantsOf.set(schema, found);
  }
  return found;
}

function variantsTo(schema: Schema, depth: number): Schema[] {
  if (depth > 4 || !combines(schema)) return [schema];
  const members = ['allOf', 'oneOf', 'anyOf'].flatMap((key) => {
    const list = schema[key];
    return Array.isArray(list) ? list.filter(isSchema) : [];
  });
  return [schema, ...members.flatMap((member) => variantsTo(member, depth + 1))];
}

export function isArraySchema(schema: Schema | undefined): boolean {
  if (!schema) return false;
  return variants(schema).some((s) => types(s).includes('array') || isSchema(s.items));
}

/** The schema of the items of an array schema. */
export function itemsOf(schema: Schema | undefined): Schema | undefined {
  if (!schema) return undefined;
  for (const s of variants(schema)) if (isSchema(s.items)) return s.items;
  return undefined;
}

const propertiesFound = new WeakMap<Schema, Readonly<Record<string, Schema>>>();

/** The properties of an object schema, merged over allOf, oneOf and anyOf (found once a schema: not to be changed). */
export function propertiesOf(schema: Schema | undefined): Readonly<Record<string, Schema>> {
  if (!schema) return {};
  let found = propertiesFound.get(schema);
  if (!found) {
    found = mergedProperties(schema);
    propertiesFound.set(schema, found);
  }
  return found;
}

function mergedProperties(schema: Schema): Readonly<Record<string, Schema>> {
  // a schema that combines nothing and holds only schemas needs no copy (a copy of each of a 7 MB
  // spec's record schemas cost 5% of the run's CPU); a name Object.prototype has ("constructor")
  // is left out of a merge, so such a schema is merged
  const own = schema.properties;
  if (!combines(schema) && isSchema(own) && copiedWhole(own)) return own as Record<string, Schema>;
  const properties: Record<string, Schema> = {};
  for (const s of variants(schema)) {
    if (!isSchema(s.properties)) continue;
    for (const [name, value] of Object.entries(s.properties)) {
      if (isSchema(value) && !(name in properties)) properties[name] = value;
    }
  }
  return properties;
}

/** Whether merging these properties would copy every one of them. */
function copiedWhole(properties: Schema): boolean {
  for (const name of Object.keys(properties)) {
    if (!isSchema(properties[name]) || name in Object.prototype) return false;
  }
  return true;
}

/** Names the schema lists as required (merged like the properties). */
export function requiredOf(schema: Schema | undefined): Set<string> {
  const required = new Set<string>();
  for (const s of schema ? variants(schema) : []) {
    if (Array.isArray(s.required)) for (const name of s.required) required.add(String(name));
  }
  return required;
}

export function isObjectSchema(schema: Schema | undefined): boolean {
  if (!schema) return false;
  return variants(schema).some((s) => types(s).includes('object') || isSchema(s.properties));
}

/** A string schema whose format is date-time (or date). */
export function isDateTime(schema: Schema | undefined): boolean {
  if (!schema) return false;
  return variants(schema).some((s) => s.format === 'date-time' || s.format === 'date');
}

export function isStringSchema(schema: Schema | undefined): boolean {
  return !!schema && variants(schema).some((s) => types(s).includes('string'));
}

export function isIntegerSchema(schema: Schema | undefined): boolean {
  return (
    !!schema && variants(schema).some((s) => types(s).includes('integer') || types(s).includes('number'))
  );
}

export function isBooleanSchema(schema: Schema | undefined): boolean {
  return !!schema && variants(schema).some((s) => types(s).includes('boolean'));
}

/** A whole number the schema states (`default`, `maximum`, `minimum`), if it states one. */
export function wholeNumber(
  schema: Schema | undefined,
  key: 'default' | 'maximum' | 'minimum',
): number | undefined {
  const value = schema?.[key];
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}
