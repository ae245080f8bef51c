import { readFileSync } from 'node:fs';

export interface CatalogParam {
  name: string;
  type: string | null;
}

export interface CatalogSourceFunction {
  function: string;
  secrets: CatalogParam[];
  config: CatalogParam[];
  required_args: CatalogParam[] | string[];
  resources: string[];
}

export interface CatalogEntry {
  name: string;
  status: 'verified' | 'example' | 'moved_to_dlt_core';
  description: string;
  sources: CatalogSourceFunction[];
  requirements: string[];
  incremental: { supported: boolean; cursors: unknown[]; other_mechanism: string | null };
}

interface CatalogFile {
  repo: string;
  commit: string;
  credential_specs: Record<string, unknown>;
  sources: CatalogEntry[];
}

let catalog: CatalogFile | undefined;

/** The built-in catalog of dlt verified sources (read offline, from the package's data). */
export function verifiedCatalog(): CatalogFile {
  catalog ??= JSON.parse(
    readFileSync(new URL('./data/verified-sources.json', import.meta.url), 'utf8'),
  ) as CatalogFile;
  return catalog;
}

export function findVerifiedSource(name: string): CatalogEntry | undefined {
  return verifiedCatalog().sources.find((entry) => entry.name === name);
}

/** Names that users type for a source whose folder has a suffix (stripe_analytics, asana_dlt...). */
function aliases(entry: CatalogEntry): string[] {
  const base = entry.name.replace(/_(dlt|analytics)$/, '');
  return base === entry.name ? [entry.name] : [entry.name, base];
}

/**
 * Sources matching a query: an exact name or alias first, then names containing it, then
 * descriptions containing it. "stripe" finds stripe_analytics; "google" the three Google sources.
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
  const words = query.trim().toLowerCase();
  const byDescription = entries.filter(
    (entry) =>
      !exact.includes(entry) && !byName.includes(entry) && entry.description.toLowerCase().includes(words),
  );
  return [...exact, ...byName, ...byDescription];
}
