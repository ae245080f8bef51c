/**
 * What the probe found, written into the RESTAPIConfig, without I/O: the data selector, the
 * verified paginator (or, when none was verified, an explicit single page with the reasons), the
 * primary key when a field identifies the records (else, with no incremental, write_disposition
 * replace); comments for the script and warnings for the summary, also for each resource the probe
 * was for but did not reach (skipped, failed) that has no paginator.
 */
import type { PyValue } from '../../../shared/python/literal.js';
import { reloadsWhole } from '../reload-disposition.js';
import {
  type ConfigDict,
  endpointOf,
  isDict,
  PARENT_PLACEHOLDER,
  parentsReferenced,
  type RestApiConfig,
  resourceName,
} from '../vocabulary.js';
import { scrubText } from './fixtures.js';
import type { ApiProbe } from './probe-api.js';
import type { ResourceProbe } from './probe-resource.js';
import { recordsAt } from './records.js';
import { dataSelectorGiven, isSinglePage, paginatorGiven, primaryKeyOf, resourceDict } from './targets.js';

export interface ProbeApplied {
  config: RestApiConfig;
  /** Comment paragraphs to write above a resource in the script, by resource name. */
  comments: Map<string, string[]>;
  warnings: string[];
  /** What the probe found, one line per resource, for the summary. */
  notes: string[];
  /** Resources left out because the API does not have them (404), and their children. */
  leftOut: string[];
}

const keysOf = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.map(String) : [];

/**
 * How to get past a 401/403: the credentials to give, where the pipeline reads them, and how to
 * probe again (a re-run keeps an existing script's client and resources, so it probes nothing).
 */
function deniedAdvice(api: ApiProbe): string {
  const given = api.credentials.secrets.length > 0;
  const reprobe =
    'to probe, remove the generated script and generate it again with the credentials given' +
    ' (a re-run keeps an existing script as it is and probes only new resources)';
  if (given) {
    return (
      ': it refused the credentials given. Correct them in .dlt/secrets.toml, where the pipeline reads them; ' +
      reprobe
    );
  }
  return (
    ': it wants credentials. Give them with --auth and its option (--auth bearer --token ..., ' +
    '--auth api_key --api-key ..., --auth http_basic --username ... --password ...), or set the auth in ' +
    "the script's client and its credentials in .dlt/secrets.toml; " +
    reprobe
  );
}

export function applyProbes(config: RestApiConfig, api: ApiProbe): ProbeApplied {
  const comments = new Map<string, string[]>();
  const warnings: string[] = [];
  const notes: string[] = [];
  if (api.notProbed && !api.skipped) {
    warnings.push(
      `The API was not probed: ${api.notProbed}${api.denied ? deniedAdvice(api) : ''}. Paginators and data selectors not given are left to dlt's detection: check the pages it loads.`,
    );
  }
  /** Resources the spec lists that the API does not have (404): left out of the script. */
  const missing = new Set<string>();
  /** Resources whose spec the API contradicted (records elsewhere, a key they lack, paging). */
  const corrected = new Set<string>();
  const mapped = config.resources.map((original) => {
    const name = resourceName(original);
    const probe = api.probes.find((p) => p.resource === name);
    if (api.fromSpec && name !== undefined && probe?.status === 404) {
      missing.add(name);
      warnings.push(
        `${name} is left out of the script: ${probe.failure}, so the API has no such endpoint, though the spec lists it (its first run would stop there).`,
      );
      return original;
    }
    if (!probe || probe.failure || name === undefined) {
      const unpaged =
        name !== undefined && api.resources.includes(name) && !paginatorGiven(config, resourceDict(original));
      if (probe?.failure && !unpaged) warnings.push(`${name} was not probed: ${probe.failure}.`);
      if (!unpaged) return original;
      // never a silent single page: dlt falls back to one when it cannot detect the paging
      const why = probe?.failure ?? `the API was not probed: ${api.notProbed ?? 'no answer'}`;
      comments.set(name, [
        `No paginator was given and none verified (${why}): dlt guesses one from the first response ` +
          'and loads ONE page when it cannot tell. If the endpoint has more pages, set "paginator" here ' +
          '(or generate it with paginator=TYPE in --resources, or --paginator; or without --no-probe ' +
          'to let the probe verify one).',
      ]);
      // what to do besides giving the paginator: what stopped the probe tells
      const retry =
        probe?.status === 404
          ? 'and check its path (path=P in --resources) and the base URL: the API has no such endpoint'
          : probe?.failure
            ? 'or generate it again once the endpoint answers'
            : api.skipped
              ? 'or generate it without --no-probe with the API reachable'
              : 'or generate it again with the API reachable and its credentials given';
      warnings.push(
        `${name}: pagination not verified (${why}); dlt may load only its first page: give its paginator ` +
          `(paginator=TYPE in --resources, or --paginator), ${retry}.`,
      );
      return original;
    }
    const resource = structuredClone(resourceDict(original));
    const endpoint: ConfigDict = { ...endpointOf(resource) };
    const said: string[] = [];
    const found: string[] = [`records at "${probe.dataSelector}"`];
    if (!dataSelectorGiven(config, resource)) endpoint.data_selector = probe.dataSelector!;
    else {
      const missed = missedSelector(endpoint.data_selector ?? config.resource_defaults?.data_selector, probe);
      if (missed !== undefined && api.fromSpec) {
        corrected.add(name);
        endpoint.data_selector = probe.dataSelector!;
        said.push(
          `The spec puts the records at "${missed}", where the API's answer has none: data_selector "${probe.dataSelector}", where the probe found them.`,
        );
        warnings.push(
          `${name}: the spec puts its records at "${missed}", but the API answered them at "${probe.dataSelector}"; the script reads them there.`,
        );
      } else if (missed !== undefined) {
        warnings.push(
          `${name}: data_selector ${missed} finds no records in the API's answer, which holds them at "${probe.dataSelector}": give data_selector=${probe.dataSelector}, or dlt loads nothing.`,
        );
      }
    }
    if (api.fromSpec && isSinglePage(endpoint.paginator) && probe.paginator) {
      // the spec showed no paging; page 2 of the live API brought new records
      corrected.add(name);
      endpoint.paginator = probe.paginator.config as PyValue;
      said.push(
        `The spec shows no paging, but the probe verified a paginator: ${probe.paginator.label}; page 2 brought new records.`,
      );
      warnings.push(
        `${name}: the spec shows no paging, but page 2 of the API brought new records: paginator ${probe.paginator.label} (the spec's single page would have loaded the first page only).`,
      );
      found.push(`paginator ${probe.paginator.label}`);
    } else if (!paginatorGiven(config, resource)) {
      if (probe.paginator) {
        endpoint.paginator = probe.paginator.config as PyValue;
        said.push(`Paginator verified by the probe: ${probe.paginator.label}; page 2 brought new records.`);
        found.push(`paginator ${probe.paginator.label}`);
      } else {
        endpoint.paginator = 'single_page';
        said.push(
          `The probe verified no paginator, so this loads ONE page: ${probe.tried.join('; ')}. Set the paginator if ${probe.url} has more pages.`,
        );
        warnings.push(
          `${name}: no paginator verified (${probe.tried.join('; ')}); the script loads one page (paginator single_page): set its paginator if the endpoint has more pages.`,
        );
      }
    }
    resource.endpoint = endpoint;
    let givenKeys = keysOf(primaryKeyOf(config, resource));
    const absent = givenKeys.filter((key) => !probe.fields.includes(key));
    if (absent.length > 0 && api.fromSpec && resource.primary_key !== undefined) {
      // a merge on a key the records lack fails in dlt's normalize: the spec was wrong about it
      corrected.add(name);
      delete resource.primary_key;
      givenKeys = [];
      said.push(`The spec's key ${absent.join(', ')} is not a field of the records the API answered.`);
      warnings.push(
        `${name}: the spec's primary key ${absent.join(', ')} is not a field of its records (they have ${probe.fields.join(', ') || 'no fields'}); ${probe.primaryKeys.length > 0 ? `the script merges on ${probe.primaryKeys[0]} instead, which identifies them on the page` : 'the script gives it no key'}.`,
      );
    }
    if (givenKeys.length > 0 && absent.length > 0) {
      warnings.push(
        `${name}: primary_key ${absent.join(', ')} is not a field of its records (they have ${probe.fields.join(', ') || 'no fields'}); give an existing field, or none.`,
      );
    } else if (givenKeys.length === 0 && probe.primaryKeys.length > 0) {
      resource.primary_key = probe.primaryKeys[0]!;
      found.push(`primary key ${probe.primaryKeys[0]}`);
      if (api.fromSpec && resource.write_disposition === 'replace') {
        // the spec named no key, so it replaced: with one found, it merges
        delete resource.write_disposition;
        said.push(
          `The probe found the key ${probe.primaryKeys[0]}: it merges on it instead of replacing its table.`,
        );
      }
    } else if (givenKeys.length === 0 && reloadsWhole(config, resource)) {
      // every run fetches the whole endpoint: appending would load every record again each time
      resource.write_disposition = 'replace';
      said.push(
        'No field identifies its records (no primary key), and every run fetches them all: write_disposition ' +
          'replace, so each run replaces the table instead of appending every record again. Set primary_key ' +
          'to merge on it, or write_disposition "append" to keep a copy from every run.',
      );
      warnings.push(
        `${name}: its records have no primary key candidate; write_disposition replace, so each run reloads the table instead of appending every record again: give primary_key=<field> to merge, or write_disposition=append to keep every copy.`,
      );
      found.push('no primary key (write_disposition replace)');
    }
    if (probe.dateTimeFields.length > 0) {
      said.push(
        `Date-time fields for incremental loading: ${probe.dateTimeFields.join(', ')} (yo dlt:incremental adds it).`,
      );
      found.push(`date-time fields ${probe.dateTimeFields.join(', ')}`);
    }
    comments.set(name, said);
    notes.push(`${name}: ${found.join('; ')}`);
    return resource;
  });
  const resources = withoutMissing(mapped, missing, warnings);
  if (api.beyondLimit && api.beyondLimit.length > 0 && !api.notProbed) {
    const shown = api.beyondLimit.slice(0, 5).join(', ');
    const more = api.beyondLimit.length > 5 ? ` and ${api.beyondLimit.length - 5} more` : '';
    const doubt =
      corrected.size > 0
        ? ` The spec was wrong about ${corrected.size} of those ${api.resources.length}, so these may be wrong too: generate them again with --endpoints (10 are checked a run).`
        : '';
    warnings.push(
      `The probe checked the spec against the API for its first ${api.resources.length} resources; ${shown}${more} are written as the spec says, unchecked.${doubt}`,
    );
  }
  warnings.push(...missingParentFields(resources, api));
  // a URL in a message may carry a credential given as a query parameter
  const clean = (text: string) => scrubText(text, api.credentials);
  return {
    config: { ...config, resources },
    leftOut: [...missing],
    comments: new Map([...comments].map(([name, said]) => [name, said.map(clean)])),
    warnings: warnings.map(clean),
    notes: notes.map(clean),
  };
}

/**
 * The data selector given, when it finds no records in the first page while the probe found them
 * elsewhere; undefined when it finds them, or is no plain dotted path this can follow.
 */
function missedSelector(selector: unknown, probe: ResourceProbe): string | undefined {
  const body = probe.pages[0]?.body;
  if (typeof selector !== 'string' || probe.dataSelector === undefined || body === undefined)
    return undefined;
  const path = selector.replace(/^\$\./, '');
  if (!/^(\$|[^.[\]*?@()]+(\.[^.[\]*?@()]+)*)$/.test(path) || path === probe.dataSelector) return undefined;
  const records = recordsAt(body, path);
  return records === undefined || records.length === 0 ? selector : undefined;
}

/**
 * Children whose path or include_from_parent reads a field the probed parent's records lack: dlt
 * stops there at run time ("Resource expects a field ..."), after loading the parent.
 */
function missingParentFields(resources: readonly (string | ConfigDict)[], api: ApiProbe): string[] {
  const fieldsOf = new Map(api.probes.filter((p) => !p.failure).map((p) => [p.resource, p.fields]));
  return resources.filter(isDict).flatMap((child) => {
    const path = endpointOf(child).path;
    const read = [...(typeof path === 'string' ? path.matchAll(PARENT_PLACEHOLDER) : [])];
    const parent = read[0]?.[1];
    const fields = parent === undefined ? undefined : fieldsOf.get(parent);
    if (parent === undefined || fields === undefined) return [];
    const included = Array.isArray(child.include_from_parent) ? child.include_from_parent.map(String) : [];
    const missing = [...new Set([...read.map((match) => match[2]!), ...included])].filter(
      (field) => !fields.includes(field),
    );
    if (missing.length === 0) return [];
    return [
      `${String(child.name)}: reads ${missing.join(', ')} from the records of ${parent}, which have no such field (they have ${fields.join(', ') || 'none'}); dlt stops there at run time: give the field that fills it.`,
    ];
  });
}

/**
 * The resources without the ones the API does not have, and without every resource whose path
 * reads one of those (a child left without its parent is a config dlt refuses).
 */
function withoutMissing(
  resources: readonly (string | ConfigDict)[],
  missing: Set<string>,
  warnings: string[],
): (string | ConfigDict)[] {
  if (missing.size === 0) return [...resources];
  let kept = [...resources];
  for (let changed = true; changed; ) {
    changed = false;
    kept = kept.filter((resource) => {
      const name = resourceName(resource);
      if (name !== undefined && missing.has(name)) return false;
      const parent = isDict(resource)
        ? parentsReferenced(endpointOf(resource)).find((p) => missing.has(p))
        : undefined;
      if (parent === undefined) return true;
      warnings.push(`${String(name)} is left out too: it reads the records of ${parent}.`);
      missing.add(String(name));
      changed = true;
      return false;
    });
  }
  return kept;
}
