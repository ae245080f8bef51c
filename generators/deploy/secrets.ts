import { parse } from 'smol-toml';

/**
 * Which secrets a deployed pipeline needs, as the environment variables dlt reads them from: a key
 * at `sources.shop_pipeline.shop.access_token` in secrets.toml is found by dlt's environment
 * provider as SOURCES__SHOP_PIPELINE__SHOP__ACCESS_TOKEN (sections and key joined by `__`,
 * upper-cased). Only names leave this module, never values.
 */
export interface SecretVariable {
  /** The environment variable (and engine secret) name. */
  name: string;
  /** Where the value is now: file and dotted TOML path. */
  file: string;
  path: string;
}

export interface PipelineScope {
  /** Config sections under `sources` this pipeline's code reads. */
  sections: readonly string[];
  /** Sections under `sources` other pipelines of the project read (left to them). */
  otherSections: readonly string[];
  /** The pipeline's destination name, when its script says it literally. */
  destination?: string;
}

export interface SecretsSelection {
  variables: SecretVariable[];
  /** Keys that cannot become an environment variable a secret store accepts (e.g. `-` in a name). */
  unusable: string[];
}

const SECRET_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** dlt's environment variable for a TOML path. */
export const envName = (path: readonly string[]) => path.join('__').toUpperCase();

function leaves(table: Record<string, unknown>, path: string[] = []): string[][] {
  return Object.entries(table).flatMap(([key, value]) =>
    value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
      ? leaves(value as Record<string, unknown>, [...path, key])
      : [[...path, key]],
  );
}

function belongsToPipeline(path: readonly string[], scope: PipelineScope): boolean {
  const [top, section] = path;
  if (top === 'sources' && path.length > 2 && section !== undefined) {
    return scope.sections.includes(section) || !scope.otherSections.includes(section);
  }
  if (top === 'destination' && path.length > 2 && section !== undefined && scope.destination) {
    return section === scope.destination;
  }
  return true;
}

/**
 * The secrets of the given secrets files (parsed; unparseable text is the caller's to report) that
 * this pipeline reads: its own source sections, shared `[sources]` keys, its destination's
 * credentials and anything else; the sections other pipelines' sources read are left out. A key
 * in several files (a profile's and the plain one) is one variable.
 */
export function pipelineSecrets(
  files: readonly { file: string; text: string }[],
  scope: PipelineScope,
): SecretsSelection {
  const variables: SecretVariable[] = [];
  const unusable: string[] = [];
  for (const { file, text } of files) {
    if (text.trim() === '') continue;
    for (const path of leaves(parse(text) as Record<string, unknown>)) {
      if (!belongsToPipeline(path, scope)) continue;
      const name = envName(path);
      const dotted = path.join('.');
      if (!SECRET_NAME.test(name) || name.startsWith('GITHUB_')) {
        if (!unusable.includes(`${file} ${dotted}`)) unusable.push(`${file} ${dotted}`);
        continue;
      }
      if (!variables.some((variable) => variable.name === name)) variables.push({ name, file, path: dotted });
    }
  }
  return { variables: variables.sort((a, b) => a.name.localeCompare(b.name)), unusable };
}
