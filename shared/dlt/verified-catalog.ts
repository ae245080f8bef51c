import { readFileSync } from 'node:fs';

export interface CatalogParam {
  name: string;
  type: string | null;
}

export interface CatalogSourceFunction {
  function: string;
  /** `name=` of the decorator, when it overrides the function name. */
  source_name_override?: string | null;
  /** `section=` of the decorator, when it overrides the module name. */
  config_section_override?: string | null;
  secrets: CatalogParam[];
  config: CatalogParam[];
  required_args: CatalogParam[] | string[];
  /** Resource names; `<...>` marks names decided at run time. */
  resources: string[];
}

/** A module-level resource usable without a source (kafka, kinesis, pg_replication...). */
export interface CatalogStandaloneResource {
  function: string;
  resource_name: string;
  secrets: CatalogParam[];
  config: CatalogParam[];
  required_args: CatalogParam[];
}

/** A resource inside a source that reads its own secrets or config. */
export interface CatalogResourceParams {
  resource_function: string;
  secrets: CatalogParam[];
  config: CatalogParam[];
}

export interface CatalogCursor {
  resource: string;
  cursor_path: string;
}

export interface CatalogEntry {
  name: string;
  status: 'verified' | 'example' | 'moved_to_dlt_core';
  description: string;
  sources: CatalogSourceFunction[];
  standalone_resources?: CatalogStandaloneResource[];
  resource_level_params?: CatalogResourceParams[];
  requirements: string[];
  incremental: { supported: boolean | null; cursors: CatalogCursor[]; other_mechanism: string | null };
}

/** How a credentials class is laid out in TOML (dlt's own classes, and unions the packages declare). */
export interface CredentialSpec {
  defined_in: string;
  /** The fields `dlt init` writes; null when it writes none. */
  fields_written_by_init?: string[] | null;
  fields?: string[];
  optional?: string[];
  /** Field types other than text, e.g. { port: 'int' }. */
  field_types?: Record<string, string>;
  /** For a Union alias: each member class with its fields (`x (optional)` marks optional ones). */
  union_of?: Record<string, string[]>;
  notes?: string;
}

interface CatalogFile {
  repo: string;
  commit: string;
  credential_specs: Record<string, CredentialSpec>;
  sources: CatalogEntry[];
}

/** Sources that now live inside dlt (`dlt.sources.*`): scaffolded without any download. */
export const CORE_SOURCES = ['sql_database', 'filesystem', 'rest_api'] as const;
export type CoreSourceName = (typeof CORE_SOURCES)[number];

export function isCoreSource(name: string): name is CoreSourceName {
  return (CORE_SOURCES as readonly string[]).includes(name);
}

let catalog: CatalogFile | undefined;

/** The built-in catalog of dlt verified sources (read offline, from the package's data). */
export function verifiedCatalog(): CatalogFile {
  catalog ??= JSON.parse(
    readFileSync(new URL('../data/verified-sources.json', import.meta.url), 'utf8'),
  ) as CatalogFile;
  return catalog;
}

export function findVerifiedSource(name: string): CatalogEntry | undefined {
  return verifiedCatalog().sources.find((entry) => entry.name === name);
}

export function credentialSpecs(): Record<string, CredentialSpec> {
  return verifiedCatalog().credential_specs;
}

/**
 * Names that users type for a source whose folder has a suffix: stripe for stripe_analytics,
 * asana for asana_dlt; not google for google_analytics, which has google_* siblings.
 */
function aliases(entry: CatalogEntry): string[] {
  const base = entry.name.replace(/_(dlt|analytics)$/, '');
  if (base === entry.name) return [entry.name];
  const shared = verifiedCatalog().sources.some(
    (other) => other !== entry && other.name.startsWith(`${base}_`),
  );
  return shared ? [entry.name] : [entry.name, base];
}

/** The catalog name for what a user typed: the name itself or an alias (`stripe` -> stripe_analytics). */
export function canonicalSourceName(typed: string): string | undefined {
  const needle = typed
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return verifiedCatalog().sources.find((entry) => aliases(entry).includes(needle))?.name;
}

/**
 * Sources matching a query: an exact name or alias first, then names containing it; only when no
 * name matches, the sources whose description mentions it. "stripe" finds stripe_analytics,
 * "google" the three Google sources, "video" mux.
 */
export function searchCatalog(query: string): CatalogEntry[] {
  const needle = query
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (!needle) return [];
  const entries = verifiedCatalog().sources;
  const exact = entries.filter((entry) => aliases(entry).includes(needle));
  const byName = entries.filter((entry) => !exact.includes(entry) && entry.name.includes(needle));
  if (exact.length > 0 || byName.length > 0) return [...exact, ...byName];
  const words = query.trim().toLowerCase();
  return entries.filter((entry) => entry.description.toLowerCase().includes(words));
}

/** Resources of a source function named in the catalog, without the ones decided at run time. */
export function catalogResources(entry: CatalogEntry, functionName: string): string[] {
  const fn = entry.sources.find((candidate) => candidate.function === functionName);
  return (fn?.resources ?? []).filter((name) => !name.startsWith('<'));
}

/** Incremental cursors the catalog knows for a source, by resource name. */
export function catalogCursors(entry: CatalogEntry | undefined): Map<string, string> {
  return new Map((entry?.incremental.cursors ?? []).map((cursor) => [cursor.resource, cursor.cursor_path]));
}
