import type { FoundResource } from '../../shared/python/pipeline-scan.js';
import { NOT_LITERAL } from '../../shared/python/pipeline-scan-literals.js';

/** Table formats that a filesystem destination merges into (dlt 1.31); plain files only append. */
const MERGING_FORMATS: Record<string, string> = { delta: 'deltalake', iceberg: 'pyiceberg' };

function isMerge(resource: FoundResource): boolean {
  const value = resource.writeDisposition?.value;
  if (value === undefined || value === NOT_LITERAL) return false;
  if (value === 'merge') return true;
  return (
    typeof value === 'object' && value !== null && (value as Record<string, unknown>).disposition === 'merge'
  );
}

/**
 * On a filesystem destination dlt merges only into delta or iceberg tables: for plain files it logs
 * "Falling back to `append`" and every run adds its rows again (checked on dlt 1.31: two runs of
 * the same two records left four rows). One warning per merge resource of `script` that has no
 * such table_format.
 */
export function filesystemMergeWarnings(script: string, resources: readonly FoundResource[]): string[] {
  return resources
    .filter((resource) => isMerge(resource))
    .filter((resource) => !(String(resource.tableFormat?.value) in MERGING_FORMATS))
    .map(
      (resource) =>
        `${resource.name} (${script}:${resource.line}) merges, but a filesystem destination appends plain files ` +
        `(dlt says "Falling back to append"): every run adds its rows again. Give it table_format="delta" ` +
        `(with dlt's deltalake extra) or "iceberg" (with the pyiceberg extra), or write_disposition="replace" ` +
        'to reload it whole.',
    );
}
