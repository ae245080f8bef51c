import { type CatalogEntry, searchCatalog, verifiedCatalog } from '../../shared/dlt/verified-catalog.js';

/** `--list` and `--search`: the catalog as text for people and as entries for --json. */
export interface CatalogListing {
  entries: { name: string; status: CatalogEntry['status']; description: string; functions: string[] }[];
  text: string;
}

const STATUS_NOTES: Record<CatalogEntry['status'], string> = {
  verified: '',
  example: ' (example)',
  moved_to_dlt_core: ' (dlt core source, no download)',
};

export function catalogListing(query?: string): CatalogListing {
  const catalog = verifiedCatalog();
  const matches = query ? searchCatalog(query) : catalog.sources;
  const entries = matches.map((entry) => ({
    name: entry.name,
    status: entry.status,
    description: entry.description,
    functions: entry.sources.map((fn) => fn.function),
  }));
  const width = Math.max(0, ...entries.map((entry) => entry.name.length)) + 2;
  const heading = query
    ? `${entries.length} verified source(s) match "${query}":`
    : `dlt verified sources (catalog of ${catalog.repo} at ${catalog.commit.slice(0, 12)}):`;
  const lines = entries.map(
    (entry) => `  ${entry.name.padEnd(width)}${entry.description}${STATUS_NOTES[entry.status]}`,
  );
  const footer =
    entries.length > 0
      ? 'Scaffold one with: generator-dlt verified --source <name>   (or: yo dlt:verified --source <name>)'
      : 'Nothing matches; --list shows every source.';
  return { entries, text: [heading, ...lines, '', footer].join('\n') };
}
