/**
 * The primary key of a record schema: a property the schema marks (`x-primary-key`, or the only
 * `format: uuid` property), else the first usual key name (`id`, `uuid`, ...) among its
 * properties.
 */
import { PRIMARY_KEY_FIELDS } from '../detect/names.js';
import { propertiesOf, type Schema } from './schema.js';

export interface PrimaryKey {
  field: string;
  from: string;
}

export function detectPrimaryKey(record: Schema | undefined): PrimaryKey | undefined {
  const properties = propertiesOf(record);
  const names = Object.keys(properties);
  const marked = names.find((name) => properties[name]!['x-primary-key'] === true);
  if (marked) return { field: marked, from: `"${marked}" is marked x-primary-key` };
  const named = PRIMARY_KEY_FIELDS.best(names);
  if (named) return { field: named, from: '' };
  const uuids = Object.entries(properties).filter(([, schema]) => schema.format === 'uuid');
  if (uuids.length === 1) return { field: uuids[0]![0], from: `"${uuids[0]![0]}" is the record's only uuid` };
  return undefined;
}
