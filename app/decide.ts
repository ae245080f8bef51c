import { type CatalogEntry, searchCatalog } from '../shared/dlt/verified-catalog.js';
import { apiPipelineName, toSnakeIdentifier } from '../shared/python/naming.js';

export type PipelineKind = 'verified' | 'rest' | 'custom';

export interface Decision {
  kind: PipelineKind;
  /** The verified source that matched, when there is one. */
  verified?: CatalogEntry;
  /** The API base URL, when the user gave one. */
  baseUrl?: string;
  /** An OpenAPI or Swagger spec (file or URL), when the user gave one: dlt:rest --openapi reads it. */
  openapi?: string;
  /** The Python package (pip name) to wrap, when what the user typed looks like one. */
  package?: string;
  reason: string;
}

/** Databases dlt reads with its core sql_database source (SQLAlchemy dialects). */
const DATABASE_WORDS =
  /^(postgres(ql)?|pg|mysql|mariadb|mssql|sql ?server|oracle|sqlite|db2|cockroach(db)?|sql[ _]?database|database|sql)$/i;

/** A pip requirement name: letters, digits, `.`, `_`, `-`, no blanks (PEP 508). */
const PACKAGE_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;

const REST_WORDS = /^(rest|rest[ _-]?api|api|http|json api|openapi)$/i;

export function isHttpUrl(text: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(text.trim());
}

/**
 * A spec file or spec URL: a JSON or YAML file name, or a URL whose path names an OpenAPI or
 * Swagger document (`/openapi.json`, `/swagger.yaml`, `/v3/api-docs`). dlt:rest --openapi then
 * reads it and says so when it is no spec.
 */
export function isOpenApiSource(text: string): boolean {
  const trimmed = text.trim();
  const path = isHttpUrl(trimmed) ? new URL(trimmed).pathname : trimmed;
  if (/\.(json|ya?ml)$/i.test(path)) return true;
  return isHttpUrl(trimmed) && /(openapi|swagger|api-docs)/i.test(path);
}

/**
 * The decision a dlt expert makes: a platform with a verified source gets that source; an HTTP API
 * gets a declarative rest_api pipeline; anything else (a database, a Python SDK) a custom source.
 */
export function decideKind(source: string): Decision {
  const text = source.trim();
  if (isOpenApiSource(text)) {
    return {
      kind: 'rest',
      openapi: text,
      reason: `${text} is an OpenAPI spec: dlt:rest reads its endpoints`,
    };
  }
  if (isHttpUrl(text)) return { kind: 'rest', baseUrl: text, reason: `${text} is an HTTP API` };
  if (REST_WORDS.test(text)) return { kind: 'rest', reason: 'a REST API' };
  const matches = searchCatalog(text).filter((entry) => entry.name !== 'rest_api' || text === 'rest_api');
  const [match] = matches;
  if (match?.name === 'rest_api')
    return { kind: 'rest', reason: 'rest_api is the declarative REST API source' };
  const named = matches.filter((entry) => isNameMatch(text, entry));
  if (named.length > 1 && !named.some((entry) => entry.name === text)) {
    // "google": three sources; dlt:verified asks which (or, unasked, names them)
    return {
      kind: 'verified',
      reason: `dlt has verified sources for ${text}: ${named.map((e) => e.name).join(', ')}`,
    };
  }
  if (match && isNameMatch(text, match)) {
    return {
      kind: 'verified',
      verified: match,
      reason: `dlt has a verified source: ${match.name} (${match.description})`,
    };
  }
  if (DATABASE_WORDS.test(text)) {
    const sqlDatabase = searchCatalog('sql_database')[0]!;
    return {
      kind: 'verified',
      verified: sqlDatabase,
      reason: `dlt reads ${text} with its sql_database source`,
    };
  }
  if (PACKAGE_NAME.test(text)) {
    return {
      kind: 'custom',
      package: text,
      reason: `no verified source matches "${text}"; a custom source around the Python package ${text}`,
    };
  }
  return { kind: 'custom', reason: `no verified source matches "${text}"; a custom Python source fits` };
}

/** Only a name match counts for the decision; a word found in a description is a hint, not a match. */
function isNameMatch(text: string, entry: CatalogEntry): boolean {
  const needle = text.toLowerCase().replace(/[\s-]+/g, '_');
  return (
    entry.name === needle ||
    entry.name.startsWith(`${needle}_`) ||
    entry.name.replace(/_(dlt|analytics)$/, '') === needle
  );
}

/** A pipeline name for what the user typed: the source name, or the API's host. */
export function suggestPipelineName(source: string, decision: Decision): string {
  if (decision.verified) return decision.verified.name;
  if (decision.kind === 'rest') return apiPipelineName({ urls: [decision.baseUrl] });
  return toSnakeIdentifier(source);
}
