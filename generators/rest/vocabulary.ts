/**
 * What dlt's declarative rest_api source accepts (dlt/sources/rest_api/typing.py, dlt 1.31), as
 * data: the keys of each part of a RESTAPIConfig and the names that hold secrets; the auth and
 * paginator types with their parameters are in shared/dlt/rest-vocabulary.ts (dlt:custom uses them
 * too). Validation, the compact resource syntax and the questions all read from these, so the
 * three agree with each other and with dlt.
 */

import type { PaginatorType } from '../../shared/dlt/rest-vocabulary.js';
import { PyCode, type PyValue } from '../../shared/python/literal.js';

export type ConfigDict = { [key: string]: PyValue };

/** A RESTAPIConfig as plain data (what `rest_api_resources(config)` takes). */
export interface RestApiConfig {
  client: ConfigDict;
  resource_defaults?: ConfigDict;
  resources: (string | ConfigDict)[];
}

/** Deprecated paginator names dlt still takes, and what to write instead. */
export const DEPRECATED_PAGINATORS: Record<string, PaginatorType> = { json_response: 'json_link' };

export const CLIENT_KEYS = new Set(['base_url', 'headers', 'auth', 'paginator']);

export const ENDPOINT_KEYS = new Set([
  'path',
  'method',
  'params',
  'json',
  'data',
  'paginator',
  'data_selector',
  'response_actions',
  'incremental',
  'auth',
  'headers',
]);

export const HTTP_METHODS = ['GET', 'POST'] as const;

export const INCREMENTAL_KEYS = new Set([
  'cursor_path',
  'initial_value',
  'end_value',
  'last_value_func',
  'primary_key',
  'row_order',
  'allow_external_schedulers',
  'lag',
  'on_cursor_value_missing',
  'range_start',
  'range_end',
  'start_param',
  'end_param',
]);

/** Keys of resource_defaults (EndpointResourceBase); a resource adds `name`. */
export const RESOURCE_BASE_KEYS = new Set([
  'endpoint',
  'include_from_parent',
  'selected',
  'parallelized',
  'max_table_nesting',
  'table_name',
  'write_disposition',
  'parent_table_name',
  'primary_key',
  'merge_key',
  'columns',
  'schema_contract',
  'table_format',
  'file_format',
  'references',
  'nested_hints',
]);

/** `{resources.<parent>.<field>}` placeholders: how a child resource names its parent. */
export const PARENT_PLACEHOLDER = /\{resources\.([^.{}]+)\.([^{}]+)\}/g;

/** Parents named by `{resources.<parent>.<field>}` placeholders anywhere in a value (or in code). */
export function parentsReferenced(value: PyValue | undefined): string[] {
  const found: string[] = [];
  collectParents(value, found);
  return found;
}

// asked several times about each of thousands of resources (a spec's): no closure or set per call
function collectParents(node: PyValue | undefined, found: string[]): void {
  if (typeof node === 'string' || node instanceof PyCode) {
    // an f-string path (dlt:rest --openapi) holds the placeholder as {{resources.<parent>.<field>}}
    const text = typeof node === 'string' ? node : node.code;
    // most strings hold no placeholder: the search for one is cheaper than the match
    if (!text.includes('{resources.')) return;
    for (const match of text.matchAll(PARENT_PLACEHOLDER)) {
      if (!found.includes(match[1]!)) found.push(match[1]!);
    }
  } else if (Array.isArray(node)) {
    for (const item of node) collectParents(item, found);
  } else if (isDict(node)) {
    for (const key in node) collectParents(node[key], found);
  }
}

export function isDict(value: unknown): value is ConfigDict {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}

/** The name of a resource as given in `resources` (a string is its own name and path). */
export function resourceName(resource: string | ConfigDict): string | undefined {
  if (typeof resource === 'string') return resource;
  return typeof resource.name === 'string' ? resource.name : undefined;
}

/** The resource's endpoint as a dict (a string endpoint is its path). */
export function endpointOf(resource: ConfigDict): ConfigDict {
  const endpoint = resource.endpoint;
  if (typeof endpoint === 'string') return { path: endpoint };
  return isDict(endpoint) ? endpoint : {};
}
