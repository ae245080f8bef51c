/**
 * The one rule for "this name holds a secret": a query parameter, header, auth field or spec
 * property so named has its value moved to secrets.toml, never written into code or config.toml.
 * Used by dlt:rest (its --spec and answers), the OpenAPI reader and the live probe alike.
 *
 * A name is split into words (snake_case, kebab-case, camelCase, dots); it is secret when a word
 * is one of SECRET_WORDS (token, secret, password, key, auth, session, signature, credential,
 * private ...), or the whole name is a known credential header. Erring on the side of a secret is
 * cheap (a value in secrets.toml still works); the other way leaks.
 */

const SECRET_WORDS = new Set([
  'token',
  'tokens',
  'secret',
  'secrets',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'pass',
  'key',
  'keys',
  'apikey',
  'auth',
  'authorization',
  'authentication',
  'session',
  'sessionid',
  'sid',
  'signature',
  'sig',
  'credential',
  'credentials',
  'private',
  'cookie',
  'jwt',
  'bearer',
  'otp',
  'accesstoken',
  'authtoken',
  'refreshtoken',
  'clientsecret',
  'secretkey',
  'accesskey',
  'privatekey',
]);

/** Credential headers whose words alone would not all say so. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
  'x-access-token',
  'ocp-apim-subscription-key',
  'x-functions-key',
  'x-goog-api-key',
  'x-csrf-token',
]);

/** The words of a name: `Ocp-Apim-Subscription-Key` gives ocp, apim, subscription, key. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function isSecretName(name: string): boolean {
  if (SECRET_HEADERS.has(name.toLowerCase())) return true;
  return nameWords(name).some((word) => SECRET_WORDS.has(word));
}
