import type { TomlEntry } from '../toml/entry.js';
import { tomlFiles } from '../toml/profile-files.js';
import { parseTomlDocument } from '../toml/writer.js';

/**
 * Where a generated pipeline loads is configuration, not code: its script calls dlt.pipeline(...)
 * without destination= (which dlt would take over any configuration, under every profile), and
 * `[pipelines.<name>] destination_type` says it, in .dlt/config.toml for every profile and in
 * .dlt/<profile>.config.toml for one. Checked on dlt 1.31 and 1.27.2: under WORKSPACE__PROFILE=prod
 * dlt takes prod.config.toml's value, elsewhere config.toml's; `staging_type` works the same way.
 */
export const DESTINATION_TYPE = 'destination_type';
export const STAGING_TYPE = 'staging_type';

export const pipelineTable = (pipelineName: string) => ['pipelines', pipelineName];

/**
 * The entries that send a pipeline to a destination (a name, or module.function for a custom
 * one), through filesystem staging when asked. `options` mark them as the TomlEntry fields say.
 */
export function pipelineDestinationEntries(
  pipelineName: string,
  destination: string,
  staging = false,
  options: Pick<TomlEntry, 'replace' | 'everyProfile'> = {},
): TomlEntry[] {
  const table = pipelineTable(pipelineName);
  return [
    { table, key: DESTINATION_TYPE, value: destination, secret: false, ...options },
    ...(staging ? [{ table, key: STAGING_TYPE, value: 'filesystem', secret: false, ...options }] : []),
  ];
}

/**
 * The destination_type the project's config gives a pipeline under a profile (its file first, as
 * dlt reads it), or under no profile; undefined when none does or a file does not parse (the
 * writer reports that one).
 */
export function configuredDestination(
  read: (path: string) => string | undefined,
  pipelineName: string,
  profile?: string,
): string | undefined {
  const files = [...(profile ? [tomlFiles(profile).config] : []), tomlFiles().config];
  for (const file of files) {
    const value = pipelineSetting(read(file), pipelineName, DESTINATION_TYPE);
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * Every destination_type the project's config files give a pipeline: the plain one's and each
 * profile's (`configFiles` names the .dlt/*config.toml files there are).
 */
export function configuredDestinations(
  read: (path: string) => string | undefined,
  configFiles: readonly string[],
  pipelineName: string,
): string[] {
  const found = configFiles.map((file) => pipelineSetting(read(file), pipelineName, DESTINATION_TYPE));
  return [...new Set(found.filter((value): value is string => value !== undefined))];
}

function pipelineSetting(text: string | undefined, pipelineName: string, key: string): string | undefined {
  if (!text) return undefined;
  let document: Record<string, unknown>;
  try {
    document = parseTomlDocument(text);
  } catch {
    return undefined;
  }
  const pipelines = document.pipelines as Record<string, unknown> | undefined;
  const table = pipelines?.[pipelineName] as Record<string, unknown> | undefined;
  const value = table?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** What a generated script's docstring says about where it loads. */
export function destinationNote(pipelineName: string, destination: string): string {
  return (
    `It loads where [pipelines.${pipelineName}] ${DESTINATION_TYPE} says: ${destination} in .dlt/config.toml, ` +
    `unless the active profile's .dlt/<profile>.config.toml says otherwise.`
  );
}
