/**
 * Which resources of a RESTAPIConfig the probe visits, at which URL, and with which credentials:
 * top-level GET resources whose paginator or data selector is not given, with the credentials the
 * run was given (never a placeholder).
 */

import { isSecretName } from '../../../shared/dlt/secret-names.js';
import { isPlaceholder } from '../../../shared/toml/placeholders.js';
import {
  type ConfigDict,
  endpointOf,
  isDict,
  parentsReferenced,
  type RestApiConfig,
  resourceName,
} from '../vocabulary.js';
import type { ProbeTarget } from './probe-resource.js';

/** A resource as a dict (a string resource is its own name and path). */
export const resourceDict = (resource: string | ConfigDict): ConfigDict =>
  typeof resource === 'string' ? { name: resource, endpoint: { path: resource } } : resource;

const given = (value: unknown) => value !== undefined && value !== null;

/** The resource's paginator, its own, the defaults' or the client's. */
export function paginatorGiven(config: RestApiConfig, resource: ConfigDict): boolean {
  const defaults = config.resource_defaults ? endpointOf(config.resource_defaults) : {};
  return given(endpointOf(resource).paginator) || given(defaults.paginator) || given(config.client.paginator);
}

export function dataSelectorGiven(config: RestApiConfig, resource: ConfigDict): boolean {
  const defaults = config.resource_defaults ? endpointOf(config.resource_defaults) : {};
  return given(endpointOf(resource).data_selector) || given(defaults.data_selector);
}

/** The resource's write disposition, its own or the defaults'. */
export function writeDispositionGiven(config: RestApiConfig, resource: ConfigDict): boolean {
  return given(resource.write_disposition) || given(config.resource_defaults?.write_disposition);
}

/** An incremental block, the endpoint's own or the defaults'. */
export function incrementalGiven(config: RestApiConfig, resource: ConfigDict): boolean {
  const defaults = config.resource_defaults ? endpointOf(config.resource_defaults) : {};
  return given(endpointOf(resource).incremental) || given(defaults.incremental);
}

export function primaryKeyOf(config: RestApiConfig, resource: ConfigDict): unknown {
  return resource.primary_key ?? config.resource_defaults?.primary_key;
}

/** `base/` + `path` the way dlt joins them. */
export function endpointUrl(baseUrl: string, path: string): string {
  return new URL(path.replace(/^\//, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}

/** The query parameters of an endpoint, the defaults' included. */
function paramsOf(endpoint: ConfigDict, defaults: ConfigDict): ConfigDict {
  return {
    ...(isDict(defaults.params) ? defaults.params : {}),
    ...(isDict(endpoint.params) ? endpoint.params : {}),
  };
}

/** Literal query parameters (not a placeholder, not an incremental or a parent reference). */
function literalParams(params: ConfigDict): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params)
      .filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))
      .map(([key, value]) => [key, String(value)] as const)
      .filter(([, value]) => !value.includes('{') && !isPlaceholder(value)),
  );
}

/** A resource's own paginator that fetches one page only. */
export const isSinglePage = (paginator: unknown): boolean =>
  paginator === 'single_page' || (isDict(paginator) && paginator.type === 'single_page');

/**
 * The resources to probe: top-level GET endpoints missing a paginator or a data selector. With
 * `verify` (a config read from an OpenAPI spec), those that have both too: their first page then
 * checks what the spec says (where the records are, their key), and records no fixture.
 */
export function probeTargets(config: RestApiConfig, options: { verify?: boolean } = {}): ProbeTarget[] {
  const baseUrl = config.client.base_url;
  if (typeof baseUrl !== 'string' || isPlaceholder(baseUrl)) return [];
  const defaults = config.resource_defaults ? endpointOf(config.resource_defaults) : {};
  return config.resources.map(resourceDict).flatMap((resource) => {
    const endpoint = endpointOf(resource);
    const name = resourceName(resource);
    const method = String(endpoint.method ?? defaults.method ?? 'GET').toUpperCase();
    // a spec that shows no paging made it single_page: the probe checks that too
    const wantPaginator =
      !paginatorGiven(config, resource) || (options.verify === true && isSinglePage(endpoint.paginator));
    if (name === undefined || method !== 'GET' || parentsReferenced(endpoint).length > 0) return [];
    const complete = paginatorGiven(config, resource) && dataSelectorGiven(config, resource);
    if (complete && !options.verify) return [];
    // a path made at run time (an f-string of settings) has no URL to ask yet
    if (endpoint.path !== undefined && typeof endpoint.path !== 'string') return [];
    const url = new URL(endpointUrl(baseUrl, String(endpoint.path ?? name)));
    const params = paramsOf(endpoint, defaults);
    const literal = literalParams(params);
    for (const [key, value] of Object.entries(literal)) url.searchParams.set(key, value);
    const key = primaryKeyOf(config, resource);
    // a parameter filled at run time (an incremental start value) makes requests the probe cannot
    // record: such a resource is probed but not replayed
    const replayable =
      !complete &&
      Object.keys(literal).length === Object.keys(params).length &&
      endpoint.incremental === undefined &&
      defaults.incremental === undefined;
    return [
      {
        resource: name,
        url: url.toString(),
        wantPaginator,
        replayable,
        ...(typeof key === 'string' && { primaryKey: key }),
      },
    ];
  });
}

export interface ProbeCredentials {
  headers: Record<string, string>;
  query: Record<string, string>;
  /** Values that must not reach a fixture file. */
  secrets: string[];
  /** Query parameter names that carry a credential. */
  secretParams: string[];
  /** Why the run cannot probe with these credentials. */
  unusable?: string;
}

const usable = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '' && !isPlaceholder(value);

/** The client's auth and literal headers as request headers and query parameters. */
export function probeCredentials(client: ConfigDict): ProbeCredentials {
  const credentials: ProbeCredentials = { headers: {}, query: {}, secrets: [], secretParams: [] };
  const headers = isDict(client.headers) ? client.headers : {};
  for (const [name, value] of Object.entries(headers)) {
    if (!usable(value)) continue;
    credentials.headers[name] = value;
    if (isSecretName(name)) credentials.secrets.push(value);
  }
  const auth = isDict(client.auth) ? client.auth : undefined;
  const type = auth ? String(auth.type) : 'none';
  const missing = (what: string) => ({
    ...credentials,
    unusable: `no ${what} was given this run (the probe uses only credentials given now)`,
  });
  switch (type) {
    case 'none':
      return credentials;
    case 'bearer':
      if (!usable(auth!.token)) return missing('token');
      credentials.headers.Authorization = `Bearer ${auth!.token}`;
      credentials.secrets.push(auth!.token);
      return credentials;
    case 'api_key': {
      if (!usable(auth!.api_key)) return missing('API key');
      const name = String(auth!.name ?? 'Authorization');
      if (auth!.location === 'query') {
        credentials.query[name] = auth!.api_key;
        credentials.secretParams.push(name);
      } else credentials.headers[name] = auth!.api_key;
      credentials.secrets.push(auth!.api_key);
      return credentials;
    }
    case 'http_basic':
      if (!usable(auth!.username) || !usable(auth!.password)) return missing('user name and password');
      credentials.headers.Authorization = `Basic ${Buffer.from(`${auth!.username}:${auth!.password}`).toString('base64')}`;
      credentials.secrets.push(auth!.password, credentials.headers.Authorization);
      return credentials;
    default:
      return {
        ...credentials,
        unusable: `${type} auth is not probed (getting a token takes a POST request)`,
      };
  }
}
