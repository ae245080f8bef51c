/**
 * What the generated source hands to dlt's RESTClient (dlt/sources/helpers/rest_client, dlt 1.31):
 * the auth classes with the source arguments they need, and the paginator classes with their
 * parameters. The vocabulary (types, classes, parameters, defaults) is dlt's, shared with dlt:rest.
 */

import {
  type API_KEY_LOCATION_CHOICES,
  AUTH_CLASSES,
  AUTH_TYPES as DLT_AUTH_TYPES,
  isBodyPathParam,
  PAGINATORS,
  type PaginatorType,
  type ParamSpec,
  type ParamValue,
} from '../../shared/dlt/rest-vocabulary.js';
import { call, type PyCall, type PyExpr } from '../../shared/python/code.js';
import { pyCode } from '../../shared/python/literal.js';

/** What --auth takes: one of dlt's auth types, or none. */
export const AUTH_TYPES = ['none', ...DLT_AUTH_TYPES] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export type ApiKeyLocation = (typeof API_KEY_LOCATION_CHOICES)[number];

export interface SourceArgument {
  name: string;
  secret: boolean;
  /** Written next to the placeholder in the TOML file. */
  comment?: string;
  /** The Python type of the argument; str when not given. */
  type?: 'str' | 'int' | 'float' | 'bool';
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

/** The `auth=` value of the RESTClient, built from the source arguments. */
export function authExpression(auth: AuthSettings): PyCall | undefined {
  switch (auth.type) {
    case 'none':
      return undefined;
    case 'bearer':
      return call(AUTH_CLASSES.bearer, [], { token: pyCode('access_token') });
    case 'api_key':
      return call(AUTH_CLASSES.api_key, [], {
        name: auth.apiKeyName,
        api_key: pyCode('api_key'),
        location: auth.apiKeyLocation,
      });
    case 'http_basic':
      return call(AUTH_CLASSES.http_basic, [], {
        username: pyCode('username'),
        password: pyCode('password'),
      });
    case 'oauth2_client_credentials':
      return call(AUTH_CLASSES.oauth2_client_credentials, [], {
        access_token_url: pyCode('access_token_url'),
        client_id: pyCode('client_id'),
        client_secret: pyCode('client_secret'),
      });
  }
}

/**
 * The parameters a paginator of the generated source takes, in order: the class's own, but for
 * those that page a JSON request body (the generated source pages GET requests).
 */
export function paginatorParams(type: PaginatorType): Record<string, ParamSpec> {
  return Object.fromEntries(
    Object.entries(PAGINATORS[type].params).filter(([name]) => !isBodyPathParam(name)),
  );
}

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
  const known = paginatorParams(type);
  const params: Record<string, ParamValue> = { ...PAGINATORS[type].defaults };
  for (const token of text.split(/[\s,]+/).filter(Boolean)) {
    const match = /^([a-z_]+)=(.*)$/.exec(token);
    const spec = match ? known[match[1]!] : undefined;
    if (!match || !spec) {
      const allowed = Object.keys(known);
      return allowed.length === 0
        ? `the ${type} paginator takes no options (got "${token}")`
        : `"${token}" is not an option of the ${type} paginator; use key=value with: ${allowed.join(', ')}`;
    }
    const [, key, raw] = match as unknown as [string, string, string];
    const value = parseParam(spec, raw);
    if (value === undefined) return `${key}=${raw}: ${paramRule(spec)}`;
    params[key] = value;
  }
  return params;
}

function paramRule(spec: ParamSpec): string {
  if (spec.nullable) return 'give a JSON path, or none';
  if (spec.kind === 'int') return 'give a whole number';
  if (spec.kind === 'bool') return 'give true or false';
  return 'give a non-empty value';
}

function parseParam(spec: ParamSpec, raw: string): ParamValue | undefined {
  if (raw === '') return undefined;
  if (spec.kind === 'int') return /^-?\d+$/.test(raw) ? Number(raw) : undefined;
  if (spec.kind === 'bool') return raw === 'true' ? true : raw === 'false' ? false : undefined;
  if (spec.nullable && /^(none|null)$/i.test(raw)) return null;
  return raw;
}

/** The `paginator=` value of the RESTClient; undefined lets dlt detect it from the first response. */
export function paginatorExpression(paginator: PaginatorSettings): PyExpr | undefined {
  const { className } = PAGINATORS[paginator.type];
  if (!className) return undefined;
  const order = Object.keys(paginatorParams(paginator.type));
  const keywords: Record<string, PyExpr> = {};
  for (const key of order) if (key in paginator.params) keywords[key] = paginator.params[key]!;
  return call(className, [], keywords);
}
