/**
 * The probe's only I/O: GET requests with Node's fetch, a timeout each, the run's credentials in
 * headers or query. Never another method.
 */
import type { ProbePage } from './paginators.js';

export type GetPage = (url: string) => Promise<ProbePage>;

export interface HttpOptions {
  headers: Record<string, string>;
  /** Query parameters every request carries (an API key in the query). */
  query: Record<string, string>;
  timeoutMs: number;
}

/** The API did not answer at all (refused, unknown host, timeout). */
export class ProbeUnreachable extends Error {}

export function httpGetter(options: HttpOptions): GetPage {
  return async (url) => {
    const target = new URL(url);
    for (const [key, value] of Object.entries(options.query)) target.searchParams.set(key, value);
    let response: Response;
    try {
      response = await fetch(target, {
        method: 'GET',
        headers: { accept: 'application/json', ...options.headers },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      throw new ProbeUnreachable(reasonOf(error, options.timeoutMs));
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { url, status: response.status, headers, body };
  };
}

function reasonOf(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer within ${timeoutMs / 1000} s`;
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
