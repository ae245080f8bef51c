/**
 * The base URL an existing pipeline loads from: `[sources.<pipeline>] base_url` in the active
 * profile's config file, else in .dlt/config.toml (dlt reads the profile's file first). A re-run
 * that adds resources probes there, not at the URL an earlier run stored in .yo-rc.json (the user
 * may have changed config.toml since).
 */
import { parse } from 'smol-toml';
import { sourceSection } from '../../shared/dlt/source-section.js';
import { isPlaceholder } from '../../shared/toml/placeholders.js';
import { PLAIN_TOML_FILES, tomlFiles } from '../../shared/toml/profile-files.js';

export function configuredBaseUrl(
  readText: (path: string) => string | undefined,
  pipelineName: string,
  profile?: string,
): string | undefined {
  const files = [...(profile ? [tomlFiles(profile).config] : []), PLAIN_TOML_FILES.config];
  for (const file of files) {
    const text = readText(file);
    if (text === undefined) continue;
    let table: unknown;
    try {
      table = parse(text);
    } catch {
      continue; // the TOML writer reports a file that does not parse
    }
    let node: unknown = table;
    for (const key of [...sourceSection(pipelineName), 'base_url']) {
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
    if (typeof node === 'string' && !isPlaceholder(node)) return node;
  }
  return undefined;
}
