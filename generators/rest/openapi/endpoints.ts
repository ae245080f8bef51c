/**
 * The GET endpoints of a spec as resource candidates: what each returns (its data selector and
 * primary key), its resource name, and for an endpoint with a path parameter the parent list
 * endpoint that fills it (`/items/{item_id}/comments` -> a child of `/items`, its item_id taken
 * from each item's id). The default selection: every list endpoint without path parameters, and
 * every endpoint whose path parameter such a parent fills.
 */
import { AUTH_CREDENTIAL_FIELDS, AUTH_SETTING_FIELDS } from '../../../shared/dlt/rest-vocabulary.js';
import { UsageError } from '../../../shared/plan/errors.js';
import { toSnakeIdentifier } from '../../../shared/python/naming.js';
import { nameKey, singular } from '../detect/names.js';
import { type DataSelector, detectDataSelector } from './data-selector.js';
import type { Operation, Param } from './document.js';
import { detectPrimaryKey, type PrimaryKey } from './primary-key.js';
import { isIntegerSchema, isStringSchema, propertiesOf } from './schema.js';

export interface ParentLink {
  /** The parent endpoint's path. */
  path: string;
  /**
   * The child's path parameters and the fields of the parent's records that fill them: the last
   * one the parent's own field, earlier ones what the parent took from its parent
   * (`_<grandparent>_<field>`, via include_from_parent).
   */
  bindings: { param: string; field: string }[];
}

export interface Endpoint {
  operation: Operation;
  name: string;
  selector?: DataSelector;
  primaryKey?: PrimaryKey;
  parent?: ParentLink;
  /**
   * Path parameters no parent fills, each read from a setting in config.toml (named after the
   * parameter, or after the one its parent reads for the same place in the path).
   */
  settings: { param: string; setting: string }[];
  /** Why it cannot be loaded at all (the spec does not declare a path parameter); undefined when it can. */
  blocked?: string;
}

// every endpoint's path is split many times (its depth, its parent, its name): once a path
const segmentsOf = new Map<string, readonly string[]>();
function segments(path: string): readonly string[] {
  let found = segmentsOf.get(path);
  if (!found) {
    found = path.split('/').filter(Boolean);
    segmentsOf.set(path, found);
  }
  return found;
}
const isParamSegment = (segment: string) => segment.startsWith('{') && /^\{[^}]+\}$/.test(segment);
const paramName = (segment: string) => segment.slice(1, -1);
/** A path with its parameter names blanked, so `/a/{id}` and `/a/{a_id}` compare equal. */
const shape = (path: string) =>
  segments(path)
    .map((s) => (isParamSegment(s) ? '{}' : s))
    .join('/');

/** The record field named as a path parameter is (`{item_id}`: item_id or itemId), or undefined. */
const fieldNamedAs = (param: string, properties: Readonly<Record<string, unknown>>) =>
  Object.keys(properties).find((field) => nameKey(field) === nameKey(param));

/** The parent record field that fills a path parameter, or undefined. */
function fillingField(param: string, parent: Endpoint, collection: string): string | undefined {
  const exact = fieldNamedAs(param, propertiesOf(parent.selector?.record));
  if (exact) return exact;
  const key = parent.primaryKey?.field;
  if (!key) return undefined;
  // {id}, {item_id}, {itemId}, {item_gid} for the key gid: the key, maybe after the item's name
  const suffix = [nameKey(key), 'id'].find((end) => nameKey(param).endsWith(end));
  if (!suffix) return undefined;
  const stem = nameKey(param).slice(0, -suffix.length);
  return ['', singular(nameKey(collection)), nameKey(collection)].includes(stem) ? key : undefined;
}

function staticSegments(path: string): string[] {
  return segments(path).filter((s) => !isParamSegment(s));
}

/** Resource names: the last static segment, made unique by more segments where two collide. */
function assignNames(endpoints: Endpoint[]): void {
  const base = (endpoint: Endpoint, depth: number): string => {
    const statics = staticSegments(endpoint.operation.path);
    const detail = isParamSegment(segments(endpoint.operation.path).at(-1) ?? '');
    const parts = statics.slice(-depth);
    const name = toSnakeIdentifier(parts.join('_') || endpoint.operation.operationId || 'root');
    return detail ? `${singular(name)}_details` : name;
  };
  const depthOf = new Map<Endpoint, number>(endpoints.map((e) => [e, 1]));
  // a round makes anew only the names of the endpoints that clashed in the one before
  const named = new Map<Endpoint, { depth: number; name: string }>();
  const nameAt = (endpoint: Endpoint, depth: number): string => {
    const known = named.get(endpoint);
    if (known?.depth === depth) return known.name;
    const name = base(endpoint, depth);
    named.set(endpoint, { depth, name });
    return name;
  };
  for (let round = 0; round < 6; round++) {
    const byName = new Map<string, Endpoint[]>();
    for (const endpoint of endpoints) {
      const name = nameAt(endpoint, depthOf.get(endpoint)!);
      const group = byName.get(name);
      if (group) group.push(endpoint);
      else byName.set(name, [endpoint]);
    }
    let clashes = false;
    for (const [name, group] of byName) {
      if (group.length === 1) {
        group[0]!.name = name;
        continue;
      }
      clashes = true;
      for (const endpoint of group) depthOf.set(endpoint, depthOf.get(endpoint)! + 1);
    }
    if (!clashes) return;
  }
  // still clashing (paths that differ only in parameters): number them in spec order
  const seen = new Map<string, number>();
  for (const endpoint of endpoints) {
    const count = (seen.get(endpoint.name) ?? 0) + 1;
    seen.set(endpoint.name, count);
    if (count > 1) endpoint.name = `${endpoint.name}_${count}`;
  }
}

/** Source arguments the client already takes: a path setting of the same name gets a suffix. */
const CLIENT_ARGUMENTS = new Set(['base_url', ...AUTH_CREDENTIAL_FIELDS, ...AUTH_SETTING_FIELDS]);

function settingName(param: string): string {
  const name = toSnakeIdentifier(param);
  return CLIENT_ARGUMENTS.has(name) ? `${name}_param` : name;
}

/**
 * A top-level list with no usual key whose records the spec addresses one at a time by a field
 * (`/currencies` and `/currencies/{code}`, records with `code`) is keyed by that field. Not a
 * child list's: `/projects/{id}/issues/{iid}` names an issue within its project only, and a merge
 * on such a key would fold together the issues of different projects.
 */
function keysFromDetailPaths(endpoints: readonly Endpoint[]): void {
  const lists = new Map(endpoints.map((e) => [segments(e.operation.path).join('/'), e]));
  for (const detail of endpoints) {
    const parts = segments(detail.operation.path);
    const last = parts.at(-1);
    if (!last || !isParamSegment(last) || parts.slice(0, -1).some(isParamSegment)) continue;
    const list = lists.get(parts.slice(0, -1).join('/'));
    if (!list?.selector?.isList || list.primaryKey) continue;
    const properties = propertiesOf(list.selector.record);
    const param = paramName(last);
    const field = fieldNamedAs(param, properties);
    const schema = field === undefined ? undefined : properties[field];
    if (field && (isStringSchema(schema) || isIntegerSchema(schema))) {
      list.primaryKey = { field, from: `one record is at ${detail.operation.path}` };
    }
  }
}

const pathParams = (operation: Operation): Param[] => operation.params.filter((p) => p.in === 'path');

export function resolveEndpoints(operations: readonly Operation[]): Endpoint[] {
  const endpoints: Endpoint[] = operations.map((operation) => {
    const oneRecord = isParamSegment(segments(operation.path).at(-1) ?? '');
    const selector = detectDataSelector(operation.response, oneRecord);
    return {
      operation,
      name: '',
      selector,
      primaryKey: detectPrimaryKey(selector?.record, staticSegments(operation.path).at(-1)),
      settings: [],
    };
  });
  keysFromDetailPaths(endpoints);
  // parents before children: a child list is a parent for the next level down
  const depth = new Map(
    endpoints.map((e) => [e, segments(e.operation.path).filter(isParamSegment).length] as const),
  );
  const byDepth = [...endpoints].sort((a, b) => depth.get(a)! - depth.get(b)!);
  const lists = new Map<string, Endpoint>();
  const ownField = new Map<Endpoint, { param: string; field: string }>();
  for (const endpoint of byDepth) {
    const parts = segments(endpoint.operation.path);
    const index = parts.findLastIndex(isParamSegment);
    const isList = endpoint.selector?.isList && !isParamSegment(parts.at(-1) ?? '');
    if (index < 0) {
      if (isList) lists.set(shape(endpoint.operation.path), endpoint);
      continue;
    }
    const parentPath = parts.slice(0, index);
    const parent = lists.get(shape(parentPath.join('/')));
    const param = paramName(parts[index]!);
    const field = parent ? fillingField(param, parent, parentPath.at(-1) ?? '') : undefined;
    if (parent && field) {
      endpoint.parent = { path: parent.operation.path, bindings: [] };
      ownField.set(endpoint, { param, field });
    } else {
      endpoint.settings = parts.filter(isParamSegment).map((segment) => {
        const name = paramName(segment);
        return { param: name, setting: settingName(name) };
      });
    }
    if (isList) lists.set(shape(endpoint.operation.path), endpoint);
  }
  for (const endpoint of endpoints) {
    const declared = pathParams(endpoint.operation).map((p) => p.name);
    const missing = segments(endpoint.operation.path)
      .filter(isParamSegment)
      .map(paramName)
      .filter((name) => declared.length > 0 && !declared.includes(name));
    if (missing.length > 0 && !endpoint.blocked)
      endpoint.blocked = `the spec does not declare {${missing.join('}, {')}}`;
  }
  assignNames(endpoints);
  const byPath = new Map(endpoints.map((e) => [e.operation.path, e]));
  // a parameter the parent got from its own parent is in the parent's records as
  // _<grandparent>_<field>; one the parent reads from a setting is read from the same setting
  const bind = (endpoint: Endpoint): void => {
    if (!endpoint.parent || endpoint.parent.bindings.length > 0) return;
    const parent = byPath.get(endpoint.parent.path)!;
    bind(parent);
    const grandparent = parent.parent && byPath.get(parent.parent.path);
    const parentParams = segments(parent.operation.path).filter(isParamSegment).map(paramName);
    const earlier = segments(endpoint.operation.path).filter(isParamSegment).slice(0, -1).map(paramName);
    earlier.forEach((param, i) => {
      const setting = parent.settings.find((s) => s.param === parentParams[i]);
      if (setting) {
        endpoint.settings.push({ param, setting: setting.setting });
        return;
      }
      const binding = parent.parent!.bindings.find((b) => b.param === parentParams[i])!;
      endpoint.parent!.bindings.push({ param, field: `_${grandparent?.name}_${binding.field}` });
    });
    endpoint.parent.bindings.push(ownField.get(endpoint)!);
  };
  for (const endpoint of endpoints) bind(endpoint);
  return endpoints;
}

/** Required query or header parameters that have no default or single enum value in the spec. */
export function unfilledRequired(endpoint: Endpoint): Param[] {
  return endpoint.operation.params.filter(
    (p) => p.required && (p.in === 'query' || p.in === 'header') && specValue(p)?.from !== 'default',
  );
}

/** The value the spec gives a parameter: its default or only enum value, else its example. */
export function specValue(
  param: Param,
): { value: string | number | boolean; from: 'default' | 'example' } | undefined {
  const { schema } = param;
  const isValue = (v: unknown): v is string | number | boolean =>
    ['string', 'number', 'boolean'].includes(typeof v);
  const only = Array.isArray(schema.enum) && schema.enum.length === 1 ? schema.enum[0] : undefined;
  if (isValue(schema.default)) return { value: schema.default, from: 'default' };
  if (isValue(only)) return { value: only, from: 'default' };
  return isValue(schema.example) ? { value: schema.example, from: 'example' } : undefined;
}

/**
 * The endpoints loaded when none are named: lists, and the children (and theirs) their records
 * fill; not those that need a setting for a path parameter (they are chosen by name).
 */
export function defaultSelection(endpoints: readonly Endpoint[]): Endpoint[] {
  const loadable = (e: Endpoint) =>
    !e.blocked && e.settings.length === 0 && e.selector && unfilledRequired(e).length === 0;
  const chosen = endpoints.filter((e) => loadable(e) && !e.parent && e.selector?.isList);
  const paths = new Set(chosen.map((e) => e.operation.path));
  for (let added = true; added; ) {
    added = false;
    for (const endpoint of endpoints) {
      if (paths.has(endpoint.operation.path) || !endpoint.parent || !paths.has(endpoint.parent.path))
        continue;
      if (!loadable(endpoint)) continue;
      chosen.push(endpoint);
      paths.add(endpoint.operation.path);
      added = true;
    }
  }
  return chosen;
}

/** The endpoints `names` (paths or operationIds) give, with the parents their children need. */
export function namedSelection(
  endpoints: readonly Endpoint[],
  names: readonly string[],
): { chosen: Endpoint[]; addedParents: Endpoint[] } {
  const byPath = new Map(endpoints.map((e) => [e.operation.path.replace(/^\/+/, ''), e]));
  const chosen: Endpoint[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const endpoint =
      byPath.get(name.replace(/^\/+/, '')) ?? endpoints.find((e) => e.operation.operationId === name);
    if (!endpoint) unknown.push(name);
    else if (!chosen.includes(endpoint)) chosen.push(endpoint);
  }
  if (unknown.length > 0) {
    const examples = endpoints
      .slice(0, 3)
      .map((e) => e.operation.path)
      .join(', ');
    throw new UsageError(
      `--endpoints: the spec has no GET endpoint ${unknown.map((n) => `"${n}"`).join(', ')}; give paths as the spec writes them (e.g. ${examples}) or operationIds.`,
    );
  }
  const blocked = chosen.filter((e) => e.blocked);
  if (blocked.length > 0) {
    throw new UsageError(
      `--endpoints: ${blocked.map((e) => `${e.operation.path} cannot be loaded as it is (${e.blocked})`).join('; ')}. Leave it out, or write it by hand with dlt:rest --resources.`,
    );
  }
  const addedParents: Endpoint[] = [];
  const withParents: Endpoint[] = [];
  const add = (endpoint: Endpoint) => {
    if (withParents.includes(endpoint)) return;
    if (endpoint.parent) {
      const parent = endpoints.find((e) => e.operation.path === endpoint.parent!.path)!;
      if (!chosen.includes(parent) && !addedParents.includes(parent)) addedParents.push(parent);
      add(parent);
    }
    withParents.push(endpoint);
  };
  for (const endpoint of chosen) add(endpoint);
  return { chosen: withParents, addedParents };
}
