/**
 * The auth and paginator types of dlt's REST support, as dlt names them (the `type` of an auth or
 * paginator in dlt/sources/rest_api/typing.py, dlt 1.31), with the parameters of the class behind
 * each (dlt/sources/helpers/rest_client) and the defaults generated code spells out. dlt:rest
 * writes them as rest_api config dicts, dlt:custom as RESTClient calls.
 */

export type ParamKind = 'string' | 'int' | 'bool' | 'path';
export type ParamValue = string | number | boolean | null;

export interface ParamSpec {
  kind: ParamKind;
  required?: boolean;
  /** Also accepts null (e.g. total_path: None stops on an empty page instead). */
  nullable?: boolean;
}

export const AUTH_TYPES = ['bearer', 'api_key', 'http_basic', 'oauth2_client_credentials'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

/** The class of dlt.sources.helpers.rest_client.auth for each auth type. */
export const AUTH_CLASSES: Record<AuthType, string> = {
  bearer: 'BearerTokenAuth',
  api_key: 'APIKeyAuth',
  http_basic: 'HttpBasicAuth',
  oauth2_client_credentials: 'OAuth2ClientCredentials',
};

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

/** Where an API key may go; dlt also knows "cookie" but raises NotImplementedError for it. */
export const API_KEY_LOCATIONS = ['header', 'query', 'param'] as const;

/** The locations the generators offer: "param" is dlt's other name for "query". */
export const API_KEY_LOCATION_CHOICES = ['header', 'query'] as const;

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

/** The paginators as a prompt offers them, each with what it means. */
export const PAGINATOR_CHOICES: readonly { value: PaginatorType; name: string }[] = [
  { value: 'auto', name: 'auto: let dlt detect it from the first response' },
  { value: 'single_page', name: 'single_page: everything in one response' },
  { value: 'json_link', name: 'json_link: the URL of the next page is in the JSON body' },
  { value: 'header_link', name: 'header_link: the next page is in the Link header' },
  { value: 'header_cursor', name: 'header_cursor: a cursor in a response header' },
  { value: 'cursor', name: 'cursor: a cursor in the JSON body, sent back as a parameter' },
  { value: 'offset', name: 'offset: offset and limit parameters' },
  { value: 'page_number', name: 'page_number: a page parameter' },
];

export interface PaginatorSpec {
  /** The class of dlt.sources.helpers.rest_client.paginators; none for auto (dlt detects it). */
  className?: string;
  /** The parameters the class takes, in the order of its signature. */
  params: Record<string, ParamSpec>;
  /** What generated code spells out, so the reader sees what to adapt. */
  defaults: Record<string, ParamValue>;
}

const optionalPath: ParamSpec = { kind: 'path' };
const nullablePath: ParamSpec = { kind: 'path', nullable: true };

export const PAGINATORS: Record<PaginatorType, PaginatorSpec> = {
  auto: { params: {}, defaults: {} },
  single_page: { className: 'SinglePagePaginator', params: {}, defaults: {} },
  json_link: {
    className: 'JSONLinkPaginator',
    params: { next_url_path: optionalPath },
    defaults: { next_url_path: 'next' },
  },
  header_link: {
    className: 'HeaderLinkPaginator',
    params: { links_next_key: { kind: 'string' } },
    defaults: {},
  },
  header_cursor: {
    className: 'HeaderCursorPaginator',
    params: { cursor_key: { kind: 'string' }, cursor_param: { kind: 'string' } },
    defaults: { cursor_key: 'next', cursor_param: 'cursor' },
  },
  cursor: {
    className: 'JSONResponseCursorPaginator',
    params: {
      cursor_path: optionalPath,
      cursor_param: { kind: 'string' },
      cursor_body_path: optionalPath,
      stop_after_empty_page: { kind: 'bool' },
      has_more_path: optionalPath,
    },
    defaults: { cursor_path: 'cursors.next', cursor_param: 'cursor' },
  },
  offset: {
    className: 'OffsetPaginator',
    params: {
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
    defaults: { limit: 100, offset_param: 'offset', limit_param: 'limit', total_path: 'total' },
  },
  page_number: {
    className: 'PageNumberPaginator',
    params: {
      base_page: { kind: 'int' },
      page: { kind: 'int' },
      page_param: { kind: 'string' },
      page_body_path: { kind: 'string' },
      total_path: nullablePath,
      maximum_page: { kind: 'int' },
      stop_after_empty_page: { kind: 'bool' },
      has_more_path: optionalPath,
    },
    defaults: { base_page: 1, page_param: 'page', total_path: 'total' },
  },
};

/** The parameters that place the paging in a JSON request body (for POST); a GET has none. */
export const isBodyPathParam = (name: string) => name.endsWith('_body_path');
