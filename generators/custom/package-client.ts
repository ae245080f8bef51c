/**
 * Reads what introspect_package.py found in an installed SDK (its client class, the constructor's
 * parameters, the methods that list rows) and turns it into the source spec dlt:custom renders
 * instead of its guess (`module.Client(api_key=...)`, `client.<resource>()`). Pure.
 */

import { isSecretName, nameWords } from '../../shared/dlt/secret-names.js';
import { isPythonIdentifier } from '../../shared/python/naming.js';
import type { SourceArgument } from './rest-client.js';
import { reservedNames, type SourceSpec } from './source-spec.js';

/** A parameter as the script prints it: `default` only when there is one (`literal`: None, str, int, float, bool). */
export interface IntrospectedParameter {
  name: string;
  kind: string;
  default?: unknown;
  literal?: boolean;
}

export interface IntrospectedClass {
  name: string;
  /** null when Python could not give the constructor's signature. */
  parameters: IntrospectedParameter[] | null;
  methods: { name: string; parameters: IntrospectedParameter[] }[];
}

/** What introspect_package.py prints for a module. */
export interface Introspection {
  module: string;
  importable: boolean;
  error?: string;
  version?: string | null;
  classes?: IntrospectedClass[];
}

/** The Python types a source argument can be declared with (rest-client.ts SourceArgument). */
type SettingType = NonNullable<SourceArgument['type']>;

/** The client dlt:custom writes: the class, what its constructor takes, and the calls of the resources. */
export interface ClientReading {
  className: string;
  version?: string;
  /** Settings first, then secrets, in the constructor's order within each. */
  arguments: SourceArgument[];
  /** Settings the constructor gives a default to: written to config.toml with that value. */
  configValues: Record<string, string | number | boolean>;
  /** Resource name -> the client method that lists its rows. */
  calls: Record<string, string>;
}

export type ReadResult = { reading: ClientReading } | { problem: string };

/** Names an SDK takes credentials under that the secret-name rule (made for headers and params) does not catch. */
const LOGIN_NAMES = new Set(['username', 'user', 'user_name', 'login', 'email', 'client_id', 'account_sid']);

/** Credentials a login gives (a session id, a cookie): an alternative to logging in, not a login. */
const DERIVED_CREDENTIAL_WORDS = new Set(['session', 'sessionid', 'sid', 'cookie']);
const isDerivedCredential = (name: string) =>
  nameWords(name).some((word) => DERIVED_CREDENTIAL_WORDS.has(word));

/** A constructor parameter that holds a credential: secrets.toml, never config.toml. */
export function isCredentialName(name: string): boolean {
  return isSecretName(name) || LOGIN_NAMES.has(name.toLowerCase());
}

/** The last line of the script's output as an Introspection; undefined when it is not one. */
export function parseIntrospection(stdout: string): Introspection | undefined {
  const last = stdout.trim().split('\n').pop() ?? '';
  try {
    const value = JSON.parse(last) as Introspection;
    return typeof value === 'object' && value !== null && typeof value.importable === 'boolean'
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

const CLIENT_SUFFIX = /(Client|API|Api)$/;

/** How much a class looks like the package's client: its name ends in Client/API/Api, or is the module's name. */
function clientScore(cls: IntrospectedClass, module: string): number {
  const words = nameWords(module.split('.')[0]!);
  const lower = cls.name.toLowerCase();
  const named = words.includes(lower) || words.join('') === lower;
  const mentions = words.some((word) => word.length > 2 && lower.includes(word));
  if (CLIENT_SUFFIX.test(cls.name)) return 2 + (mentions ? 1 : 0);
  return named ? 2 : 0;
}

/** The client class: the one asked for, else the best-scoring one (fewest characters on a tie). */
function chooseClass(introspection: Introspection, wanted: string | undefined): IntrospectedClass | string {
  const classes = (introspection.classes ?? []).filter((cls) => cls.parameters !== null);
  const { module } = introspection;
  if (wanted) {
    return (
      classes.find((cls) => cls.name === wanted) ??
      `${module}.${wanted} is not a class whose constructor Python can read`
    );
  }
  const ranked = classes
    .map((cls) => ({ cls, score: clientScore(cls, module) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.cls.name.length - b.cls.name.length);
  return (
    ranked[0]?.cls ??
    `${module} exports no class whose name ends in Client, API or Api, nor one named after the module: give --package-client`
  );
}

const isVariadic = (parameter: IntrospectedParameter) =>
  parameter.kind === 'VAR_POSITIONAL' || parameter.kind === 'VAR_KEYWORD';
const isRequired = (parameter: IntrospectedParameter) => !isVariadic(parameter) && !('default' in parameter);

function settingType(value: unknown): SettingType | undefined {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  return undefined;
}

/**
 * The source arguments for a constructor: every required parameter (a credential to secrets.toml,
 * anything else to config.toml), every setting with a plain default (written with it), and, when
 * no credential is required, the leading credentials that default to None (simple_salesforce's
 * username, password, security_token; not its session_id, which a login gives): a client with only
 * optional parameters still needs a login.
 */
function constructorArguments(
  cls: IntrospectedClass,
): { arguments: SourceArgument[]; configValues: ClientReading['configValues'] } | string {
  const parameters = cls.parameters!.filter((parameter) => !isVariadic(parameter));
  const positionalOnly = parameters.find(
    (parameter) => parameter.kind === 'POSITIONAL_ONLY' && isRequired(parameter),
  );
  if (positionalOnly) return `${cls.name} takes ${positionalOnly.name} by position only`;
  const requiresCredential = parameters.some((p) => isRequired(p) && isCredentialName(p.name));
  let leadingCredentials = !requiresCredential;
  const settings: SourceArgument[] = [];
  const secrets: SourceArgument[] = [];
  const configValues: ClientReading['configValues'] = {};
  for (const parameter of parameters) {
    const credential = isCredentialName(parameter.name);
    if (!credential) leadingCredentials = false;
    if (isRequired(parameter)) {
      (credential ? secrets : settings).push({ name: parameter.name, secret: credential });
      continue;
    }
    const type = parameter.literal ? settingType(parameter.default) : undefined;
    if (!credential && type) {
      settings.push({ name: parameter.name, secret: false, type });
      configValues[parameter.name] = parameter.default as string | number | boolean;
    } else if (
      credential &&
      leadingCredentials &&
      parameter.default === null &&
      !isDerivedCredential(parameter.name)
    ) {
      secrets.push({ name: parameter.name, secret: true });
    }
  }
  return { arguments: [...settings, ...secrets], configValues };
}

/** Methods whose name says they list or search (list_x, iter_x, query_all, search...). */
const LISTING =
  /^(list|iter|get_all|fetch_all|query_all|all|search|find_all|scan|paginate)(_|$)|_(list|all)$/;

/** The method a resource reads with: named after it (records, list_records, get_records...), or the only listing one. */
function methodFor(
  cls: IntrospectedClass,
  resource: SourceSpec['resources'][number],
  onlyResource: boolean,
): string | undefined {
  const takes = (method: IntrospectedClass['methods'][number]) => {
    const required = method.parameters.filter(isRequired).length;
    const positional = method.parameters.filter(
      (p) =>
        p.kind === 'POSITIONAL_ONLY' || p.kind === 'POSITIONAL_OR_KEYWORD' || p.kind === 'VAR_POSITIONAL',
    ).length;
    // a transformer passes the parent row's key: one positional argument
    return resource.parent ? required <= 1 && positional >= 1 : required === 0;
  };
  const usable = cls.methods.filter(takes);
  if (resource.call)
    return usable.some((method) => method.name === resource.call) ? resource.call : undefined;
  const { name } = resource;
  for (const candidate of [
    name,
    `list_${name}`,
    `get_${name}`,
    `iter_${name}`,
    `all_${name}`,
    `${name}_list`,
  ]) {
    if (usable.some((method) => method.name === candidate)) return candidate;
  }
  const listing = usable.filter((method) => LISTING.test(method.name));
  return onlyResource && listing.length === 1 ? listing[0]!.name : undefined;
}

/** The client a spec's package offers, read from the introspection; a problem when there is none to use. */
export function readClient(introspection: Introspection, spec: SourceSpec, wanted?: string): ReadResult {
  if (!introspection.importable) {
    return {
      problem: `${introspection.module} is not importable (${introspection.error ?? 'no reason given'})`,
    };
  }
  const cls = chooseClass(introspection, wanted);
  if (typeof cls === 'string') return { problem: cls };
  const made = constructorArguments(cls);
  if (typeof made === 'string') return { problem: made };
  const reserved = reservedNames({ sourceName: spec.sourceName, packageModule: introspection.module });
  const resourceNames = new Set(spec.resources.map((resource) => resource.name));
  const clash = made.arguments.find(
    (arg) => !isPythonIdentifier(arg.name) || reserved.has(arg.name) || resourceNames.has(arg.name),
  );
  if (clash) return { problem: `${cls.name}'s parameter ${clash.name} clashes with a name the source uses` };
  const topLevel = spec.resources.filter((resource) => !resource.parent);
  const calls: Record<string, string> = {};
  for (const resource of spec.resources) {
    const method = methodFor(cls, resource, topLevel.length === 1 && !resource.parent);
    if (method) calls[resource.name] = method;
  }
  return {
    reading: {
      className: cls.name,
      ...(introspection.version ? { version: introspection.version } : {}),
      ...made,
      calls,
    },
  };
}

/** Which of the client's answers the user gave (they stay as given); the others come from the reading. */
export interface GivenClientAnswers {
  client: boolean;
  /** --secrets or --config: the source's arguments stay as given. */
  arguments: boolean;
}

/** The spec with the client read from the package instead of guessed. */
export function withClient(spec: SourceSpec, reading: ClientReading, given: GivenClientAnswers): SourceSpec {
  const keepArguments = given.arguments;
  return {
    ...spec,
    arguments: keepArguments ? spec.arguments : reading.arguments,
    configValues: keepArguments ? spec.configValues : { ...spec.configValues, ...reading.configValues },
    package: {
      ...spec.package!,
      client: reading.className,
      read: { version: reading.version, calls: Object.keys(reading.calls) },
    },
    resources: spec.resources.map((resource) =>
      reading.calls[resource.name] ? { ...resource, call: reading.calls[resource.name] } : resource,
    ),
  };
}

/** One line for the summary: what was read, as a user would check it. */
export function describeReading(spec: SourceSpec): string {
  const sdk = spec.package!;
  const version = sdk.read?.version ? ` ${sdk.read.version}` : '';
  const names = spec.arguments.map((arg) => arg.name).join(', ');
  const calls = spec.resources
    .filter((resource) => sdk.read?.calls.includes(resource.name))
    .map((resource) => `${resource.name}: client.${resource.call}`);
  return (
    `Read the installed ${sdk.module}${version}: ${spec.script} creates ${sdk.module}.${sdk.client}(${names})` +
    (calls.length > 0 ? `; ${calls.join(', ')}` : '')
  );
}
