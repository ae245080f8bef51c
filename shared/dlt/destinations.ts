/**
 * The destinations dlt ships, by the name dlt.pipeline(destination=...) takes.
 * The destination generator's catalog (credentials, extras) builds on this list.
 */
export const DESTINATION_NAMES = [
  'duckdb',
  'motherduck',
  'bigquery',
  'snowflake',
  'postgres',
  'redshift',
  'databricks',
  'athena',
  'synapse',
  'mssql',
  'fabric',
  'clickhouse',
  'filesystem',
  'dremio',
  'weaviate',
  'qdrant',
  'lancedb',
  'lance',
  'sqlalchemy',
  'ducklake',
  'destination',
] as const;

export type DestinationName = (typeof DESTINATION_NAMES)[number];

export function validateDestination(value: unknown): true | string {
  return (DESTINATION_NAMES as readonly string[]).includes(String(value))
    ? true
    : `"${String(value)}" is not a dlt destination; use one of: ${DESTINATION_NAMES.join(', ')}`;
}
