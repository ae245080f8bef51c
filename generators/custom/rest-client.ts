/**
 * What the generated source hands to dlt's RESTClient (dlt/sources/helpers/rest_client, dlt 1.31):
 * the auth classes with the source arguments they need, and the paginator classes with their
 * parameters. Type names follow dlt's rest_api vocabulary, as dlt:rest does.
 */
import { call, code, type PyCall, type PyExpr } from './python-code.js';

export const AUTH_TYPES = ['none', 'bearer', 'api_key', 'http_basic', 'oauth2_client_credentials'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export const API_KEY_LOCATIONS = ['header', 'query'] as const;
export type ApiKeyLocation = (typeof API_KEY_LOCATIONS)[number];

export interface SourceArgument {
  name: string;
  secret: boolean;
  /** Written next to the placeholder in the TOML file. */
  comment?: string;
}

export interface AuthSettings {
  type: AuthType;
  apiKeyName: string;
  apiKeyLocation: ApiKeyLocation;
}

/** The source arguments an auth type reads: credentials from secrets.toml, the token URL from config.toml. */
export function authArguments(type: AuthType): SourceArgument[] {
  switch (type) {
    case 'none':
      return [];
    case 'bearer':
      return [
        { name: 'access_token', secret: true, comment: 'the API token, sent as "Authorization: Bearer ..."' },
      ];
    case 'api_key':
      return [{ name: 'api_key', secret: true, comment: 'the API key' }];
    case 'http_basic':
      return [
        { name: 'username', secret: true, comment: 'the API user (HTTP basic auth)' },
        { name: 'password', secret: true, comment: "the API user's password" },
      ];
    case 'oauth2_client_credentials':
      return [
        { name: 'access_token_url', secret: false, comment: 'where the client credentials get a token' },
        { name: 'client_id', secret: true, comment: 'the OAuth2 client id' },
        { name: 'client_secret', secret: true, comment: 'the OAuth2 client secret' },
      ];
  }
}

export const AUTH_CLASSES: Record<Exclude<AuthType, 'none'>, string> = {
  bearer: 'BearerTokenAuth',
  api_key: 'APIKeyAuth',
  http_basic: 'HttpBasicAuth',
  oauth2_client_credentials: 'OAuth2ClientCredentials',
};

/** The `auth=` value of the RESTClient, built from the source arguments. */
export function authExpression(auth: AuthSettings): PyCall | undefined {
  switch (auth.type) {
    case 'none':
      return undefined;
    case 'bearer':
      return call('BearerTokenAuth', [], { token: code('access_token') });
    case 'api_key':
      return call('APIKeyAuth', [], {
        name: auth.apiKeyName,
        api_key: code('api_key'),
        location: auth.apiKeyLocation,
      });
    case 'http_basic':
      return call('HttpBasicAuth', [], { username: code('username'), password: code('password') });
    case 'oauth2_client_credentials':
      return call('OAuth2ClientCredentials', [], {
        access_token_url: code('access_token_url'),
        client_id: code('client_id'),
        client_secret: code('client_secret'),
      });
  }
}

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

type ParamKind = 'string' | 'int' | 'bool' | 'nullable-string';
export type ParamValue = string | number | boolean | null;

interface PaginatorSpec {
  className?: string;
  /** Parameters the class takes, in the order they are written. */
  params: Record<string, ParamKind>;
  /** What the generated code spells out, so the reader sees what to adapt. */
  defaults: Record<string, ParamValue>;
}

export const PAGINATORS: Record<PaginatorType, PaginatorSpec> = {
  auto: { params: {}, defaults: {} },
  single_page: { className: 'SinglePagePaginator', params: {}, defaults: {} },
  json_link: {
    className: 'JSONLinkPaginator',
    params: { next_url_path: 'string' },
    defaults: { next_url_path: 'next' },
  },
  header_link: { className: 'HeaderLinkPaginator', params: { links_next_key: 'string' }, defaults: {} },
  header_cursor: {
    className: 'HeaderCursorPaginator',
    params: { cursor_key: 'string', cursor_param: 'string' },
    defaults: { cursor_key: 'next', cursor_param: 'cursor' },
  },
  cursor: {
    className: 'JSONResponseCursorPaginator',
    params: {
      cursor_path: 'string',
      cursor_param: 'string',
      stop_after_empty_page: 'bool',
      has_more_path: 'string',
    },
    defaults: { cursor_path: 'cursors.next', cursor_param: 'cursor' },
  },
  offset: {
    className: 'OffsetPaginator',
    params: {
      limit: 'int',
      offset: 'int',
      offset_param: 'string',
      limit_param: 'string',
      total_path: 'nullable-string',
      maximum_offset: 'int',
      stop_after_empty_page: 'bool',
      has_more_path: 'string',
    },
    defaults: { limit: 100, offset_param: 'offset', limit_param: 'limit', total_path: 'total' },
  },
  page_number: {
    className: 'PageNumberPaginator',
    params: {
      base_page: 'int',
      page: 'int',
      page_param: 'string',
      total_path: 'nullable-string',
      maximum_page: 'int',
      stop_after_empty_page: 'bool',
      has_more_path: 'string',
    },
    defaults: { base_page: 1, page_param: 'page', total_path: 'total' },
  },
};

export interface PaginatorSettings {
  type: PaginatorType;
  params: Record<string, ParamValue>;
}

/** The paginator's defaults as the `k=v ...` text --paginator-options takes. */
export function defaultPaginatorOptions(type: PaginatorType): string {
  return Object.entries(PAGINATORS[type].defaults)
    .map(([key, value]) => `${key}=${value === null ? 'none' : String(value)}`)
    .join(' ');
}

/**
 * Parses `k=v k=v` (blanks or commas between) for a paginator type, over its defaults.
 * Returns the parameters, or a message that says what is allowed.
 */
export function parsePaginatorOptions(
  type: PaginatorType,
  text: string,
): Record<string, ParamValue> | string {
  const spec = PAGINATORS[type];
  const params: Record<string, ParamValue> = { ...spec.defaults };
  for (const token of text.split(/[\s,]+/).filter(Boolean)) {
    const match = /^([a-z_]+)=(.*)$/.exec(token);
    const kind = match ? spec.params[match[1]!] : undefined;
    if (!match || !kind) {
      const allowed = Object.keys(spec.params);
      return allowed.length === 0
        ? `the ${type} paginator takes no options (got "${token}")`
        : `"${token}" is not an option of the ${type} paginator; use key=value with: ${allowed.join(', ')}`;
    }
    const [, key, raw] = match as unknown as [string, string, string];
    const value = parseParam(kind, raw);
    if (value === undefined) return `${key}=${raw}: ${PARAM_RULES[kind]}`;
    params[key] = value;
  }
  return params;
}

const PARAM_RULES: Record<ParamKind, string> = {
  string: 'give a non-empty value',
  'nullable-string': 'give a JSON path, or none',
  int: 'give a whole number',
  bool: 'give true or false',
};

function parseParam(kind: ParamKind, raw: string): ParamValue | undefined {
  if (raw === '') return undefined;
  if (kind === 'int') return /^-?\d+$/.test(raw) ? Number(raw) : undefined;
  if (kind === 'bool') return raw === 'true' ? true : raw === 'false' ? false : undefined;
  if (kind === 'nullable-string' && /^(none|null)$/i.test(raw)) return null;
  return raw;
}

/** The `paginator=` value of the RESTClient; undefined lets dlt detect it from the first response. */
export function paginatorExpression(paginator: PaginatorSettings): PyExpr | undefined {
  const { className } = PAGINATORS[paginator.type];
  if (!className) return undefined;
  const order = Object.keys(PAGINATORS[paginator.type].params);
  const keywords: Record<string, PyExpr> = {};
  for (const key of order) if (key in paginator.params) keywords[key] = paginator.params[key]!;
  return call(className, [], keywords);
}
