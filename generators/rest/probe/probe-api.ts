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
  credentials: ProbeCredentials;
}

export async function probeApi(
  config: RestApiConfig,
  options: { timeoutMs?: number; get?: GetPage } = {},
): Promise<ApiProbe> {
  const credentials = probeCredentials(config.client);
  const targets = probeTargets(config);
  const resources = targets.map((target) => target.resource);
  if (targets.length === 0) return { probes: [], resources, credentials };
  if (credentials.unusable) return { probes: [], resources, credentials, notProbed: credentials.unusable };
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
      return { probes, resources, credentials, notProbed: probe.failure, denied: probe.denied };
    probes.push(probe);
  }
  return { probes, resources, credentials };
}

/** The probe the run skipped (--no-probe): what applyProbes needs to say which resources it missed. */
export function probeSkipped(config: RestApiConfig, why: string): ApiProbe {
  const credentials = { headers: {}, query: {}, secrets: [], secretParams: [] };
  const resources = probeTargets(config).map((t) => t.resource);
  return { probes: [], resources, credentials, notProbed: why, skipped: true };
}
