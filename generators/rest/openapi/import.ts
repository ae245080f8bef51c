/**
 * `dlt:rest --openapi`: from a loaded spec and the user's choices to the config the rest plan
 * takes. The endpoint choice goes through callbacks, so this module does no I/O itself: the shell
 * asks (a checkbox list in a terminal) or passes --endpoints.
 */
import { UsageError } from '../../../shared/plan/errors.js';
import { PLACEHOLDER } from '../../../shared/toml/placeholders.js';
import { baseUrlOf, buildConfig, type OpenApiBuild } from './build.js';
import type { ApiDocument } from './document.js';
import { defaultSelection, type Endpoint, namedSelection, resolveEndpoints } from './endpoints.js';

export interface EndpointChoice {
  value: string;
  name: string;
  checked: boolean;
  disabled?: string;
}

/** The GET endpoints as a checkbox list: grouped (by tag or first segment), with summaries. */
export function endpointChoices(endpoints: readonly Endpoint[]): EndpointChoice[] {
  const selected = new Set(defaultSelection(endpoints));
  return [...endpoints]
    .sort(
      (a, b) =>
        a.operation.group.localeCompare(b.operation.group) ||
        a.operation.path.localeCompare(b.operation.path),
    )
    .map((endpoint) => {
      const summary = endpoint.operation.summary ? ` - ${endpoint.operation.summary}` : '';
      return {
        value: endpoint.operation.path,
        name: `[${endpoint.operation.group}] ${endpoint.operation.path}${summary} (${endpoint.name})`,
        checked: selected.has(endpoint),
        ...(endpoint.blocked && { disabled: endpoint.blocked }),
      };
    });
}

export interface OpenApiImportInput {
  document: ApiDocument;
  specUrl?: string;
  /** --endpoints as given (comma separated), undefined when not given. */
  endpoints?: string;
  /** Asks the user to pick endpoints (a checkbox list); undefined when nothing can be asked. */
  pick?: (choices: EndpointChoice[]) => Promise<string[]>;
  /** The base URL the questions settled on (--base-url, or the spec's server). */
  baseUrl?: string;
  /**
   * Whether to write the incremental candidates as ready blocks: a boolean, or a question asked
   * only when the chosen endpoints have candidates (it gets their descriptions).
   */
  acceptIncremental: boolean | ((candidates: string[]) => Promise<boolean>);
}

export interface OpenApiImport extends OpenApiBuild {
  chosen: Endpoint[];
}

export const splitList = (text: string) =>
  text
    .split(/[,\s]+/)
    .map((item) => item.trim())
    .filter(Boolean);

export async function importOpenApi(input: OpenApiImportInput): Promise<OpenApiImport> {
  const endpoints = resolveEndpoints(input.document.operations);
  const notes: string[] = [];
  let chosen: Endpoint[];
  if (input.endpoints !== undefined) {
    const named = namedSelection(endpoints, splitList(input.endpoints));
    chosen = named.chosen;
    if (named.addedParents.length > 0) {
      notes.push(
        `added the parents the chosen children need: ${named.addedParents.map((e) => e.operation.path).join(', ')}`,
      );
    }
  } else if (input.pick) {
    const paths = await input.pick(endpointChoices(endpoints));
    const named = namedSelection(endpoints, paths);
    chosen = named.chosen;
    if (named.addedParents.length > 0) {
      notes.push(
        `added the parents the chosen children need: ${named.addedParents.map((e) => e.operation.path).join(', ')}`,
      );
    }
  } else {
    chosen = defaultSelection(endpoints);
  }
  if (chosen.length === 0) {
    throw new UsageError(
      '--openapi: no endpoint to load: the spec has no GET endpoint that returns a list without path parameters to fill (or none was chosen); name them with --endpoints.',
    );
  }
  const needSettings = endpoints.filter((e) => !e.blocked && e.settings.length > 0 && !chosen.includes(e));
  if (input.endpoints === undefined && input.pick === undefined && needSettings.length > 0) {
    notes.push(
      `${needSettings.length} GET endpoint(s) left out, their path parameters come from no list endpoint (e.g. ${needSettings[0]!.operation.path}): name them with --endpoints and fill the values in .dlt/config.toml`,
    );
  }
  const baseUrl = input.baseUrl && input.baseUrl !== PLACEHOLDER ? input.baseUrl : undefined;
  const build = (acceptIncremental: boolean) =>
    buildConfig({ document: input.document, specUrl: input.specUrl, chosen, baseUrl, acceptIncremental });
  let built = build(input.acceptIncremental === true);
  if (typeof input.acceptIncremental === 'function' && built.incremental.length > 0) {
    const described = built.incremental.map((i) => `${i.resource} (${i.candidate.from})`);
    if (await input.acceptIncremental(described)) built = build(true);
  }
  return { ...built, notes: [...notes, ...built.notes], chosen };
}

/** The base URL the spec gives (the --base-url question's default), if it gives an absolute one. */
export function specBaseUrl(document: ApiDocument, specUrl?: string): string | undefined {
  return baseUrlOf(document, specUrl).url;
}
