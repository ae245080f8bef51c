/**
 * What dlt's declarative rest_api source accepts (dlt/sources/rest_api/typing.py, dlt 1.31), as
 * data: the keys of each part of a RESTAPIConfig, the auth and paginator types with their
 * parameters, and the names that hold secrets. Validation, the compact resource syntax and the
 * questions all read from here, so the three agree with each other and with dlt.
 */
import type { PyValue } from '../../shared/python-literal.js';

export type ConfigDict = { [key: string]: PyValue };

/** A RESTAPIConfig as plain data (what `rest_api_resources(config)` takes). */
export interface RestApiConfig {
  client: ConfigDict;
  resource_defaults?: ConfigDict;
  resources: (string | ConfigDict)[];
}

export type ParamKind = 'string' | 'int' | 'bool' | 'path';

export interface ParamSpec {
  kind: ParamKind;
  required?: boolean;
  /** Also accepts null (e.g. total_path: None stops on an empty page instead). */
  nullable?: boolean;
}

export const AUTH_TYPES = ['bearer', 'api_key', 'http_basic', 'oauth2_client_credentials'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export const AUTH_PARAMS: Record<AuthType, Record<string, ParamSpec>> = {
  bearer: { token: { kind: 'string', required: true } },
  api_key: {
    api_key: { kind: 'string', required: true },
    name: { kind: 'string' },
    location: { kind: 'string' },
  },
  http_basic: {
    username: { kind: 'string', required: true },
    password: { kind: 'string', required: true },
  },
  oauth2_client_credentials: {
    access_token_url: { kind: 'string', required: true },
    client_id: { kind: 'string', required: true },
    client_secret: { kind: 'string', required: true },
    access_token_request_data: { kind: 'path' },
    default_token_expiration: { kind: 'int' },
    access_token: { kind: 'string' },
  },
};

/** Where an API key may go; dlt also knows "cookie" but raises NotImplementedError for it. */
export const API_KEY_LOCATIONS = ['header', 'query', 'param'] as const;

/** Auth fields that identify or prove the account: they go to secrets.toml, never into code. */
export const AUTH_CREDENTIAL_FIELDS = new Set([
  'token',
  'api_key',
  'username',
  'password',
  'client_id',
  'client_secret',
  'access_token',
]);

/** Auth fields that are settings of where the API lives, read from config.toml. */
export const AUTH_SETTING_FIELDS = new Set(['access_token_url']);

export const PAGINATOR_TYPES = [
  'auto',
  'single_page',
  'json_link',
  'header_link',
  'header_cursor',
  'cursor',
  'offset',
  'page_number',
] as const;
export type PaginatorType = (typeof PAGINATOR_TYPES)[number];

const optionalPath: ParamSpec = { kind: 'path' };
const nullablePath: ParamSpec = { kind: 'path', nullable: true };

export const PAGINATOR_PARAMS: Record<PaginatorType, Record<string, ParamSpec>> = {
  auto: {},
  single_page: {},
  json_link: { next_url_path: optionalPath },
  header_link: { links_next_key: { kind: 'string' } },
  header_cursor: { cursor_key: { kind: 'string' }, cursor_param: { kind: 'string' } },
  cursor: {
    cursor_path: optionalPath,
    cursor_param: { kind: 'string' },
    cursor_body_path: optionalPath,
    stop_after_empty_page: { kind: 'bool' },
    has_more_path: optionalPath,
  },
  offset: {
    limit: { kind: 'int', required: true },
    offset: { kind: 'int' },
    offset_param: { kind: 'string' },
    offset_body_path: { kind: 'string' },
    limit_param: { kind: 'string' },
    limit_body_path: { kind: 'string' },
    total_path: nullablePath,
    maximum_offset: { kind: 'int' },
    stop_after_empty_page: { kind: 'bool' },
    has_more_path: optionalPath,
  },
  page_number: {
    base_page: { kind: 'int' },
    page: { kind: 'int' },
    page_param: { kind: 'string' },
    page_body_path: { kind: 'string' },
    total_path: nullablePath,
    maximum_page: { kind: 'int' },
    stop_after_empty_page: { kind: 'bool' },
    has_more_path: optionalPath,
  },
};

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

export const WRITE_DISPOSITIONS = ['append', 'replace', 'merge'] as const;
export const MERGE_STRATEGIES = ['delete-insert', 'scd2', 'upsert', 'insert-only', 'cdc'] as const;

/** Query parameter names dlt treats as sensitive (dlt/sources/helpers/rest_client/redaction.py). */
export const SENSITIVE_PARAMS = new Set([
  'api_key',
  'token',
  'key',
  'access_token',
  'apikey',
  'api-key',
  'access-token',
  'secret',
  'password',
  'pwd',
  'client_secret',
]);

/** Header names whose values are credentials. */
export function isSensitiveHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    lower === 'authorization' ||
    lower === 'proxy-authorization' ||
    lower === 'cookie' ||
    /(^|[-_])(api[-_]?key|token|secret|password|auth)([-_]|$)/.test(lower)
  );
}

/** `{resources.<parent>.<field>}` placeholders: how a child resource names its parent. */
export const PARENT_PLACEHOLDER = /\{resources\.([^.{}]+)\.([^{}]+)\}/g;

/** Parents named by `{resources.<parent>.<field>}` placeholders anywhere in a value. */
export function parentsReferenced(value: PyValue | undefined): string[] {
  const found = new Set<string>();
  const visit = (node: PyValue | undefined) => {
    if (typeof node === 'string') {
      for (const match of node.matchAll(PARENT_PLACEHOLDER)) found.add(match[1]!);
    } else if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (isDict(node)) {
      Object.values(node).forEach(visit);
    }
  };
  visit(value);
  return [...found];
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
