/** One setting for dlt's .dlt/config.toml or .dlt/secrets.toml. */
export type TomlScalar = string | number | boolean;
export type TomlValue = TomlScalar | TomlScalar[];

export interface TomlEntry {
  /** Table path where dlt resolves the key, e.g. ['destination', 'postgres', 'credentials']; [] = top level. */
  table: string[];
  key: string;
  value: TomlValue;
  /** Secrets go to secrets.toml only; everything else to config.toml. */
  secret: boolean;
  /** Where to get the value; written as a comment next to a placeholder. */
  comment?: string;
  /** The user asked for this value (a pipeline pointed at a destination): it replaces a different one unasked. */
  replace?: boolean;
  /** Under --profile, written to the plain .dlt files all the same: the value every profile falls back to. */
  everyProfile?: boolean;
}
