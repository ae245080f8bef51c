/**
 * The write disposition of a resource that gives none, where nothing tells rows apart: with no
 * primary key (its own or the defaults') and no incremental cursor, every run fetches all of its
 * records, and dlt's default (append) would load them all again each time, so `replace`. A primary
 * key means merge (withMergeForPrimaryKeys in plan.ts); an incremental cursor keeps append.
 * dlt:rest writes it for the resources it fetches whole: the probed ones and --openapi's top-level ones.
 */
import { incrementalGiven, primaryKeyOf, writeDispositionGiven } from './probe/targets.js';
import type { ConfigDict, RestApiConfig } from './vocabulary.js';

export function reloadsWhole(config: RestApiConfig, resource: ConfigDict): boolean {
  const key = primaryKeyOf(config, resource);
  const keyed = key !== undefined && key !== null && !(Array.isArray(key) && key.length === 0);
  return !keyed && !writeDispositionGiven(config, resource) && !incrementalGiven(config, resource);
}
