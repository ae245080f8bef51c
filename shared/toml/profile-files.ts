/**
 * Which .dlt files hold a run's settings and secrets: the plain pair, or a dlt workspace profile's.
 *
 * In a dlt workspace (a project with .dlt/.workspace) dlt 1.31 reads, for the active profile P, in
 * this order: .dlt/P.secrets.toml, .dlt/secrets.toml, .dlt/P.config.toml, .dlt/config.toml (one
 * provider for secrets, then one for settings, each reading the profile's file first). Checked by
 * resolving one key from each pair of files under WORKSPACE__PROFILE=prod.
 */
export interface TomlFiles {
  config: string;
  secrets: string;
  /** The workspace profile the files belong to; undefined for the plain pair. */
  profile?: string;
}

export const PLAIN_TOML_FILES: TomlFiles = { config: '.dlt/config.toml', secrets: '.dlt/secrets.toml' };

export function tomlFiles(profile?: string): TomlFiles {
  if (!profile) return PLAIN_TOML_FILES;
  return { config: `.dlt/${profile}.config.toml`, secrets: `.dlt/${profile}.secrets.toml`, profile };
}

/**
 * Where a run's entries go: all to the plain pair, or under a profile the profile's pair but for
 * the entries every profile falls back to (`everyProfile`), which stay in the plain pair. Groups
 * with no entry are left out.
 */
export function tomlTargets<E extends { everyProfile?: boolean }>(
  entries: readonly E[],
  profile?: string,
): { entries: E[]; files: TomlFiles }[] {
  const targets = profile
    ? [
        { entries: entries.filter((entry) => entry.everyProfile), files: tomlFiles() },
        { entries: entries.filter((entry) => !entry.everyProfile), files: tomlFiles(profile) },
      ]
    : [{ entries: [...entries], files: tomlFiles() }];
  return targets.filter((target) => target.entries.length > 0);
}

/** Every file name .dlt/<profile>.config.toml can take: the profile becomes part of a file name. */
const PROFILE_NAME_PATTERN = '[A-Za-z][A-Za-z0-9_-]*';
const PROFILE_NAME = new RegExp(`^${PROFILE_NAME_PATTERN}$`);
const DLT_TOML_FILE = new RegExp(`^\\.dlt/(${PROFILE_NAME_PATTERN}\\.)?(config|secrets)\\.toml$`);

/** undefined when the name can be a profile; else what to change. */
export function profileNameProblem(name: string): string | undefined {
  if (PROFILE_NAME.test(name)) return undefined;
  return `--profile: "${name}" is not a profile name; use letters, digits, _ and - (starting with a letter), e.g. prod`;
}

/** Whether a path is one of the TOML files dlt reads settings or secrets from (any profile). */
export function isDltTomlFile(path: string): boolean {
  return DLT_TOML_FILE.test(path);
}
