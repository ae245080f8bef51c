/**
 * From a spec and the chosen endpoints to a RESTAPIConfig: the client (base URL from the servers
 * or --base-url, auth from the security schemes) and one resource per endpoint with what was
 * detected for it. Each resource gets a comment saying what was detected from what; what could
 * not be decided is a comment on the resource and a note for the summary; incremental candidates
 * are written as a ready block when accepted, else as a commented suggestion.
 */
import { isSecretName } from '../../../shared/dlt/secret-names.js';
import { pyCode, pyString } from '../../../shared/python/literal.js';
import { PLACEHOLDER } from '../../../shared/toml/placeholders.js';
import { reloadsWhole } from '../reload-disposition.js';
import type { ConfigDict, RestApiConfig } from '../vocabulary.js';
import { detectAuth } from './auth.js';
import type { ApiDocument } from './document.js';
import { type Endpoint, specValue, unfilledRequired } from './endpoints.js';
import { detectIncremental, type IncrementalCandidate } from './incremental.js';
import { detectPaginator } from './paginator.js';

export interface OpenApiBuildInput {
  document: ApiDocument;
  /** The URL the spec came from: a relative server URL resolves against it. */
  specUrl?: string;
  chosen: readonly Endpoint[];
  /** --base-url: replaces the spec's servers. */
  baseUrl?: string;
  /** Write incremental candidates as ready blocks (else as commented suggestions). */
  acceptIncremental: boolean;
}

export interface OpenApiBuild {
  config: RestApiConfig;
  /** Comment lines to write above each resource, by resource name. */
  comments: Map<string, string[]>;
  /** Lines for the summary: what stays undecided, what was suggested. */
  notes: string[];
  incremental: { resource: string; candidate: IncrementalCandidate }[];
  /** Settings the paths read (path parameters no parent fills), for config.toml. */
  settings: { name: string; comment: string }[];
}

/** The base URL: --base-url, else the first server (made absolute against the spec's URL). */
export function baseUrlOf(
  document: ApiDocument,
  specUrl: string | undefined,
): { url?: string; note?: string } {
  const server = document.baseUrl;
  if (!server)
    return { note: 'the spec names no server: fill in base_url in .dlt/config.toml (or give --base-url)' };
  if (/\{[^}]+\}/.test(server)) {
    return {
      note: `the server URL ${server} has variables without defaults: fill in base_url in .dlt/config.toml (or give --base-url)`,
    };
  }
  try {
    return { url: new URL(server).href.replace(/\/$/, server.endsWith('/') ? '/' : '') };
  } catch {
    if (specUrl) return { url: new URL(server, specUrl).href };
    return {
      note: `the server URL "${server}" is relative: fill in base_url in .dlt/config.toml (or give --base-url)`,
    };
  }
}

const pathFor = (path: string) => path.replace(/^\/+/, '');

function resourceFor(
  endpoint: Endpoint,
  byPath: Map<string, Endpoint>,
  acceptIncremental: boolean,
  config: RestApiConfig,
): { resource: ConfigDict; detected: string[]; undecided: string[]; candidate?: IncrementalCandidate } {
  const { operation, selector, primaryKey, parent } = endpoint;
  const detected: string[] = [];
  const undecided: string[] = [];
  let path = pathFor(operation.path);
  const endpointConfig: ConfigDict = { path };
  const resource: ConfigDict = { name: endpoint.name, endpoint: endpointConfig };

  if (parent) {
    const parentEndpoint = byPath.get(parent.path)!;
    for (const { param, field } of parent.bindings) {
      path = path.replace(`{${param}}`, `{resources.${parentEndpoint.name}.${field}}`);
    }
    endpointConfig.path = path;
    resource.include_from_parent = parent.bindings.map((b) => b.field);
    detected.push(
      parent.bindings.map((b) => `{${b.param}} from ${parentEndpoint.name}.${b.field}`).join(', '),
    );
  }
  if (endpoint.settings.length > 0) {
    // an f-string: the settings are source arguments, dlt's own placeholders keep single braces
    let text = path.replace(/\{/g, '{{').replace(/\}/g, '}}');
    for (const { param, setting } of endpoint.settings) text = text.replace(`{{${param}}}`, `{${setting}}`);
    endpointConfig.path = pyCode(`f${pyString(text)}`);
    const names = endpoint.settings.map((s) => s.setting).join(', ');
    undecided.push(
      `the path needs ${names} from .dlt/config.toml (no parent endpoint gives them): fill them in`,
    );
  }
  if (selector) {
    endpointConfig.data_selector = selector.path;
    detected.push(selector.path === '$' ? `records: ${selector.from}` : `records at "${selector.path}"`);
    if (selector.undecided) undecided.push(selector.undecided);
  } else {
    undecided.push(
      'the spec gives no JSON response schema: dlt finds the records at run time; check data_selector',
    );
  }

  const found = detectPaginator({
    params: operation.params,
    response: operation.response,
    responseHeaders: operation.responseHeaders,
    selector,
    primaryKey: primaryKey?.field,
  });
  if (found.paginator) {
    endpointConfig.paginator = found.paginator;
    detected.push(`${String(found.paginator.type)} paginator (${found.from})`);
  }
  if (found.undecided) undecided.push(found.undecided);

  const params: ConfigDict = { ...(found.params ?? {}) };
  const headers: ConfigDict = {};
  for (const param of operation.params) {
    if (!param.required || (param.in !== 'query' && param.in !== 'header') || param.name in params) continue;
    const given = specValue(param);
    if (given?.from !== 'default') continue;
    (param.in === 'query' ? params : headers)[param.name] = given.value;
    detected.push(`required ${param.in} ${param.name} = ${JSON.stringify(given.value)}, the spec's default`);
  }
  for (const param of unfilledRequired(endpoint)) {
    // an example credential is no value to send: the placeholder makes it a secret to fill in
    const sensitive = isSecretName(param.name);
    const example = sensitive ? undefined : specValue(param);
    (param.in === 'query' ? params : headers)[param.name] = example?.value ?? PLACEHOLDER;
    undecided.push(
      example
        ? `the required ${param.in} parameter ${param.name} holds the spec's example ${JSON.stringify(example.value)}: put your value`
        : `the required ${param.in} parameter ${param.name} has no value in the spec: replace "${PLACEHOLDER}"`,
    );
  }

  // a list's records, or the one record of a detail endpoint (item_details merges on its id)
  if (primaryKey && selector) {
    resource.primary_key = primaryKey.field;
    detected.push(`primary key ${primaryKey.field}${primaryKey.from ? ` (${primaryKey.from})` : ''}`);
  }

  const candidate = selector?.isList ? detectIncremental(operation.params, selector.record) : undefined;
  if (candidate && acceptIncremental) {
    Object.assign(params, candidate.params);
    endpointConfig.incremental = candidate.incremental;
    detected.push(`incremental on ${candidate.field} (${candidate.from})`);
  }
  if (Object.keys(params).length > 0) endpointConfig.params = params;
  if (Object.keys(headers).length > 0) endpointConfig.headers = headers;
  // a child is fetched for the parents a run reads, which an incremental parent narrows: planRest
  // decides for children (withChildDispositions), once every resource is known
  if (!parent && reloadsWhole(config, resource)) {
    resource.write_disposition = 'replace';
    detected.push('no primary key, every run fetches all records: write_disposition replace');
  } else if (!parent && !resource.primary_key && selector?.isList) {
    undecided.push('no primary key found in the record schema: rows are appended on every run');
  }
  return { resource, detected, undecided, candidate };
}

/** The incremental block as commented code (lines starting with a blank are written as they are). */
function suggestionLines(candidate: IncrementalCandidate): string[] {
  return [
    `Suggested incremental loading (${candidate.param} filters on ${candidate.field}); add to "endpoint":`,
    `     "params": {"${candidate.param}": "{incremental.start_value}"},`,
    '     "incremental": {',
    `         "cursor_path": "${candidate.field}",`,
    `         "initial_value": "${String(candidate.incremental.initial_value)}",`,
    '     },',
  ];
}

/** Resources the incremental summary line names; the comments in the script name them all. */
export const INCREMENTAL_NOTE_NAMES = 5;

/**
 * The summary line about the incremental candidates: each one while they are few; with more, how
 * many, the first few, and where each is written (a spec of 2,000 endpoints made a line of 60 kB).
 */
export function incrementalNote(incremental: OpenApiBuild['incremental'], accepted: boolean): string {
  const named = incremental
    .slice(0, INCREMENTAL_NOTE_NAMES)
    .map((i) => `${i.resource} (${i.candidate.param} -> ${i.candidate.field})`)
    .join(', ');
  if (incremental.length <= INCREMENTAL_NOTE_NAMES) {
    return accepted
      ? `incremental loading written for ${named}`
      : `incremental candidates, suggested in comments (--openapi-incremental writes them): ${named}`;
  }
  const more = `${named} and ${incremental.length - INCREMENTAL_NOTE_NAMES} more`;
  return accepted
    ? `incremental loading written for ${incremental.length} resources: ${more} (each one's comment in the pipeline script says "incremental on <field>")`
    : `incremental candidates for ${incremental.length} resources, suggested in the comments above each in the pipeline script (--openapi-incremental writes them): ${more}`;
}

export function buildConfig(input: OpenApiBuildInput): OpenApiBuild {
  const { document, chosen } = input;
  const notes: string[] = [];
  const base = input.baseUrl ? { url: input.baseUrl } : baseUrlOf(document, input.specUrl);
  if (base.note) notes.push(base.note);
  const auth = detectAuth(
    document,
    chosen.map((e) => e.operation),
    base.url,
  );
  notes.push(...auth.notes);

  const client: ConfigDict = { base_url: base.url ?? PLACEHOLDER };
  if (auth.auth) client.auth = auth.auth;

  const byPath = new Map(chosen.map((e) => [e.operation.path, e]));
  const comments = new Map<string, string[]>();
  const incremental: OpenApiBuild['incremental'] = [];
  const resources = chosen.map((endpoint) => {
    const built = resourceFor(endpoint, byPath, input.acceptIncremental, { client, resources: [] });
    const summary = endpoint.operation.summary ? ` (${endpoint.operation.summary.replace(/\s+/g, ' ')})` : '';
    const lines = [`${endpoint.operation.path}${summary}: ${built.detected.join('; ')}.`];
    for (const problem of built.undecided) {
      lines.push(`CHECK: ${problem}.`);
      notes.push(`${endpoint.name}: ${problem}`);
    }
    if (built.candidate) {
      incremental.push({ resource: endpoint.name, candidate: built.candidate });
      if (!input.acceptIncremental) lines.push(...suggestionLines(built.candidate));
    }
    comments.set(endpoint.name, lines);
    return built.resource;
  });
  if (incremental.length > 0) notes.push(incrementalNote(incremental, input.acceptIncremental));
  const settings = new Map<string, string>();
  for (const endpoint of chosen) {
    for (const { setting } of endpoint.settings) {
      if (!settings.has(setting))
        settings.set(setting, `path parameter {${setting}} of ${endpoint.operation.path}`);
    }
  }
  return {
    config: { client, resources },
    comments,
    notes,
    incremental,
    settings: [...settings].map(([name, comment]) => ({ name, comment })),
  };
}
