const PYTHON_KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

export function toKebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}

export function toCamelCase(name: string): string {
  return name.replace(/[-_]+([a-zA-Z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** True for names usable as a Python identifier and a dlt schema name (dlt caps them at 64). */
export function isPythonIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && name.length <= 64 && !PYTHON_KEYWORDS.has(name);
}

/** Why `name` is no name of letters, digits and underscores that starts with no digit, or undefined. */
export function nameFault(name: string): string | undefined {
  if (name === '') return 'it is empty';
  const others = [...new Set(name.match(/[^A-Za-z0-9_]/gu) ?? [])];
  if (others.length > 0) return `it holds ${others.map((char) => JSON.stringify(char)).join(', ')}`;
  if (/^[0-9]/.test(name)) return 'it starts with a digit';
  return undefined;
}

/** Why `name` is not what isPythonIdentifier takes ("it is a Python keyword"), or undefined. */
export function identifierFault(name: string): string | undefined {
  const fault = nameFault(name);
  if (fault) return fault;
  if (name.length > 64) return `it is ${name.length} characters long`;
  if (PYTHON_KEYWORDS.has(name)) return 'it is a Python keyword';
  return undefined;
}

/** Turns free text ("GitHub issues", "my-api.com") into a snake_case Python identifier. */
export function toSnakeIdentifier(text: string): string {
  const snake = text
    .replace(/^https?:\/\//, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const name = /^[0-9]/.test(snake) ? `_${snake}` : snake;
  if (!name) return 'my_source';
  return PYTHON_KEYWORDS.has(name) ? `${name}_source` : name.slice(0, 64);
}

export const IDENTIFIER_RULE =
  'use letters, digits and underscores, not starting with a digit (a Python identifier, at most 64 characters)';

export function validateIdentifier(value: unknown): true | string {
  if (typeof value === 'string' && isPythonIdentifier(value)) return true;
  const fault = typeof value === 'string' ? identifierFault(value) : undefined;
  return `"${String(value)}" is not valid: ${fault ? `${fault}; ` : ''}${IDENTIFIER_RULE}`;
}

export function validateHttpUrl(value: unknown): true | string {
  if (typeof value !== 'string') return 'give an http:// or https:// URL';
  const shown = JSON.stringify(value);
  // checked on the text as given: the URL parser drops line breaks and tabs, and reads http:///x as http://x/
  if (/[\s"'<>\\`{}|^\p{Cc}]/u.test(value)) {
    return `${shown} is not a URL: it holds a blank, a line break, a quote or another character a URL cannot; give one such as https://api.example.com/v1`;
  }
  if (!/^https?:\/\/[^/?#@]*@?[^/?#@]+/i.test(value)) {
    return `${shown} is not an http(s) URL with a host: give one such as https://api.example.com/v1`;
  }
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '') return true;
  } catch {
    // fall through
  }
  return `${shown} is not an http(s) URL: give one such as https://api.example.com/v1`;
}

/** The last-resort name of a REST API pipeline, when nothing names the API. */
export const GENERIC_API_NAME = 'rest_api';

/** Words that say what kind of document or API it is, not which API: left out of a name. */
const GENERIC_API_WORDS = new Set([
  'api',
  'apis',
  'openapi',
  'swagger',
  'spec',
  'specification',
  'rest',
  'restful',
  'http',
  'json',
  'yaml',
  'docs',
  'definition',
  'definitions',
  'document',
  'documentation',
  'reference',
  'the',
  'a',
  'an',
  'for',
  'of',
  'and',
  'with',
]);

/**
 * A pipeline name from what names an API, best first: its names (an OpenAPI title such as
 * "Swagger Petstore - OpenAPI 3.0" -> petstore, a spec file's name), else the host of its URLs
 * (https://api.github.com -> github: without www./api. and the domain), else `rest_api`. Generic
 * words and versions are left out; the name is a Python identifier.
 */
export function apiPipelineName(api: {
  names?: readonly (string | undefined)[];
  urls?: readonly (string | undefined)[];
}): string {
  for (const name of api.names ?? []) {
    const fromName = name === undefined ? undefined : nameFromApiTitle(name);
    if (fromName) return fromName;
  }
  for (const url of api.urls ?? []) {
    const fromHost = url === undefined ? undefined : nameFromApiHost(url);
    if (fromHost) return fromHost;
  }
  return GENERIC_API_NAME;
}

function nameFromApiTitle(title: string): string | undefined {
  const words = title
    .split(/[^A-Za-z0-9.]+/)
    .filter((token) => !/^v?\d+(\.\d+)*$/i.test(token))
    .flatMap((token) => token.toLowerCase().split('.'))
    .filter((word) => word !== '' && !GENERIC_API_WORDS.has(word))
    .slice(0, 3);
  return words.length > 0 ? toSnakeIdentifier(words.join('_')) : undefined;
}

function nameFromApiHost(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  const label = host.replace(/^(www|api)\./, '').split('.')[0] ?? '';
  if (!label || /^\d/.test(label) || label === 'localhost' || host.startsWith('[')) return undefined;
  return toSnakeIdentifier(label);
}
