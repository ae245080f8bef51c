/**
 * The client's auth from the spec's security schemes, as a rest_api auth dict whose credentials
 * the plan turns into secrets.toml placeholders: http bearer -> bearer, http basic -> http_basic,
 * apiKey in a header or the query -> api_key with its name, oauth2 with a client-credentials flow
 * -> oauth2_client_credentials with its token URL, for the chosen operations that require auth
 * (none require it: no auth). The scheme the document requires comes first, then the one most of
 * those operations accept.
 */
import type { ConfigDict } from '../vocabulary.js';
import type { ApiDocument, Operation, SecurityScheme } from './document.js';

export interface DetectedAuth {
  auth?: ConfigDict;
  from: string;
  /** What the user must know: a scheme dlt has no shorthand for, a choice among several. */
  notes: string[];
}

function authFor(scheme: SecurityScheme, baseUrl: string | undefined): ConfigDict | undefined {
  if (scheme.type === 'http' && scheme.scheme === 'bearer') return { type: 'bearer' };
  if ((scheme.type === 'http' && scheme.scheme === 'basic') || scheme.type === 'basic')
    return { type: 'http_basic' };
  if (scheme.type === 'apiKey' && (scheme.in === 'header' || scheme.in === 'query') && scheme.paramName) {
    return { type: 'api_key', name: scheme.paramName, location: scheme.in };
  }
  if (scheme.type === 'oauth2' && scheme.clientCredentialsTokenUrl) {
    let url = scheme.clientCredentialsTokenUrl;
    try {
      url = new URL(url, baseUrl).href;
    } catch {
      // a relative token URL and no absolute base URL: written as the spec has it
    }
    return { type: 'oauth2_client_credentials', access_token_url: url };
  }
  return undefined;
}

function describe(scheme: SecurityScheme): string {
  if (scheme.type === 'apiKey') return `apiKey "${scheme.name}" (${scheme.in} ${scheme.paramName})`;
  if (scheme.type === 'oauth2') return `oauth2 "${scheme.name}" (${scheme.flows.join(', ') || 'no flows'})`;
  return `${scheme.type}${scheme.scheme ? ` ${scheme.scheme}` : ''} "${scheme.name}"`;
}

/**
 * An operation needs auth when its security (its own, else the document's) names a scheme in every
 * alternative: `security: []` turns it off, an empty alternative (`{}`) makes it optional.
 */
const needsAuth = (operation: Operation) =>
  operation.security.length > 0 && operation.security.every((alternative) => alternative.length > 0);

/** The paths of some operations, the first few of many. */
function pathsOf(operations: readonly Operation[]): string {
  const named = operations.slice(0, 5).map((o) => o.path);
  return operations.length > 5 ? `${named.join(', ')} and ${operations.length - 5} more` : named.join(', ');
}

export function detectAuth(
  document: ApiDocument,
  selected: readonly Operation[],
  baseUrl?: string,
): DetectedAuth {
  if (document.securitySchemes.length === 0)
    return { from: 'the spec declares no security schemes', notes: [] };
  // a spec that declares schemes and requires none anywhere leaves it open: its schemes are taken
  const requiresAny = document.security.length > 0 || document.operations.some((o) => o.security.length > 0);
  const operations = requiresAny ? selected.filter(needsAuth) : selected;
  if (requiresAny && operations.length === 0)
    return { from: 'none of the chosen endpoints requires auth in the spec', notes: [] };
  const uses = new Map<string, number>();
  for (const operation of operations) {
    for (const name of new Set(operation.security.flat())) uses.set(name, (uses.get(name) ?? 0) + 1);
  }
  // the document's own requirement first, where the chosen operations keep it
  for (const name of document.security.flat()) if (uses.has(name)) uses.set(name, uses.get(name)! + 1000);
  const ranked = [...document.securitySchemes].sort(
    (a, b) => (uses.get(b.name) ?? 0) - (uses.get(a.name) ?? 0),
  );
  const required = ranked.filter((s) => (uses.get(s.name) ?? 0) > 0);
  const candidates = required.length > 0 ? required : ranked;
  const chosen = candidates.find((scheme) => authFor(scheme, baseUrl));
  const notes: string[] = [];
  const open = requiresAny ? selected.filter((o) => !needsAuth(o)) : [];
  if (
    open.length > 0 &&
    (chosen || candidates.some((s) => s.type === 'oauth2' || s.type === 'openIdConnect'))
  ) {
    notes.push(
      `the client's auth is sent to every endpoint, also to those the spec requires none for: ${pathsOf(open)}`,
    );
  }
  if (!chosen) {
    const oauth = candidates.find((s) => s.type === 'oauth2' || s.type === 'openIdConnect');
    if (oauth) {
      notes.push(
        `the spec's ${describe(oauth)} has no client-credentials flow dlt can run: wrote bearer auth; put an access token in secrets.toml`,
      );
      return { auth: { type: 'bearer' }, from: `the security scheme ${describe(oauth)}`, notes };
    }
    notes.push(
      `no auth written: dlt has no shorthand for ${candidates.map(describe).join(', ')}; add it in the script`,
    );
    return { from: "the spec's security schemes", notes };
  }
  const others = candidates.filter((s) => s !== chosen && authFor(s, baseUrl));
  if (others.length > 0)
    notes.push(`auth from ${describe(chosen)}; the spec also accepts ${others.map(describe).join(', ')}`);
  return { auth: authFor(chosen, baseUrl), from: `the security scheme ${describe(chosen)}`, notes };
}
