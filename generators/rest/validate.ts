/**
 * Checks a RESTAPIConfig the way dlt's `validate_dict(RESTAPIConfig, ...)` and
 * `rest_api_resources` would, before anything is written, and says what to change: unknown keys,
 * auth and paginator types and their parameters, write dispositions, parents that do not exist,
 * placeholders dlt cannot fill.
 */

import {
  API_KEY_LOCATIONS,
  AUTH_CREDENTIAL_FIELDS,
  AUTH_PARAMS,
  AUTH_SETTING_FIELDS,
  AUTH_TYPES,
  type AuthType,
  PAGINATOR_TYPES,
  PAGINATORS,
  type PaginatorType,
  type ParamSpec,
} from '../../shared/dlt/rest-vocabulary.js';
import { MERGE_STRATEGIES, WRITE_DISPOSITIONS } from '../../shared/dlt/write-dispositions.js';
import type { PyValue } from '../../shared/python/literal.js';
import { nameFault, validateHttpUrl } from '../../shared/python/naming.js';
import { notOneOf } from '../../shared/questions/did-you-mean.js';
import { isPlaceholder } from '../../shared/toml/placeholders.js';
import {
  CLIENT_KEYS,
  type ConfigDict,
  ENDPOINT_KEYS,
  endpointOf,
  HTTP_METHODS,
  INCREMENTAL_KEYS,
  isDict,
  parentsReferenced,
  RESOURCE_BASE_KEYS,
  type RestApiConfig,
  resourceName,
} from './vocabulary.js';

const RESOURCE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** dlt keys whose values are Python objects (callables, sessions), which a JSON or YAML spec cannot hold. */
const PYTHON_ONLY_KEYS = new Set(['processing_steps', 'session', 'convert', 'transform']);

class Problems {
  readonly list: string[] = [];
  add(where: string, message: string): void {
    this.list.push(`${where}: ${message}`);
  }
  unknownKeys(where: string, value: ConfigDict, allowed: ReadonlySet<string> | readonly string[]): void {
    // called for every resource and endpoint: the vocabulary's own sets are not copied
    const known: ReadonlySet<string> = allowed instanceof Set ? allowed : new Set(allowed);
    for (const key of Object.keys(value)) {
      if (known.has(key)) continue;
      if (PYTHON_ONLY_KEYS.has(key)) {
        this.add(where, `"${key}" takes Python objects: add it to the generated script, not to the spec`);
      } else {
        this.add(where, `unknown key "${key}"; allowed: ${[...known].join(', ')}`);
      }
    }
  }
}

function checkParam(problems: Problems, where: string, value: unknown, spec: ParamSpec): void {
  if (value === null && spec.nullable) return;
  const ok =
    spec.kind === 'int'
      ? Number.isInteger(value)
      : spec.kind === 'bool'
        ? typeof value === 'boolean'
        : spec.kind === 'path'
          ? typeof value === 'string' || isDict(value)
          : typeof value === 'string';
  if (!ok) {
    const expected = { int: 'a whole number', bool: 'true or false', path: 'a string', string: 'a string' };
    problems.add(where, `must be ${expected[spec.kind]}${spec.nullable ? ' or null' : ''}`);
  }
}

function checkAuth(problems: Problems, where: string, auth: unknown): void {
  if (typeof auth === 'string') {
    problems.add(
      where,
      'give the auth as a dict with its type and fields, e.g. {"type": "bearer", "token": ...}',
    );
    return;
  }
  if (!isDict(auth)) {
    problems.add(where, 'must be a dict');
    return;
  }
  const type = (auth.type ?? 'bearer') as string;
  if (!(AUTH_TYPES as readonly string[]).includes(type)) {
    problems.add(`${where}.type`, notOneOf(type, AUTH_TYPES));
    return;
  }
  const params = AUTH_PARAMS[type as AuthType];
  problems.unknownKeys(where, auth, ['type', ...Object.keys(params)]);
  for (const [key, spec] of Object.entries(params)) {
    if (auth[key] === undefined) {
      // credentials and the token URL may be left out: they are read from the TOML files
      const fromToml = AUTH_CREDENTIAL_FIELDS.has(key) || AUTH_SETTING_FIELDS.has(key);
      if (spec.required && !fromToml) problems.add(where, `a ${type} auth needs "${key}"`);
    } else {
      checkParam(problems, `${where}.${key}`, auth[key], spec);
    }
  }
  if (type === 'api_key' && auth.location !== undefined) {
    if (!(API_KEY_LOCATIONS as readonly string[]).includes(String(auth.location))) {
      problems.add(`${where}.location`, notOneOf(auth.location, ['header', 'query']));
    }
  }
}

function checkPaginator(problems: Problems, where: string, paginator: unknown): void {
  if (typeof paginator === 'string') {
    if (!(PAGINATOR_TYPES as readonly string[]).includes(paginator)) {
      problems.add(where, notOneOf(paginator, PAGINATOR_TYPES));
    } else if (Object.values(PAGINATORS[paginator as PaginatorType].params).some((spec) => spec.required)) {
      problems.add(where, `a ${paginator} paginator needs parameters: give it as a dict with "type"`);
    }
    return;
  }
  if (!isDict(paginator)) {
    problems.add(where, 'must be a paginator type or a dict with "type"');
    return;
  }
  const type = paginator.type;
  if (typeof type !== 'string' || !(PAGINATOR_TYPES as readonly string[]).includes(type)) {
    problems.add(`${where}.type`, notOneOf(type, PAGINATOR_TYPES));
    return;
  }
  const params = PAGINATORS[type as PaginatorType].params;
  problems.unknownKeys(where, paginator, ['type', ...Object.keys(params)]);
  for (const [key, spec] of Object.entries(params)) {
    if (paginator[key] === undefined) {
      if (spec.required) problems.add(where, `a ${type} paginator needs "${key}"`);
    } else {
      checkParam(problems, `${where}.${key}`, paginator[key], spec);
    }
  }
}

function checkDisposition(problems: Problems, where: string, value: unknown): void {
  if (typeof value === 'string') {
    if (!(WRITE_DISPOSITIONS as readonly string[]).includes(value)) {
      problems.add(where, notOneOf(value, WRITE_DISPOSITIONS));
    }
    return;
  }
  if (!isDict(value) || !(WRITE_DISPOSITIONS as readonly string[]).includes(String(value.disposition))) {
    problems.add(where, 'use append, replace, merge, or {"disposition": "merge", "strategy": ...}');
    return;
  }
  if (
    value.strategy !== undefined &&
    !(MERGE_STRATEGIES as readonly string[]).includes(String(value.strategy))
  ) {
    problems.add(`${where}.strategy`, notOneOf(value.strategy, MERGE_STRATEGIES));
  } else if (value.strategy !== undefined && value.disposition !== 'merge') {
    problems.add(
      `${where}.strategy`,
      `a merge strategy goes with "disposition": "merge", not "${String(value.disposition)}": make it merge, or leave the strategy out`,
    );
  }
}

/** The write disposition and merge strategy a resource ends up with. */
function mergeStrategy(disposition: PyValue | undefined): string | undefined {
  if (disposition === 'merge') return 'delete-insert';
  if (isDict(disposition) && disposition.disposition === 'merge') {
    return typeof disposition.strategy === 'string' ? disposition.strategy : 'delete-insert';
  }
  return undefined;
}

/**
 * The incremental value a placeholder reads, and the key of the incremental block that gives it
 * on the first run: without it dlt fills the placeholder with None, and rest_api sends the text
 * "None" (`since=None`), which usually matches nothing.
 */
const FIRST_RUN_VALUE: Record<string, string> = {
  start_value: 'initial_value',
  last_value: 'initial_value',
  initial_value: 'initial_value',
  end_value: 'end_value',
};

/** Placeholders in a string that dlt cannot fill: anything but resources.* and incremental.*. */
function checkPlaceholders(problems: Problems, where: string, value: unknown, incremental: unknown): void {
  if (typeof value === 'string') {
    // most strings hold no brace at all (a spec's thousands of paths and parameters)
    if (!value.includes('{')) return;
    const unescaped = value.replace(/\{\{|\}\}/g, '');
    for (const match of unescaped.matchAll(/\{([^{}]*)\}/g)) {
      const inner = match[1]!;
      if (/^resources\.[^.]+\..+$/.test(inner)) continue;
      const incrementalValue = /^incremental\.(start_value|initial_value|last_value|end_value)$/.exec(
        inner,
      )?.[1];
      if (incrementalValue) {
        const needed = FIRST_RUN_VALUE[incrementalValue]!;
        if (incremental === undefined) {
          problems.add(where, `{${inner}} needs an "incremental" block on the endpoint`);
        } else if (isDict(incremental) && incremental[needed] === undefined) {
          problems.add(
            where,
            `{${inner}} is None on the first run (the API gets the text "None" and usually returns nothing) ` +
              `unless the incremental block has "${needed}": add incremental.${needed}=<first value> ` +
              `(e.g. incremental.${needed}=2024-01-01T00:00:00Z; in a spec or answers file, "${needed}" in "incremental")`,
          );
        }
        continue;
      }
      problems.add(
        where,
        `"{${inner}}" is not a placeholder dlt fills: use {resources.<parent>.<field>} or {incremental.start_value}, and double literal braces ({{ }})`,
      );
    }
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      if (mayHoldPlaceholder(item)) checkPlaceholders(problems, `${where}[${index}]`, item, incremental);
    }
  } else if (isDict(value)) {
    for (const key in value) {
      const item = value[key];
      if (mayHoldPlaceholder(item)) checkPlaceholders(problems, `${where}.${key}`, item, incremental);
    }
  }
}

/** Whether a value is worth a walk (and its place's name): a string with a brace, a list or a dict. */
const mayHoldPlaceholder = (value: unknown) =>
  typeof value === 'string' ? value.includes('{') : typeof value === 'object' && value !== null;

function checkEndpoint(problems: Problems, where: string, endpoint: unknown): void {
  if (typeof endpoint === 'string') {
    checkPlaceholders(problems, where, endpoint, undefined);
    return;
  }
  if (!isDict(endpoint)) {
    problems.add(where, 'must be a path or a dict');
    return;
  }
  problems.unknownKeys(where, endpoint, ENDPOINT_KEYS);
  if (
    endpoint.method !== undefined &&
    !(HTTP_METHODS as readonly string[]).includes(String(endpoint.method))
  ) {
    problems.add(`${where}.method`, notOneOf(endpoint.method, HTTP_METHODS));
  }
  for (const key of ['params', 'json', 'headers'] as const) {
    if (endpoint[key] !== undefined && !isDict(endpoint[key]))
      problems.add(`${where}.${key}`, 'must be a dict');
  }
  if (endpoint.json !== undefined && endpoint.data !== undefined) {
    problems.add(where, 'give "json" or "data", not both');
  }
  if (isDict(endpoint.params)) {
    for (const [key, value] of Object.entries(endpoint.params)) {
      if (isDict(value)) {
        problems.add(
          `${where}.params.${key}`,
          'a dict parameter is the deprecated resolve/incremental form: use "{resources.<parent>.<field>}" or an "incremental" block with "{incremental.start_value}"',
        );
      }
    }
  }
  if (endpoint.paginator !== undefined) checkPaginator(problems, `${where}.paginator`, endpoint.paginator);
  if (endpoint.auth !== undefined) checkAuth(problems, `${where}.auth`, endpoint.auth);
  if (endpoint.incremental !== undefined) {
    if (!isDict(endpoint.incremental)) problems.add(`${where}.incremental`, 'must be a dict');
    else {
      problems.unknownKeys(`${where}.incremental`, endpoint.incremental, INCREMENTAL_KEYS);
      if (endpoint.incremental.cursor_path === undefined) {
        problems.add(`${where}.incremental`, 'needs "cursor_path"');
      }
    }
  }
  if (endpoint.response_actions !== undefined) {
    const actions = endpoint.response_actions;
    if (!Array.isArray(actions) || !actions.every((action) => isDict(action) && action.action === 'ignore')) {
      problems.add(
        `${where}.response_actions`,
        'in a spec, give a list of {"status_code": ..., "content": ..., "action": "ignore"}; callables go in the Python file',
      );
    }
  }
  for (const key of ['path', 'params', 'json', 'headers', 'data'] as const) {
    if (mayHoldPlaceholder(endpoint[key]))
      checkPlaceholders(problems, `${where}.${key}`, endpoint[key], endpoint.incremental);
  }
}

function checkResourceBase(
  problems: Problems,
  where: string,
  resource: ConfigDict,
  keys: ReadonlySet<string>,
): void {
  problems.unknownKeys(where, resource, keys);
  if (resource.endpoint !== undefined) checkEndpoint(problems, `${where}.endpoint`, resource.endpoint);
  if (resource.write_disposition !== undefined) {
    checkDisposition(problems, `${where}.write_disposition`, resource.write_disposition);
  }
  for (const key of ['selected', 'parallelized'] as const) {
    if (resource[key] !== undefined && typeof resource[key] !== 'boolean') {
      problems.add(`${where}.${key}`, 'must be true or false');
    }
  }
  if (resource.max_table_nesting !== undefined && !Number.isInteger(resource.max_table_nesting)) {
    problems.add(`${where}.max_table_nesting`, 'must be a whole number');
  }
  for (const key of ['primary_key', 'merge_key'] as const) {
    const value = resource[key];
    if (
      value !== undefined &&
      typeof value !== 'string' &&
      !(Array.isArray(value) && value.every((v) => typeof v === 'string'))
    ) {
      problems.add(`${where}.${key}`, 'must be a column name or a list of them');
    }
  }
  const include = resource.include_from_parent;
  if (include !== undefined && !(Array.isArray(include) && include.every((v) => typeof v === 'string'))) {
    problems.add(`${where}.include_from_parent`, 'must be a list of parent field names');
  }
}

const RESOURCE_KEYS = new Set([...RESOURCE_BASE_KEYS, 'name']);

function checkResource(
  problems: Problems,
  where: string,
  resource: unknown,
  name: string | undefined,
  context: { known: ReadonlySet<string>; defaults: ConfigDict; parents: readonly string[] },
): void {
  if (typeof resource !== 'string' && !isDict(resource)) {
    problems.add(where, 'must be a name or a dict with "name"');
    return;
  }
  if (!name) {
    problems.add(where, 'needs a "name"');
    return;
  }
  if (!RESOURCE_NAME.test(name)) {
    problems.add(
      where,
      `"${name}" is not a usable resource name: ${nameFault(name)}; use letters, digits and underscores, not starting with a digit`,
    );
  }
  if (typeof resource === 'string') return;

  checkResourceBase(problems, where, resource, RESOURCE_KEYS);
  const { parents } = context;
  if (parents.length > 1) {
    problems.add(where, `refers to several parents (${parents.join(', ')}); a resource has one parent`);
  }
  for (const parent of parents) {
    if (parent === name) problems.add(where, 'cannot be its own parent');
    else if (!context.known.has(parent)) {
      problems.add(
        where,
        `its parent "${parent}" is not a resource; add it or fix {resources.${parent}.<field>}`,
      );
    }
  }
  if (resource.include_from_parent !== undefined && parents.length === 0) {
    problems.add(
      where,
      'has include_from_parent but no parent: reference one with {resources.<parent>.<field>}',
    );
  }
  const { defaults } = context;
  const strategy = mergeStrategy(resource.write_disposition ?? defaults.write_disposition);
  const keys = [resource.primary_key, defaults.primary_key, resource.merge_key, defaults.merge_key];
  if (strategy && strategy !== 'scd2' && keys.every((key) => key === undefined)) {
    problems.add(
      where,
      `merges (${strategy}) but has no primary_key: give primary_key=<column> (or in resource_defaults)`,
    );
  }
}

export interface ValidateOptions {
  /** Resources already in the pipeline file, which new ones may name as parents. */
  existingResources?: readonly string[];
}

/**
 * Every problem in the config, as "where: what to change"; empty when dlt will take it.
 */
export function configProblems(config: RestApiConfig, options: ValidateOptions = {}): string[] {
  const problems = new Problems();
  const root = config as unknown as ConfigDict;
  problems.unknownKeys('config', root, ['client', 'resources', 'resource_defaults']);

  if (!isDict(config.client)) problems.add('client', 'must be a dict with at least "base_url"');
  else {
    problems.unknownKeys('client', config.client, CLIENT_KEYS);
    const baseUrl = config.client.base_url;
    if (baseUrl === undefined) problems.add('client', 'needs "base_url"');
    else if (typeof baseUrl === 'string' && !isPlaceholder(baseUrl)) {
      const verdict = validateHttpUrl(baseUrl);
      if (verdict !== true) problems.add('client.base_url', verdict);
    }
    if (config.client.auth !== undefined) checkAuth(problems, 'client.auth', config.client.auth);
    if (config.client.paginator !== undefined)
      checkPaginator(problems, 'client.paginator', config.client.paginator);
    if (config.client.headers !== undefined && !isDict(config.client.headers)) {
      problems.add('client.headers', 'must be a dict');
    }
  }

  const defaults = config.resource_defaults ?? {};
  if (config.resource_defaults !== undefined) {
    if (!isDict(config.resource_defaults)) problems.add('resource_defaults', 'must be a dict');
    else checkResourceBase(problems, 'resource_defaults', config.resource_defaults, RESOURCE_BASE_KEYS);
  }

  if (!Array.isArray(config.resources) || (config.resources.length === 0 && !options.existingResources)) {
    problems.add('resources', 'give at least one resource');
    return problems.list;
  }
  const names = config.resources.map(resourceName);
  // each endpoint searched once (a spec makes thousands of resources)
  const parentsOf = config.resources.map((resource) =>
    isDict(resource) ? parentsReferenced(endpointOf(resource)) : [],
  );
  const known = new Set([...(options.existingResources ?? []), ...names.filter((n): n is string => !!n)]);
  const seen = new Set<string>();
  for (const [index, resource] of config.resources.entries()) {
    const name = names[index];
    const where = `resources[${index}]${name ? ` (${name})` : ''}`;
    if (name && seen.has(name))
      problems.add(where, `"${name}" is given twice; resource names must be unique`);
    if (name) seen.add(name);
    checkResource(problems, where, resource, name, { known, defaults, parents: parentsOf[index]! });
  }
  for (const cycle of parentCycles(names, parentsOf)) {
    problems.add(
      'resources',
      `${cycle.join(' -> ')} form a cycle of parents; dlt needs a first parent that has none`,
    );
  }
  return problems.list;
}

/** Each cycle of two or more resources that name one another as parents, once (a -> b -> a). */
function parentCycles(names: readonly (string | undefined)[], parentsOf: readonly string[][]): string[][] {
  const parentOf = new Map<string, string>();
  for (const [index, name] of names.entries()) {
    const [parent] = parentsOf[index]!;
    if (name && parent && parent !== name) parentOf.set(name, parent);
  }
  const cycles: string[][] = [];
  const reported = new Set<string>();
  for (const start of parentOf.keys()) {
    const path = [start];
    for (let next = parentOf.get(start); next !== undefined; next = parentOf.get(next)) {
      if (next === start) {
        if (!path.some((name) => reported.has(name))) cycles.push([...path, start]);
        for (const name of path) reported.add(name);
        break;
      }
      if (path.includes(next)) break;
      path.push(next);
    }
  }
  return cycles;
}
