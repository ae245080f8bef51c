/**
 * Probes the resources of a RESTAPIConfig one after another, with the run's credentials; stops at
 * the first answer that concerns the whole API (no answer, 401, 403).
 */
import type { RestApiConfig } from '../vocabulary.js';
import { type GetPage, httpGetter } from './http.js';
import { probeResource, type ResourceProbe } from './probe-resource.js';
import { type ProbeCredentials, probeCredentials, probeTargets } from './targets.js';

export const PROBE_TIMEOUT_MS = 10_000;

export interface ApiProbe {
  probes: ResourceProbe[];
  /** The resources the probe was for (its targets), whether or not it reached them. */
  resources: string[];
  /** Why the API (or the rest of it) was not probed. */
  notProbed?: string;
  /** It was not probed because it refused the credentials (401, 403), or the lack of them. */
  denied?: boolean;
  /** The user skipped the probe (--no-probe): only what it leaves unverified is worth a warning. */
  skipped?: boolean;
  /**
   * The config was read from an OpenAPI spec: where the live API contradicts it (records elsewhere,
   * no such key field), the API's answer is written instead.
   */
  fromSpec?: boolean;
  /** The resources left unprobed beyond the limit. */
  beyondLimit?: string[];
  credentials: ProbeCredentials;
}

/** Resources a spec's run checks against the API at most: one request each, a few seconds in all. */
export const SPEC_PROBE_LIMIT = 10;

export async function probeApi(
  config: RestApiConfig,
  options: { timeoutMs?: number; get?: GetPage; fromSpec?: boolean } = {},
): Promise<ApiProbe> {
  const credentials = probeCredentials(config.client);
  const all = probeTargets(config, { verify: options.fromSpec });
  const targets = options.fromSpec ? all.slice(0, SPEC_PROBE_LIMIT) : all;
  const resources = targets.map((target) => target.resource);
  const spec = options.fromSpec
    ? {
        fromSpec: true,
        ...(all.length > targets.length && {
          beyondLimit: all.slice(targets.length).map((target) => target.resource),
        }),
      }
    : {};
  if (targets.length === 0) return { probes: [], resources, credentials, ...spec };
  if (credentials.unusable)
    return { probes: [], resources, credentials, notProbed: credentials.unusable, ...spec };
  const get =
    options.get ??
    httpGetter({
      headers: credentials.headers,
      query: credentials.query,
      timeoutMs: options.timeoutMs ?? PROBE_TIMEOUT_MS,
    });
  const probes: ResourceProbe[] = [];
  for (const target of targets) {
    const probe = await probeResource(get, target);
    if (probe.apiFailure)
      return { probes, resources, credentials, notProbed: probe.failure, denied: probe.denied, ...spec };
    probes.push(probe);
  }
  return { probes, resources, credentials, ...spec };
}

/** The probe the run skipped (--no-probe): what applyProbes needs to say which resources it missed. */
export function probeSkipped(config: RestApiConfig, why: string): ApiProbe {
  const credentials = { headers: {}, query: {}, secrets: [], secretParams: [] };
  const resources = probeTargets(config).map((t) => t.resource);
  return { probes: [], resources, credentials, notProbed: why, skipped: true };
}
