/**
 * Takes the values that must not live in code out of a RESTAPIConfig: the base URL and token URL
 * become settings read from config.toml, credentials (auth fields, sensitive headers and query
 * parameters) become secrets read from secrets.toml. Each one turns into an argument of the
 * generated @dlt.source (`dlt.config.value` / `dlt.secrets.value`) that the config refers to.
 */

import {
  AUTH_CREDENTIAL_FIELDS,
  AUTH_PARAMS,
  AUTH_SETTING_FIELDS,
  type AuthType,
} from '../../shared/dlt/rest-vocabulary.js';
import { isSecretName } from '../../shared/dlt/secret-names.js';
import { type PyValue, pyCode } from '../../shared/python/literal.js';
import { toSnakeIdentifier } from '../../shared/python/naming.js';
import { isPlaceholder, PLACEHOLDER } from '../../shared/toml/placeholders.js';
import { type ConfigDict, isDict, type RestApiConfig } from './vocabulary.js';

/** One argument of the generated source function, and the TOML key dlt fills it from. */
export interface SourceArg {
  name: string;
  secret: boolean;
  /** The value for the TOML file: what the user gave, or the placeholder. */
  value: string;
  /** What it is, for the comment next to a placeholder. */
  comment: string;
}

export interface ExtractedSettings {
  /** The config with those values replaced by references to the source's arguments. */
  config: RestApiConfig;
  args: SourceArg[];
  /** Literal secrets found in the input (a spec file), now moved to secrets.toml. */
  movedSecrets: string[];
}

const FIELD_LABELS: Record<string, string> = {
  base_url: 'base URL of the API',
  access_token_url: 'OAuth2 token URL',
  token: 'bearer token',
  api_key: 'API key',
  username: 'user name',
  password: 'password',
  client_id: 'OAuth2 client id',
  client_secret: 'OAuth2 client secret',
  access_token: 'OAuth2 access token',
};

class ArgCollector {
  readonly args: SourceArg[] = [];
  readonly movedSecrets: string[] = [];

  constructor(readonly flagLiterals: boolean) {}

  /** Registers an argument for `value` found at `where`; returns the code that reads it. */
  take(baseName: string, where: string, value: PyValue | undefined, secret: boolean, what: string): PyValue {
    const name = this.uniqueName(toSnakeIdentifier(baseName));
    const given = typeof value === 'string' && value.trim() !== '' && !isPlaceholder(value);
    if (secret && given && this.flagLiterals) this.movedSecrets.push(where);
    this.args.push({
      name,
      secret,
      value: given ? (value as string) : PLACEHOLDER,
      comment: what,
    });
    return pyCode(name);
  }

  private uniqueName(base: string): string {
    let name = base;
    for (let n = 2; this.args.some((arg) => arg.name === name); n++) name = `${base}_${n}`;
    return name;
  }
}

/**
 * A value dlt computes at run time from its own placeholders, e.g. "Bearer {resources.x.token}",
 * stays. Any other brace (a password "p{w}d") is part of a secret and goes to secrets.toml.
 */
const isTemplate = (value: PyValue | undefined) =>
  typeof value === 'string' &&
  DLT_PLACEHOLDER.test(value) &&
  [...value.matchAll(/\{([^{}]*)\}/g)].every((match) => DLT_PLACEHOLDER_BODY.test(match[1]!));
const DLT_PLACEHOLDER = /\{[^{}]+\}/;
const DLT_PLACEHOLDER_BODY = /^(resources\.[^.{}]+\.[^{}]+|incremental\.[a-z_]+)$/;

function extractAuth(
  auth: PyValue | undefined,
  prefix: string,
  where: string,
  collector: ArgCollector,
): PyValue | undefined {
  if (!isDict(auth)) return auth;
  const type = (typeof auth.type === 'string' ? auth.type : 'bearer') as AuthType;
  const fields = AUTH_PARAMS[type] ?? {};
  const result: ConfigDict = { ...auth };
  const names = new Set([
    ...Object.keys(auth),
    ...Object.entries(fields)
      .filter(([, s]) => s.required)
      .map(([k]) => k),
  ]);
  for (const field of names) {
    const value = auth[field];
    const label = FIELD_LABELS[field] ?? field.replace(/_/g, ' ');
    // an answer to a secret question is a secret whatever it holds; only a spec may use dlt's placeholders
    if (AUTH_CREDENTIAL_FIELDS.has(field) && !(collector.flagLiterals && isTemplate(value))) {
      result[field] = collector.take(`${prefix}${field}`, `${where}.${field}`, value, true, label);
    } else if (AUTH_SETTING_FIELDS.has(field) && !isTemplate(value)) {
      result[field] = collector.take(`${prefix}${field}`, `${where}.${field}`, value, false, label);
    }
  }
  return result;
}

function extractSensitive(
  entries: PyValue | undefined,
  isSensitive: (name: string) => boolean,
  prefix: string,
  where: string,
  collector: ArgCollector,
): PyValue | undefined {
  if (!isDict(entries)) return entries;
  const result: ConfigDict = { ...entries };
  for (const [name, value] of Object.entries(entries)) {
    if (!isSensitive(name) || typeof value !== 'string' || isTemplate(value)) continue;
    result[name] = collector.take(`${prefix}${name}`, `${where}.${name}`, value, true, `${name} (${where})`);
  }
  return result;
}

function extractEndpoint(
  endpoint: PyValue | undefined,
  prefix: string,
  where: string,
  collector: ArgCollector,
): PyValue | undefined {
  if (!isDict(endpoint)) return endpoint;
  const result: ConfigDict = { ...endpoint };
  if (endpoint.auth !== undefined)
    result.auth = extractAuth(endpoint.auth, prefix, `${where}.auth`, collector) as PyValue;
  if (endpoint.headers !== undefined) {
    result.headers = extractSensitive(
      endpoint.headers,
      isSecretName,
      prefix,
      `${where}.headers`,
      collector,
    ) as PyValue;
  }
  if (endpoint.params !== undefined) {
    result.params = extractSensitive(
      endpoint.params,
      isSecretName,
      prefix,
      `${where}.params`,
      collector,
    ) as PyValue;
  }
  return result;
}

function extractResource(
  resource: ConfigDict,
  prefix: string,
  where: string,
  collector: ArgCollector,
): ConfigDict {
  if (resource.endpoint === undefined) return resource;
  return {
    ...resource,
    endpoint: extractEndpoint(resource.endpoint, prefix, `${where}.endpoint`, collector) as PyValue,
  };
}

/**
 * Replaces settings and credentials in `config` by source arguments. `flagLiterals`: note every
 * literal secret found (true for a spec file, where a secret in the file is a mistake to report).
 */
export function extractSettings(config: RestApiConfig, flagLiterals: boolean): ExtractedSettings {
  const collector = new ArgCollector(flagLiterals);
  const client: ConfigDict = { ...config.client };
  client.base_url = collector.take(
    'base_url',
    'client.base_url',
    config.client.base_url,
    false,
    FIELD_LABELS.base_url!,
  );
  if (client.auth !== undefined)
    client.auth = extractAuth(client.auth, '', 'client.auth', collector) as PyValue;
  if (client.headers !== undefined) {
    client.headers = extractSensitive(
      client.headers,
      isSecretName,
      '',
      'client.headers',
      collector,
    ) as PyValue;
  }
  const defaults = config.resource_defaults;
  const result: RestApiConfig = {
    client,
    ...(defaults && {
      resource_defaults: extractResource(defaults, 'default_', 'resource_defaults', collector),
    }),
    resources: config.resources.map((resource) =>
      isDict(resource)
        ? extractResource(resource, `${String(resource.name)}_`, String(resource.name), collector)
        : resource,
    ),
  };
  return { config: result, args: collector.args, movedSecrets: collector.movedSecrets };
}
