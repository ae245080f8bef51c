/**
 * An OpenAPI 3.0/3.1 or Swagger 2.0 document reduced to what the detectors read: the GET
 * operations (parameters, the success response's JSON schema and headers, security), the base
 * URL and the security schemes. The two formats differ in where these live; after this module
 * they do not.
 */
import { isSchema, type Schema } from './schema.js';

export interface Param {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  /** The path as the spec writes it, e.g. `/items/{item_id}/comments`. */
  path: string;
  operationId?: string;
  summary?: string;
  /** The first tag, or the first path segment: what the endpoint list groups by. */
  group: string;
  params: Param[];
  /** The JSON schema of the success response's body. */
  response?: Schema;
  /** Headers the success response declares. */
  responseHeaders: string[];
  /** Names of the security schemes the operation accepts (its own, else the document's). */
  security: string[][];
}

export interface SecurityScheme {
  name: string;
  type: string;
  scheme?: string;
  in?: string;
  paramName?: string;
  /** OAuth2 client credentials (3.x clientCredentials, 2.0 flow "application"). */
  clientCredentialsTokenUrl?: string;
  flows: string[];
}

export interface ApiDocument {
  version: '2.0' | '3.0' | '3.1';
  title: string;
  /** The first server's URL with its variables' defaults, possibly relative. */
  baseUrl?: string;
  /** Servers the spec lists after the first, for the summary. */
  otherServers: string[];
  operations: Operation[];
  securitySchemes: SecurityScheme[];
  /** The document-wide security requirement (scheme names of its alternatives). */
  security: string[][];
}

const SUCCESS_CODES = ['200', '2XX', '2xx', '201', '203', '206', 'default'];
const PARAM_LOCATIONS = new Set(['query', 'path', 'header', 'cookie']);

function record(value: unknown): Schema {
  return isSchema(value) ? value : {};
}

function securityNames(value: unknown): string[][] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isSchema).map((requirement) => Object.keys(requirement));
}

function param(value: unknown, swagger: boolean): Param | undefined {
  if (!isSchema(value) || typeof value.name !== 'string' || !PARAM_LOCATIONS.has(String(value.in))) {
    return undefined;
  }
  // Swagger 2.0 keeps type, format, default, minimum and maximum on the parameter itself
  const schema = swagger || !isSchema(value.schema) ? value : value.schema;
  return {
    name: value.name,
    in: value.in as Param['in'],
    required: value.required === true,
    schema,
  };
}

function mergedParams(pathItem: Schema, operation: Schema, swagger: boolean): Param[] {
  const byKey = new Map<string, Param>();
  for (const list of [pathItem.parameters, operation.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const p = param(item, swagger);
      if (p) byKey.set(`${p.in}:${p.name}`, p);
    }
  }
  return [...byKey.values()];
}

function successResponse(operation: Schema): Schema | undefined {
  const responses = record(operation.responses);
  const code =
    SUCCESS_CODES.find((c) => c in responses) ?? Object.keys(responses).find((c) => c.startsWith('2'));
  return code ? record(responses[code]) : undefined;
}

function responseSchema(response: Schema | undefined, swagger: boolean): Schema | undefined {
  if (!response) return undefined;
  if (swagger) return isSchema(response.schema) ? response.schema : undefined;
  const content = record(response.content);
  const type =
    ['application/json', 'application/problem+json'].find((t) => t in content) ??
    Object.keys(content).find((t) => /json/i.test(t)) ??
    Object.keys(content)[0];
  const media = type ? record(content[type]) : {};
  return isSchema(media.schema) ? media.schema : undefined;
}

function serverUrl(server: Schema): string | undefined {
  if (typeof server.url !== 'string') return undefined;
  const variables = record(server.variables);
  return server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = record(variables[name]);
    return typeof variable.default === 'string' || typeof variable.default === 'number'
      ? String(variable.default)
      : whole;
  });
}

function servers(doc: Schema, swagger: boolean): string[] {
  if (swagger) {
    if (typeof doc.host !== 'string') return typeof doc.basePath === 'string' ? [doc.basePath] : [];
    const schemes = Array.isArray(doc.schemes) ? doc.schemes.map(String) : [];
    const scheme = schemes.includes('https') ? 'https' : (schemes[0] ?? 'https');
    return [`${scheme}://${doc.host}${typeof doc.basePath === 'string' ? doc.basePath : ''}`];
  }
  const list = Array.isArray(doc.servers) ? doc.servers.filter(isSchema) : [];
  return list.map(serverUrl).filter((url): url is string => !!url);
}

function securitySchemes(doc: Schema, swagger: boolean): SecurityScheme[] {
  const schemes = swagger ? record(doc.securityDefinitions) : record(record(doc.components).securitySchemes);
  return Object.entries(schemes)
    .filter(([, value]) => isSchema(value))
    .map(([name, value]) => {
      const scheme = value as Schema;
      const flows = record(scheme.flows);
      const tokenUrl = swagger
        ? scheme.flow === 'application'
          ? scheme.tokenUrl
          : undefined
        : record(flows.clientCredentials).tokenUrl;
      return {
        name,
        type: String(scheme.type ?? ''),
        scheme: typeof scheme.scheme === 'string' ? scheme.scheme.toLowerCase() : undefined,
        in: typeof scheme.in === 'string' ? scheme.in : undefined,
        paramName: typeof scheme.name === 'string' ? scheme.name : undefined,
        clientCredentialsTokenUrl: typeof tokenUrl === 'string' ? tokenUrl : undefined,
        flows: swagger ? (typeof scheme.flow === 'string' ? [scheme.flow] : []) : Object.keys(flows),
      };
    });
}

/** The document's version, or undefined when it is neither OpenAPI 3.x nor Swagger 2.0. */
export function documentVersion(doc: Schema): ApiDocument['version'] | undefined {
  if (doc.swagger === '2.0') return '2.0';
  if (typeof doc.openapi === 'string') {
    if (doc.openapi.startsWith('3.0')) return '3.0';
    if (doc.openapi.startsWith('3.1')) return '3.1';
  }
  return undefined;
}

/** Reads a dereferenced document (every `$ref` already replaced by what it points to). */
export function readDocument(doc: Schema): ApiDocument {
  const version = documentVersion(doc);
  if (!version) throw new Error('not an OpenAPI 3.0/3.1 or Swagger 2.0 document');
  const swagger = version === '2.0';
  const globalSecurity = securityNames(doc.security) ?? [];
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(record(doc.paths))) {
    const pathItem = record(item);
    const operation = record(pathItem.get);
    if (!isSchema(pathItem.get)) continue;
    const response = successResponse(operation);
    const tags = Array.isArray(operation.tags) ? operation.tags.map(String) : [];
    operations.push({
      path,
      operationId: typeof operation.operationId === 'string' ? operation.operationId : undefined,
      summary: typeof operation.summary === 'string' ? operation.summary.trim() : undefined,
      group: tags[0] ?? path.split('/').filter(Boolean)[0] ?? '/',
      params: mergedParams(pathItem, operation, swagger),
      response: responseSchema(response, swagger),
      responseHeaders: Object.keys(record(response?.headers)),
      security: securityNames(operation.security) ?? globalSecurity,
    });
  }
  const [baseUrl, ...otherServers] = servers(doc, swagger);
  return {
    version,
    title: String(record(doc.info).title ?? ''),
    baseUrl,
    otherServers,
    operations,
    securitySchemes: securitySchemes(doc, swagger),
    security: globalSecurity,
  };
}
