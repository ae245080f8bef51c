/**
 * The rest_api config with each string data_selector compiled once in the script (see
 * shared/dlt/compiled-selector.ts for why).
 */
import { compiledSelector } from '../../shared/dlt/compiled-selector.js';
import { type ConfigDict, isDict, type RestApiConfig } from './vocabulary.js';

/** The resource (or resource_defaults) with its endpoint's string data_selector compiled. */
function compileSelector(resource: ConfigDict): ConfigDict {
  const endpoint = resource.endpoint;
  if (!isDict(endpoint) || typeof endpoint.data_selector !== 'string') return resource;
  return { ...resource, endpoint: { ...endpoint, data_selector: compiledSelector(endpoint.data_selector) } };
}

/** A resource of the `resources` list with its string data_selector compiled. */
export function withCompiledSelector(resource: string | ConfigDict): string | ConfigDict {
  return typeof resource === 'string' ? resource : compileSelector(resource);
}

/** The config with every string data_selector compiled once; `changed` says whether any was. */
export function withCompiledSelectors(config: RestApiConfig): { config: RestApiConfig; changed: boolean } {
  const resources = config.resources.map(withCompiledSelector);
  const defaults = config.resource_defaults && compileSelector(config.resource_defaults);
  const changed =
    defaults !== config.resource_defaults ||
    resources.some((resource, i) => resource !== config.resources[i]);
  return {
    config: { ...config, ...(defaults ? { resource_defaults: defaults } : {}), resources },
    changed,
  };
}
