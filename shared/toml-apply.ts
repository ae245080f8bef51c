import type { DltGenerator } from './dlt-generator.js';
import type { TomlEntry } from './toml-entry.js';

/**
 * Merges entries into .dlt/config.toml (settings) and .dlt/secrets.toml (secrets) through the
 * shared conflict-aware writer. Interim version: the TOML writer issue replaces it.
 */
export async function applyTomlEntries(
  generator: DltGenerator,
  entries: readonly TomlEntry[],
): Promise<void> {
  for (const entry of entries) {
    const file = entry.secret ? '.dlt/secrets.toml' : '.dlt/config.toml';
    const path = generator.destinationPath(file);
    const text = generator.fs.read(path, { defaults: '' }) ?? '';
    const header = entry.table.length > 0 ? `[${entry.table.join('.')}]\n` : '';
    generator.fs.write(path, `${text}${header}${entry.key} = ${JSON.stringify(entry.value)}\n`);
  }
}
