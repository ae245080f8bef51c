/**
 * The write disposition of a resource that gives none, where nothing tells rows apart: with no
 * primary key (its own or the defaults') and no incremental cursor, every run fetches all of its
 * records, and dlt's default (append) would load them all again each time, so `replace`. A primary
 * key means merge (withMergeForPrimaryKeys in plan.ts); an incremental cursor keeps append.
 * dlt:rest writes it for the resources it fetches whole: the probed ones and --openapi's top-level ones.
 */
import { incrementalGiven, primaryKeyOf, writeDispositionGiven } from './probe/targets.js';
import { type ConfigDict, endpointOf, isDict, parentsReferenced, type RestApiConfig } from './vocabulary.js';

export function reloadsWhole(config: RestApiConfig, resource: ConfigDict): boolean {
  const key = primaryKeyOf(config, resource);
  const keyed = key !== undefined && key !== null && !(Array.isArray(key) && key.length === 0);
  return !keyed && !writeDispositionGiven(config, resource) && !incrementalGiven(config, resource);
}

export interface ChildDispositions {
  config: RestApiConfig;
  /** What was decided, by resource name: a comment line for the script. */
  comments: Map<string, string[]>;
  /** Children left appending because a parent of theirs is incremental. */
  warnings: string[];
}

/**
 * The children (resources whose path names a parent) that `reloadsWhole` holds for: when no
 * ancestor of one is incremental, every run reads all parents and fetches all of its records
 * again, so `replace` (append loaded every child row once more each run). Under an incremental
 * ancestor a run fetches the children of the changed parents only: replace would drop the others,
 * so it stays append, with a warning to give its key. A child with an ancestor that is not in the
 * config, or is in the script already (`inScript`: what it loads is the script's to say), is left
 * as it is.
 */
export function withChildDispositions(
  config: RestApiConfig,
  inScript: readonly string[] = [],
): ChildDispositions {
  const byName = new Map(
    config.resources
      .filter(isDict)
      .filter((resource) => !inScript.includes(String(resource.name)))
      .map((resource) => [String(resource.name), resource] as const),
  );
  const comments = new Map<string, string[]>();
  const warnings: string[] = [];
  /** The incremental ancestor's name, '' when none is, undefined when one is not in the config. */
  const incrementalAncestor = (resource: ConfigDict, seen: Set<ConfigDict>): string | undefined => {
    for (const name of parentsReferenced(endpointOf(resource))) {
      const parent = byName.get(name);
      if (!parent || seen.has(parent)) return undefined;
      if (incrementalGiven(config, parent)) return name;
      const above = incrementalAncestor(parent, new Set([...seen, parent]));
      if (above !== '') return above;
    }
    return '';
  };
  const resources = config.resources.map((resource) => {
    // the key and disposition first: the parent search walks the whole endpoint
    if (!isDict(resource) || !reloadsWhole(config, resource)) return resource;
    if (parentsReferenced(endpointOf(resource)).length === 0) return resource;
    const name = String(resource.name);
    const incremental = incrementalAncestor(resource, new Set([resource]));
    if (incremental === undefined) return resource;
    if (incremental !== '') {
      warnings.push(
        `${name}: its ancestor ${incremental} is incremental, so each run fetches the ${name} of changed ${incremental} only and appends them, an earlier copy included; give its primary_key=<field> to merge instead.`,
      );
      return resource;
    }
    comments.set(name, [
      'No primary key, and every run reads all of its parents: write_disposition replace (append would load every row again).',
    ]);
    return { ...resource, write_disposition: 'replace' };
  });
  return { config: { ...config, resources }, comments, warnings };
}
