/**
 * The custom source as the renderers see it: every name decided and every answer checked against
 * the others (argument names, resource names, parents, what each reader accepts). Pure.
 */

import {
  AUTH_CLASSES,
  PAGINATOR_TYPES,
  PAGINATORS,
  type PaginatorType,
} from '../../shared/dlt/rest-vocabulary.js';
import { sourceSection } from '../../shared/dlt/source-section.js';
import { UsageError } from '../../shared/plan/errors.js';
import { isPythonIdentifier } from '../../shared/python/naming.js';
import type { Answers } from '../../shared/questions/question.js';
import { parentsFirst, parseResources, type ResourceSpec, ResourceSyntaxError } from './resources.js';
import {
  type ApiKeyLocation,
  type AuthSettings,
  type AuthType,
  authArguments,
  type PaginatorSettings,
  parsePaginatorOptions,
  type SourceArgument,
} from './rest-client.js';

export const READERS = ['rest_client', 'package', 'python'] as const;
export type Reader = (typeof READERS)[number];

export interface SourceSpec {
  /** The dlt source name: @dlt.source(name=...), the schema, the config section. */
  sourceName: string;
  functionName: string;
  pipelineName: string;
  datasetName: string;
  destination: string;
  /** The pipeline script's module name; dlt resolves config under sources.<module>.<sourceName>. */
  module: string;
  script: string;
  testScript: string;
  reader: Reader;
  /** The source function's arguments in signature order: settings first, then secrets. */
  arguments: SourceArgument[];
  /** Settings whose value is known (e.g. --base-url); the others get a placeholder. */
  configValues: Record<string, string | number | boolean>;
  rest?: { auth: AuthSettings; paginator: PaginatorSettings; dataSelector?: string };
  package?: {
    requirement: string;
    module: string;
    client: string;
    /** Set when the client was read from the installed package (see package-client.ts), not guessed. */
    read?: { version?: string /** Resources whose call is a method the client has. */; calls: string[] };
  };
  /** Parents before their transformers; rest_client resources all have a path. */
  resources: ResourceSpec[];
  maxTableNesting?: number;
  performanceSettings: boolean;
}

/** A package reader whose client or some resource's call was guessed, not read from the package. */
export function hasGuesses(spec: Pick<SourceSpec, 'package' | 'resources'>): boolean {
  const read = spec.package?.read;
  return !read || spec.resources.some((resource) => !read.calls.includes(resource.name));
}

/** Where the source's arguments are written, and dlt reads them. */
export function configSection(spec: Pick<SourceSpec, 'sourceName'>): string[] {
  return sourceSection(spec.sourceName);
}

export const functionNameOf = (sourceName: string) =>
  sourceName.endsWith('_source') ? sourceName : `${sourceName}_source`;

export const moduleNameOf = (pipelineName: string) =>
  pipelineName.endsWith('_pipeline') ? pipelineName : `${pipelineName}_pipeline`;

/** Names the generated module defines or imports, which arguments and resources must not shadow. */
const RESERVED = new Set([
  'argparse',
  'dlt',
  'Any',
  'Iterable',
  'Iterator',
  'islice',
  'DltResource',
  'RESTClient',
  ...Object.values(AUTH_CLASSES),
  ...Object.values(PAGINATORS).flatMap((paginator) => (paginator.className ? [paginator.className] : [])),
  'Page',
  'DEV_PAGES',
  'PAGE_SIZE',
  'pages',
  'client',
  'main',
]);

export function reservedNames(answers: Answers): Set<string> {
  const names = new Set(RESERVED);
  if (typeof answers.sourceName === 'string') names.add(functionNameOf(answers.sourceName));
  if (typeof answers.packageModule === 'string') names.add(answers.packageModule.split('.')[0]!);
  return names;
}

export function parseNameList(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\s,]+/);
  return items.map((item) => item.trim()).filter(Boolean);
}

const reserveMessage = (name: string) =>
  `"${name}" is a name the generated module uses itself (or a Python keyword); choose another`;

/** Checks --secrets or --config names: identifiers, no repeats, no clash with the other list or the auth. */
export function checkNameList(
  names: readonly string[],
  kind: 'secrets' | 'config',
  answers: Answers,
): true | string {
  const problems: string[] = [];
  const reserved = reservedNames(answers);
  const seen = new Set<string>();
  const other = kind === 'config' ? parseNameList(answers.secrets) : [];
  const auth = answers.reader === 'rest_client' ? restArguments(answers) : [];
  for (const name of names) {
    if (!isPythonIdentifier(name)) problems.push(`"${name}" is not a Python identifier`);
    else if (reserved.has(name)) problems.push(reserveMessage(name));
    else if (seen.has(name)) problems.push(`"${name}" is given twice`);
    else if (other.includes(name)) problems.push(`"${name}" is already a secret`);
    else if (auth.some((arg) => arg.name === name && arg.secret !== (kind === 'secrets'))) {
      problems.push(`"${name}" is already a ${kind === 'secrets' ? 'setting' : 'secret'} of the API's auth`);
    }
    seen.add(name);
  }
  return problems.length === 0 ? true : `${problems.join('; ')} (give Python identifiers, comma-separated)`;
}

/** rest_client: the base URL and what the auth needs. */
function restArguments(answers: Answers): SourceArgument[] {
  return [
    { name: 'base_url', secret: false, comment: 'the API base URL, e.g. https://api.example.com/v1' },
    ...authArguments((answers.auth as AuthType | undefined) ?? 'none'),
  ];
}

/** Every argument of the source function: settings first, then secrets; a name given twice counts once. */
export function sourceArguments(answers: Answers): SourceArgument[] {
  const all: SourceArgument[] = [
    ...(answers.reader === 'rest_client' ? restArguments(answers) : []),
    ...parseNameList(answers.config).map((name) => ({ name, secret: false })),
    ...parseNameList(answers.secrets).map((name) => ({ name, secret: true })),
  ];
  const unique = all.filter((arg, index) => all.findIndex((other) => other.name === arg.name) === index);
  return [...unique.filter((arg) => !arg.secret), ...unique.filter((arg) => arg.secret)];
}

const RESOURCE_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const PLACEHOLDER = /\{([^{}]*)\}/g;
const KEYED_STRATEGIES = new Set(['delete-insert', 'upsert', 'insert-only']);

/** The fields of the parent row a transformer's path takes, `{id}` or `{resources.<parent>.id}`. */
export function pathFields(path: string, parent: string | undefined): string[] {
  return [...path.matchAll(PLACEHOLDER)].map((match) => {
    const inner = match[1]!;
    const prefix = `resources.${parent}.`;
    return parent && inner.startsWith(prefix) ? inner.slice(prefix.length) : inner;
  });
}

/** Everything wrong with the resources, given the other answers; empty when they are fine. */
export function checkResources(resources: readonly ResourceSpec[], answers: Answers): string[] {
  const problems: string[] = [];
  const reader = answers.reader as Reader;
  if (resources.length === 0) problems.push('give at least one resource, e.g. items');
  const reserved = reservedNames(answers);
  const argumentNames = new Set(sourceArguments(answers).map((arg) => arg.name));
  const names = new Set<string>();
  for (const resource of resources) {
    const { name } = resource;
    if (!RESOURCE_NAME.test(name) || name.length > 64 || !isPythonIdentifier(name)) {
      problems.push(`"${name}": a resource name is lower_snake_case (letters, digits, single underscores)`);
    } else if (reserved.has(name)) {
      problems.push(`${name}: ${reserveMessage(name)}`);
    } else if (argumentNames.has(name)) {
      problems.push(
        `${name}: is also the name of a secret or setting; resource and argument names must differ`,
      );
    }
    if (names.has(name)) problems.push(`${name}: given twice`);
    names.add(name);

    const strategy = resource.mergeStrategy ?? 'delete-insert';
    if (resource.mergeStrategy && resource.writeDisposition !== 'merge') {
      problems.push(
        `${name}: a merge strategy goes with merge only (e.g. ${name}:merge:${resource.mergeStrategy}:id)`,
      );
    }
    if (
      resource.writeDisposition === 'merge' &&
      KEYED_STRATEGIES.has(strategy) &&
      resource.primaryKey.length === 0
    ) {
      problems.push(`${name}: merge (${strategy}) needs a primary key, e.g. ${name}:merge:id`);
    }
    for (const field of [...resource.primaryKey, ...(resource.cursor ? [resource.cursor] : [])]) {
      if (!FIELD_PATH.test(field))
        problems.push(`${name}: "${field}" is not a field name (letters, digits, _ and .)`);
    }
    if (resource.initialValue !== undefined && !resource.cursor) {
      problems.push(`${name}: initial_value needs a cursor (cursor=<field>)`);
    }
    if (resource.startParam !== undefined && !resource.cursor) {
      problems.push(`${name}: start_param needs a cursor (cursor=<field>)`);
    }
    if (resource.parent !== undefined) {
      if (resource.parent === name) problems.push(`${name}: a resource cannot be its own parent`);
      else if (!resources.some((other) => other.name === resource.parent)) {
        problems.push(`${name}: parent "${resource.parent}" is not one of the resources`);
      }
    }
    problems.push(...checkReaderSettings(resource, reader));
  }
  if (problems.length === 0) {
    try {
      parentsFirst(resources);
    } catch (error) {
      if (!(error instanceof ResourceSyntaxError)) throw error;
      problems.push(error.message);
    }
  }
  return problems;
}

function checkReaderSettings(resource: ResourceSpec, reader: Reader): string[] {
  const problems: string[] = [];
  const { name } = resource;
  const restOnly = {
    path: resource.path,
    start_param: resource.startParam,
    data_selector: resource.dataSelector,
    paginator: resource.paginator,
  };
  for (const [key, value] of Object.entries(restOnly)) {
    if (value !== undefined && reader !== 'rest_client')
      problems.push(`${name}: ${key} is for --reader rest_client`);
  }
  if (resource.call !== undefined && reader !== 'package')
    problems.push(`${name}: call is for --reader package`);
  const paginators = PAGINATOR_TYPES.filter((type) => PAGINATORS[type].className);
  if (resource.paginator !== undefined && !(paginators as string[]).includes(resource.paginator)) {
    problems.push(`${name}: paginator "${resource.paginator}" is not one of: ${paginators.join(', ')}`);
  }
  if (resource.call !== undefined && !FIELD_PATH.test(resource.call)) {
    problems.push(
      `${name}: call "${resource.call}" is not a method name (e.g. list_items or customers.list)`,
    );
  }
  if (resource.startParam !== undefined && !/^[A-Za-z0-9_.[\]-]+$/.test(resource.startParam)) {
    problems.push(`${name}: start_param "${resource.startParam}" is not a query parameter name`);
  }
  if (resource.path !== undefined) {
    if (!/^[^\s"'\\]+$/.test(resource.path)) {
      problems.push(`${name}: path "${resource.path}" may not hold blanks, quotes or backslashes`);
    }
    const fields = pathFields(resource.path, resource.parent);
    if (fields.length > 0 && !resource.parent) {
      problems.push(`${name}: only a transformer (parent=...) can use {field} of its parent row in its path`);
    }
    for (const field of fields) {
      if (!FIELD_PATH.test(field))
        problems.push(`${name}: {${field}} in the path is not a field of the parent row`);
    }
  }
  return problems;
}

export function defaultModuleOf(requirement: string): string {
  const name = /^[A-Za-z0-9._-]+/.exec(requirement.trim())?.[0] ?? requirement;
  return name.toLowerCase().replace(/[-.]/g, '_');
}

export function validateRequirement(value: unknown): true | string {
  const text = typeof value === 'string' ? value.trim() : '';
  const pep508 =
    /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?(\[[A-Za-z0-9._,\s-]+\])?\s*((@\s*\S+)|([<>=!~]=?[^;\s]+(\s*,\s*[<>=!~]=?[^;\s]+)*))?$/;
  return pep508.test(text)
    ? true
    : `"${String(value)}" is not a pip requirement: give a package name, optionally with a version (stripe>=10)`;
}

export function validatePackageModule(value: unknown): true | string {
  return typeof value === 'string' && value.split('.').every(isPythonIdentifier)
    ? true
    : `"${String(value)}" is not a module name: give dotted Python identifiers, e.g. simple_salesforce`;
}

export function validatePackageClient(value: unknown): true | string {
  return typeof value === 'string' && FIELD_PATH.test(value)
    ? true
    : `"${String(value)}" is not an attribute of the module: give a name such as Client or api.Client`;
}

function defaultPath(resource: ResourceSpec, byName: Map<string, ResourceSpec>): string {
  const parent = resource.parent ? byName.get(resource.parent) : undefined;
  if (!parent) return `/${resource.name}`;
  const key = parent.primaryKey[0] ?? 'id';
  const parentPath = parent.path ?? defaultPath(parent, byName);
  // a path with placeholders takes fields of the grandparent row, which this transformer does not see
  const base = parentPath.includes('{') ? `/${parent.name}` : parentPath;
  return `${base}/{${key}}/${resource.name}`;
}

/**
 * The source spec for checked answers. Throws a UsageError naming every problem that only shows
 * when the answers are taken together.
 */
export function buildSourceSpec(answers: Answers): SourceSpec {
  const reader = answers.reader as Reader;
  let resources: ResourceSpec[];
  try {
    resources = parseResources(answers.resources);
  } catch (error) {
    if (error instanceof ResourceSyntaxError) throw new UsageError(`--resources: ${error.message}`);
    throw error;
  }
  const problems = checkResources(resources, answers);
  if (problems.length > 0) throw new UsageError(`--resources: ${problems.join('\n  ')}`);
  resources = parentsFirst(resources);

  const pipelineName = String(answers.pipelineName);
  const module = moduleNameOf(pipelineName);
  const spec: SourceSpec = {
    sourceName: String(answers.sourceName),
    functionName: functionNameOf(String(answers.sourceName)),
    pipelineName,
    datasetName: String(answers.datasetName),
    destination: String(answers.destination),
    module,
    script: `${module}.py`,
    testScript: `tests/test_${module}.py`,
    reader,
    arguments: sourceArguments(answers),
    configValues: {},
    resources,
    maxTableNesting: /^\d+$/.test(String(answers.maxTableNesting))
      ? Number(answers.maxTableNesting)
      : undefined,
    performanceSettings: answers.performanceSettings === true,
  };

  if (reader === 'rest_client') {
    const paginatorType = (answers.paginator as PaginatorType | undefined) ?? 'auto';
    const params = parsePaginatorOptions(paginatorType, String(answers.paginatorOptions ?? ''));
    if (typeof params === 'string') throw new UsageError(`--paginator-options: ${params}`);
    spec.rest = {
      auth: {
        type: (answers.auth as AuthType | undefined) ?? 'none',
        apiKeyName: String(answers.apiKeyName ?? 'X-API-Key'),
        apiKeyLocation: (answers.apiKeyLocation as ApiKeyLocation | undefined) ?? 'header',
      },
      paginator: { type: paginatorType, params },
      dataSelector: answers.dataSelector ? String(answers.dataSelector) : undefined,
    };
    if (answers.baseUrl) spec.configValues.base_url = String(answers.baseUrl);
    const byName = new Map(resources.map((resource) => [resource.name, resource]));
    spec.resources = resources.map((resource) => ({
      ...resource,
      path: resource.path ?? defaultPath(resource, byName),
    }));
  }
  if (reader === 'package') {
    const requirement = String(answers.package).trim();
    spec.package = {
      requirement,
      module: String(answers.packageModule ?? defaultModuleOf(requirement)),
      client: String(answers.packageClient ?? 'Client'),
    };
  }
  return spec;
}
