/**
 * The auth options given this run (--token, --api-key, --username ...) checked against the auth
 * that takes them: the one --auth chose, or the one a --spec file or an --openapi document gives.
 * An option that auth does not read is refused (exit 2) rather than dropped: a token that never
 * reaches secrets.toml fails the first run with 401.
 */
import type { AuthType } from '../../shared/dlt/rest-vocabulary.js';
import { UsageError } from '../../shared/plan/errors.js';
import type { PyValue } from '../../shared/python/literal.js';
import { toKebabCase } from '../../shared/python/naming.js';
import { isDict, type RestApiConfig } from './vocabulary.js';

/** Each auth option: the auth type that reads it and the field of that auth it fills. */
const AUTH_OPTION_FIELDS: Record<string, { type: AuthType; field: string }> = {
  token: { type: 'bearer', field: 'token' },
  apiKeyLocation: { type: 'api_key', field: 'location' },
  apiKeyName: { type: 'api_key', field: 'name' },
  apiKey: { type: 'api_key', field: 'api_key' },
  username: { type: 'http_basic', field: 'username' },
  password: { type: 'http_basic', field: 'password' },
  tokenUrl: { type: 'oauth2_client_credentials', field: 'access_token_url' },
  clientId: { type: 'oauth2_client_credentials', field: 'client_id' },
  clientSecret: { type: 'oauth2_client_credentials', field: 'client_secret' },
};

/** The options a spec's auth takes its values from: the others are where the spec gives them. */
const FILLED_FROM_OPTIONS = new Set(['token', 'apiKey', 'username', 'password', 'clientId', 'clientSecret']);

const flag = (option: string) => `--${toKebabCase(option)}`;

function optionsOf(type: AuthType, options: readonly string[]): string {
  const taken = Object.keys(AUTH_OPTION_FIELDS).filter(
    (option) => AUTH_OPTION_FIELDS[option]!.type === type && options.includes(option),
  );
  return taken.map(flag).join(', ');
}

/**
 * Refuses the auth options given (by option name, with their values) that the auth chosen with
 * --auth does not read: `--token` with `--auth api_key`, or with no --auth at all.
 */
export function checkAuthOptions(auth: string, given: Readonly<Record<string, unknown>>): void {
  const unused = Object.keys(given).filter((option) => AUTH_OPTION_FIELDS[option]?.type !== auth);
  if (unused.length === 0) return;
  const problems = unused.map((option) => {
    const reader = AUTH_OPTION_FIELDS[option]!.type;
    const takes =
      auth === 'none'
        ? ''
        : ` (--auth ${auth} takes ${optionsOf(auth as AuthType, Object.keys(AUTH_OPTION_FIELDS))})`;
    return `${flag(option)} goes with --auth ${reader}, not with ${auth === 'none' ? 'no auth' : `--auth ${auth}`}${takes}`;
  });
  throw new UsageError(
    `Auth options this run would not use; nothing was written:\n  ${problems.join('\n  ')}\n` +
      'Give the --auth they go with, or leave them out.',
  );
}

/**
 * The credentials the options give for the auth a spec or an OpenAPI document declares, by the
 * auth field each fills (token, api_key ...); `source` names that document in the errors.
 * Refuses an option that auth does not read, naming the ones it does.
 */
export function credentialsForSpecAuth(
  auth: PyValue | undefined,
  given: Readonly<Record<string, unknown>>,
  source: string,
): Record<string, string> {
  const options = Object.keys(given);
  if (options.length === 0) return {};
  const type = isDict(auth)
    ? ((typeof auth.type === 'string' ? auth.type : 'bearer') as AuthType)
    : undefined;
  const refuse = (refused: readonly string[], why: string) => {
    throw new UsageError(`${refused.map(flag).join(', ')}: ${why}. Nothing was written.`);
  };
  if (!type)
    return refuse(options, `${source} declares no auth that takes credentials, so there is nothing to fill`);
  const placed = options.filter((option) => !FILLED_FROM_OPTIONS.has(option));
  if (placed.length > 0) {
    return refuse(
      placed,
      `${source} gives the ${type} auth's ${placed.map((o) => AUTH_OPTION_FIELDS[o]!.field).join(' and ')}; ` +
        `only its credentials come from options (${optionsOf(type, [...FILLED_FROM_OPTIONS]) || 'none'})`,
    );
  }
  const wrong = options.filter((option) => AUTH_OPTION_FIELDS[option]!.type !== type);
  if (wrong.length > 0) {
    const takes = optionsOf(type, [...FILLED_FROM_OPTIONS]);
    return refuse(wrong, `${source} declares ${type} auth, which takes ${takes}`);
  }
  return Object.fromEntries(
    options.map((option) => [AUTH_OPTION_FIELDS[option]!.field, String(given[option])]),
  );
}

/**
 * The credentials an --answers file gives that the spec's auth takes. The file may hold answers
 * for other runs and generators, so the ones this auth does not take are not an error.
 */
export function fittingCredentials(
  auth: PyValue | undefined,
  answered: Readonly<Record<string, unknown>>,
): Record<string, string> {
  if (!isDict(auth)) return {};
  const type = typeof auth.type === 'string' ? auth.type : 'bearer';
  const fitting = Object.keys(answered).filter(
    (option) => FILLED_FROM_OPTIONS.has(option) && AUTH_OPTION_FIELDS[option]!.type === type,
  );
  return Object.fromEntries(
    fitting.map((option) => [AUTH_OPTION_FIELDS[option]!.field, String(answered[option])]),
  );
}

/** The auth options among these option names (camelCase). */
export const AUTH_OPTION_NAMES = Object.keys(AUTH_OPTION_FIELDS);

/**
 * The config with the credentials given this run in its client's auth, by auth field: what the
 * probe sends (the config itself keeps the placeholders, the credentials go to secrets.toml).
 */
export function withCredentials(
  config: RestApiConfig,
  credentials: Readonly<Record<string, string>> | undefined,
): RestApiConfig {
  const auth = config.client.auth;
  if (!isDict(auth) || !credentials || Object.keys(credentials).length === 0) return config;
  const filled = Object.fromEntries(Object.entries(credentials).filter(([field]) => field in auth));
  return { ...config, client: { ...config.client, auth: { ...auth, ...filled } } };
}
