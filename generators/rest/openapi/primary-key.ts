/**
 * The primary key of a record schema: a property the schema marks (`x-primary-key`), else the
 * first usual key name (`id`, `uuid`, ...) among its properties, else the one named after the
 * record (`event_id` in `events`), else the only `format: uuid` property.
 */
import { ownIdField, PRIMARY_KEY_FIELDS } from '../detect/names.js';
import { propertiesOf, type Schema } from './schema.js';

export interface PrimaryKey {
  field: string;
  from: string;
}

/** `collection`: the last word of the list's path (`events`), that an own id is named after. */
export function detectPrimaryKey(record: Schema | undefined, collection?: string): PrimaryKey | undefined {
  const properties = propertiesOf(record);
  const names = Object.keys(properties);
  const marked = names.find((name) => properties[name]!['x-primary-key'] === true);
  if (marked) return { field: marked, from: `"${marked}" is marked x-primary-key` };
  const named = PRIMARY_KEY_FIELDS.best(names);
  if (named) return { field: named, from: '' };
  const own = ownIdField(names, collection);
  if (own) return { field: own, from: `"${own}" is named after the records` };
  const uuids = Object.entries(properties).filter(([, schema]) => schema.format === 'uuid');
  if (uuids.length === 1) return { field: uuids[0]![0], from: `"${uuids[0]![0]}" is the record's only uuid` };
  return undefined;
}
