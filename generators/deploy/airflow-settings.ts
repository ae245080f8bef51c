import type { TomlEntry, TomlScalar, TomlValue } from '../../shared/toml/entry.js';
import { mergeToml, parseTomlDocument } from '../../shared/toml/writer.js';

/**
 * The settings an Airflow DAG reads (dags/.dlt/config.toml): the project's .dlt/config.toml, with
 * the deployment profile's .dlt/<profile>.config.toml on top. PipelineTasksGroup makes the dags
 * folder dlt's project folder, where dlt reads the plain files only (no workspace, so no profile
 * files): the profile's values, a pipeline's destination_type among them, must be in that one file.
 * Values the writer cannot carry over (dates, arrays of tables) are named, to be copied by hand.
 */
export function airflowSettings(
  config: string,
  profileConfig: string,
  profileFile: string,
): { text: string; leftOut: string[] } {
  const entries: TomlEntry[] = [];
  const leftOut: string[] = [];
  const walk = (table: Record<string, unknown>, path: string[]) => {
    for (const [key, value] of Object.entries(table)) {
      if (isTable(value)) walk(value, [...path, key]);
      else if (isWritable(value)) entries.push({ table: path, key, value, secret: false });
      else leftOut.push(`${profileFile} [${path.join('.')}] ${key}`);
    }
  };
  walk(parseTomlDocument(profileConfig), []);
  const merged = mergeToml(config, entries, { take: () => true });
  return { text: merged.text, leftOut };
}

const isTable = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

const isScalar = (value: unknown): value is TomlScalar =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

const isWritable = (value: unknown): value is TomlValue =>
  isScalar(value) || (Array.isArray(value) && value.every(isScalar));
