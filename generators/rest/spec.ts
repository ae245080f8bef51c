/**
 * Reads a --spec file: a RESTAPIConfig (client, resources, resource_defaults) as JSON or YAML.
 * Deprecated forms dlt still takes are rewritten to the current syntax, each with a warning, so
 * the generated pipeline only uses what dlt documents today.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../../shared/plan/errors.js';
import { type ConfigDict, DEPRECATED_PAGINATORS, isDict, type RestApiConfig } from './vocabulary.js';

export interface LoadedSpec {
  config: RestApiConfig;
  warnings: string[];
}

/** Parses spec text (JSON is YAML too); `where` names the file in messages. */
export function parseSpec(text: string, where: string): LoadedSpec {
  let data: unknown;
  try {
    data = /\.json$/i.test(where) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(`--spec: ${where} is not valid JSON or YAML: ${(error as Error).message}`);
  }
  if (!isDict(data)) {
    throw new UsageError(
      `--spec: ${where} must hold a RESTAPIConfig object with "client" and "resources" (and optionally "resource_defaults")`,
    );
  }
  const warnings: string[] = [];
  const config = structuredClone(data) as unknown as RestApiConfig;
  modernize(config, warnings);
  return { config, warnings };
}

export function readSpec(path: string): LoadedSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--spec: cannot read ${path}; give the path of a JSON or YAML RESTAPIConfig file.`);
  }
  return parseSpec(text, path);
}

/** Rewrites deprecated rest_api forms in place, noting each rewrite. */
export function modernize(config: RestApiConfig, warnings: string[]): void {
  checkOneIncremental(config);
  if (isDict(config.client)) modernizeClient(config.client, warnings);
  if (isDict(config.resource_defaults))
    modernizeResource(config.resource_defaults, 'resource_defaults', warnings);
  if (Array.isArray(config.resources)) {
    config.resources.forEach((resource, index) => {
      if (isDict(resource)) {
        const name = typeof resource.name === 'string' ? resource.name : `resources[${index}]`;
        modernizeResource(resource, name, warnings);
      }
    });
  }
}

/**
 * Where an endpoint defines its incremental: its "incremental" block and each parameter of the
 * old form {"type": "incremental", ...}, as paths under the resource.
 */
function incrementalPlaces(resource: ConfigDict): string[] {
  const endpoint = resource.endpoint;
  if (!isDict(endpoint)) return [];
  const params = isDict(endpoint.params) ? Object.entries(endpoint.params) : [];
  return [
    ...(endpoint.incremental === undefined ? [] : ['endpoint.incremental']),
    ...params
      .filter(([, value]) => isDict(value) && value.type === 'incremental')
      .map(([param]) => `endpoint.params.${param}`),
  ];
}

/**
 * dlt takes one incremental per endpoint: with two (a block and an old-form parameter, or two
 * parameters) it uses one and drops the other, or fails. Refused before the old form is rewritten
 * into a block, where the two would merge into a cursor neither gave. A resource's incremental in
 * the same place as resource_defaults' overrides it as dlt merges them; in another place it clashes.
 */
function checkOneIncremental(config: RestApiConfig): void {
  const defaults = isDict(config.resource_defaults) ? incrementalPlaces(config.resource_defaults) : [];
  const refuse = (name: string, places: string[]) => {
    throw new UsageError(
      `--spec: resource "${name}" defines its incremental twice, in ${places.join(' and ')}; ` +
        'dlt takes one incremental per endpoint: keep one of them (an "incremental" block with ' +
        '"{incremental.start_value}" in the parameter that takes it). Nothing was written.',
    );
  };
  if (defaults.length > 1)
    refuse(
      'resource_defaults',
      defaults.map((place) => `resource_defaults.${place}`),
    );
  const resources = Array.isArray(config.resources) ? config.resources : [];
  resources.forEach((resource, index) => {
    if (!isDict(resource)) return;
    const name = typeof resource.name === 'string' ? resource.name : `resources[${index}]`;
    const own = incrementalPlaces(resource);
    const clashing = defaults.filter((place) => own.length > 0 && !own.includes(place));
    const places = [
      ...own.map((place) => `${name}.${place}`),
      ...clashing.map((place) => `resource_defaults.${place}`),
    ];
    if (places.length > 1) refuse(name, places);
  });
}

function modernizeClient(client: ConfigDict, warnings: string[]): void {
  if (client.paginator !== undefined)
    client.paginator = modernPaginator(client.paginator, 'client', warnings);
  if (client.auth !== undefined) client.auth = explicitAuth(client.auth);
}

/** Auth as an explicit dict: a type string or a dict without type (bearer) gets its type. */
function explicitAuth(auth: ConfigDict[string]): ConfigDict[string] {
  if (typeof auth === 'string') return { type: auth };
  if (isDict(auth) && auth.type === undefined) return { type: 'bearer', ...auth };
  return auth;
}

function modernPaginator(
  paginator: ConfigDict[string],
  where: string,
  warnings: string[],
): ConfigDict[string] {
  const type = typeof paginator === 'string' ? paginator : isDict(paginator) ? paginator.type : undefined;
  const replacement = typeof type === 'string' ? DEPRECATED_PAGINATORS[type] : undefined;
  if (!replacement) return paginator;
  warnings.push(`${where}: paginator "${String(type)}" is deprecated; wrote "${replacement}" instead`);
  return isDict(paginator) ? { ...paginator, type: replacement } : replacement;
}

function modernizeResource(resource: ConfigDict, name: string, warnings: string[]): void {
  if (!isDict(resource.endpoint)) return;
  const endpoint = resource.endpoint;
  if (endpoint.paginator !== undefined)
    endpoint.paginator = modernPaginator(endpoint.paginator, name, warnings);
  if (endpoint.auth !== undefined) endpoint.auth = explicitAuth(endpoint.auth);
  if (isDict(endpoint.params)) {
    for (const [param, value] of Object.entries(endpoint.params)) {
      if (!isDict(value)) continue;
      if (value.type === 'resolve') rewriteResolveParam(endpoint, param, value, name, warnings);
      else if (value.type === 'incremental') rewriteIncrementalParam(endpoint, param, value, name, warnings);
    }
  }
  if (isDict(endpoint.incremental)) rewriteStartEndParams(endpoint, endpoint.incremental, name, warnings);
}

/** `{"type": "resolve", "resource": r, "field": f}` -> `{resources.r.f}` where the path binds it. */
function rewriteResolveParam(
  endpoint: ConfigDict,
  param: string,
  value: ConfigDict,
  name: string,
  warnings: string[],
): void {
  const placeholder = `{resources.${String(value.resource)}.${String(value.field)}}`;
  const binding = `{${param}}`;
  const params = endpoint.params as ConfigDict;
  if (typeof endpoint.path === 'string' && endpoint.path.includes(binding)) {
    endpoint.path = endpoint.path.split(binding).join(placeholder);
    delete params[param];
  } else {
    params[param] = placeholder;
  }
  if (Object.keys(params).length === 0) delete endpoint.params;
  warnings.push(
    `${name}: the "resolve" parameter "${param}" is the legacy syntax; wrote ${placeholder} instead`,
  );
}

/** `{"type": "incremental", "cursor_path": ...}` -> an incremental block and `{incremental.start_value}`. */
function rewriteIncrementalParam(
  endpoint: ConfigDict,
  param: string,
  value: ConfigDict,
  name: string,
  warnings: string[],
): void {
  const { type: _, ...incremental } = value;
  endpoint.incremental = { ...(isDict(endpoint.incremental) ? endpoint.incremental : {}), ...incremental };
  (endpoint.params as ConfigDict)[param] = '{incremental.start_value}';
  warnings.push(
    `${name}: the "incremental" parameter "${param}" is deprecated; wrote an incremental block and "{incremental.start_value}" instead`,
  );
}

/** `incremental.start_param` / `end_param` -> parameters with `{incremental.start_value}` / `{incremental.end_value}`. */
function rewriteStartEndParams(
  endpoint: ConfigDict,
  incremental: ConfigDict,
  name: string,
  warnings: string[],
): void {
  const bindings = [
    ['start_param', '{incremental.start_value}'],
    ['end_param', '{incremental.end_value}'],
  ] as const;
  for (const [key, placeholder] of bindings) {
    const param = incremental[key];
    if (typeof param !== 'string') continue;
    endpoint.params = { ...(isDict(endpoint.params) ? endpoint.params : {}), [param]: placeholder };
    delete incremental[key];
    warnings.push(
      `${name}: incremental.${key} is deprecated; wrote the parameter "${param}": "${placeholder}" instead`,
    );
  }
}
