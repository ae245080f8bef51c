/**
 * A full endpoint URL given where the base URL goes (`https://api.example.com/v1/customers`):
 * the base URL and the resource it names.
 */
import { toSnakeIdentifier } from '../../shared/python/naming.js';
import type { ConfigDict } from './vocabulary.js';

/** Path segments that end a base URL rather than name a resource: versions, `api`, numbers. */
const NOT_A_RESOURCE = /^(v\d+([._-]\d+)*|api|apis|rest|graphql|\d+)$/i;
const RESOURCE_SEGMENT = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export interface SplitUrl {
  baseUrl: string;
  resource: ConfigDict;
}

/** Undefined when the URL's last path segment does not look like a resource. */
export function splitEndpointUrl(url: string): SplitUrl | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const segments = parsed.pathname.split('/').filter(Boolean);
  const last = segments.at(-1);
  if (last === undefined || NOT_A_RESOURCE.test(last) || !RESOURCE_SEGMENT.test(last)) return undefined;
  const endpoint: ConfigDict = { path: last };
  const params = Object.fromEntries(parsed.searchParams);
  if (Object.keys(params).length > 0) endpoint.params = params;
  const base = `${parsed.origin}/${segments.slice(0, -1).join('/')}`;
  return {
    baseUrl: base.endsWith('/') && segments.length === 1 ? base.slice(0, -1) : base,
    resource: { name: toSnakeIdentifier(last), endpoint },
  };
}
