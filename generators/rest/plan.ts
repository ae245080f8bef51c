/**
 * The plan of dlt:rest, without I/O: from a RESTAPIConfig and the project's existing pipeline
 * script (if any) to the script's new text, the TOML entries, the requirements and the warnings.
 */

import { AUTH_CREDENTIAL_FIELDS, AUTH_SETTING_FIELDS } from '../../shared/dlt/rest-vocabulary.js';
import { sourceSection } from '../../shared/dlt/source-section.js';
import { UsageError } from '../../shared/plan/errors.js';
import type { Plan, TextFile } from '../../shared/plan/plan.js';
import type { PipelineInfo } from '../../shared/plan/run-state.js';
import { ROOT_CONFTEST } from '../../shared/project/conftest.js';
import type { TomlEntry } from '../../shared/toml/entry.js';
import { PLACEHOLDER } from '../../shared/toml/placeholders.js';
import { addToExistingPipeline, type ExistingPipeline } from './existing.js';
import { applyProbes } from './probe/apply.js';
import { fixtureOf } from './probe/fixtures.js';
import type { ApiProbe } from './probe/probe-api.js';
import { withChildDispositions } from './reload-disposition.js';
import { renderPipelineScript, scriptName } from './render.js';
import {
  fixturePath,
  renderRestSmokeTest,
  SMOKE_TEST_DEV_REQUIREMENTS,
  smokeTestPath,
} from './render-smoke-test.js';
import { extractSettings, type SourceArg } from './settings.js';
import { configProblems } from './validate.js';
import {
  type ConfigDict,
  endpointOf,
  isDict,
  parentsReferenced,
  type RestApiConfig,
  resourceName,
} from './vocabulary.js';

export interface RestPlanInput {
  pipelineName: string;
  datasetName: string;
  destination: string;
  config: RestApiConfig;
  /** True when the config came from a --spec file: literal secrets in it are reported. */
  fromSpec: boolean;
  /** The pipeline script already in the project under this name, parsed. */
  existing?: ExistingPipeline;
  /**
   * The client settings given this run (options, answers file, spec), by their config key:
   * `base_url`, `auth` and its fields (`token`, `api_key`, ...), `paginator` and `paginator_params`.
   * On an existing script only these may change a TOML value or raise a warning; the others are
   * remembered answers, which never beat what the script and the TOML files hold. Undefined: all.
   */
  givenClient?: ReadonlySet<string>;
  /** Comment lines to write above resources, by resource name (dlt:rest --openapi). */
  resourceComments?: ReadonlyMap<string, readonly string[]>;
  /** What the live probe of the API found (undefined: not probed). */
  probe?: ApiProbe;
  /** A conftest.py in the project root already puts it on sys.path for pytest. */
  hasRootConftest?: boolean;
  /**
   * Settings the config's code reads besides those extracted from it (dlt:rest --openapi: path
   * parameters no parent fills), each a source argument read from config.toml.
   */
  settings?: readonly { name: string; comment: string }[];
  /**
   * Credentials given as options for the client auth a --spec or --openapi document declares, by
   * the auth field they fill (token, api_key ...): its secrets.toml value instead of a placeholder.
   */
  credentials?: Readonly<Record<string, string>>;
}

/**
 * Its files: the script when it changes, then the offline smoke test and its recorded responses (a
 * new script whose API was probed).
 */
export interface RestPlan extends Plan {
  files: TextFile[];
  script: string;
  /** The script's new text; undefined when it does not change. */
  contents?: string;
  /** Resources written (all of them for a new script, the new ones for an existing one). */
  added: string[];
  /** Resources already in the existing script, left as they are. */
  kept: string[];
  /** What the probe found, one line per resource. */
  probeNotes: string[];
}

/** The parts every dlt:rest plan shares: the script first among the files, settings, the pipeline. */
function restPlan(
  parts: Omit<RestPlan, 'files' | 'gitignore' | 'performanceAdvice' | 'pipelines' | 'nextSteps'>,
  pipeline: PipelineInfo,
  smokeTest: TextFile[],
): RestPlan {
  const script = parts.contents === undefined ? [] : [{ path: parts.script, contents: parts.contents }];
  return {
    ...parts,
    files: [...script, ...smokeTest],
    gitignore: true,
    // only into a config.toml this run creates: a user who removed the block does not get it back
    performanceAdvice: 'new-config-only',
    pipelines: [pipeline],
    nextSteps: [],
  };
}

/**
 * rest_api is part of dlt itself: the destination's extra comes from dlt:destination and the
 * dashboard's from registering the pipeline (DltGenerator.registerPipeline).
 */
export const REQUIREMENTS = ['dlt'];

/**
 * Performance advice that is always safe: a child resource that is no one's parent and has no
 * incremental cursor fetches its parents' children in parallel (dlt's `parallelized`).
 */
export function withParallelChildren(resources: (string | ConfigDict)[]): (string | ConfigDict)[] {
  // each resource's endpoint is searched once (a spec makes thousands of resources)
  const parentsOf = resources.map((resource) =>
    isDict(resource) ? parentsReferenced(endpointOf(resource)) : [],
  );
  const parents = new Set(parentsOf.flat());
  return resources.map((resource, index) => {
    if (!isDict(resource) || resource.parallelized !== undefined) return resource;
    const endpoint = endpointOf(resource);
    const isChild = parentsOf[index]!.length > 0;
    const independent = !parents.has(String(resource.name)) && endpoint.incremental === undefined;
    return isChild && independent ? { ...resource, parallelized: true } : resource;
  });
}

/**
 * A primary key without a write disposition means merge: on dlt's default (append) every run would
 * load the same rows again. resource_defaults with a primary_key and no write_disposition get
 * `merge`; a resource with a primary_key (its own or the defaults') and no write_disposition (its
 * own or the defaults') likewise. The script then spells it out.
 */
export function withMergeForPrimaryKeys(config: RestApiConfig): RestApiConfig {
  const defaults = config.resource_defaults;
  const mergeDefaults =
    isDict(defaults) && defaults.primary_key !== undefined && defaults.write_disposition === undefined;
  const resourceDefaults = mergeDefaults ? { ...defaults, write_disposition: 'merge' } : defaults;
  const inherited = resourceDefaults?.write_disposition;
  const resources = config.resources.map((resource) =>
    isDict(resource) &&
    resource.primary_key !== undefined &&
    resource.write_disposition === undefined &&
    inherited === undefined
      ? { ...resource, write_disposition: 'merge' }
      : resource,
  );
  return { ...config, ...(resourceDefaults && { resource_defaults: resourceDefaults }), resources };
}

/** Paginators that fail on a response without their total: a list of children usually has none. */
const PAGINATORS_NEEDING_A_TOTAL = new Set(['offset', 'page_number']);

/**
 * Children that inherit such a paginator from the client: dlt then expects the client's paging in
 * every child response, and a child endpoint that returns a plain list fails at run time.
 */
export function inheritedPaginatorWarnings(config: RestApiConfig): string[] {
  const paginator = config.client.paginator;
  const type = isDict(paginator) ? paginator.type : paginator;
  const needsTotal = isDict(paginator) && paginator.total_path !== null;
  if (typeof type !== 'string' || !PAGINATORS_NEEDING_A_TOTAL.has(type) || !needsTotal) return [];
  if (config.resource_defaults && endpointOf(config.resource_defaults).paginator !== undefined) return [];
  return config.resources
    .filter((resource): resource is ConfigDict => isDict(resource))
    .filter((resource) => parentsReferenced(endpointOf(resource)).length > 0)
    .filter((resource) => endpointOf(resource).paginator === undefined)
    .map(
      (resource) =>
        `${String(resource.name)} uses the client's ${type} paginator; if its endpoint is not paged that way, give it paginator=single_page.`,
    );
}

function tomlEntries(pipelineName: string, args: readonly SourceArg[]): TomlEntry[] {
  return args.map((arg) => ({
    table: sourceSection(pipelineName),
    key: arg.name,
    value: arg.value,
    secret: arg.secret,
    comment: arg.comment,
  }));
}

function describe(where: string): string {
  return where.replace(/\.endpoint\./, '.');
}

export function planRest(planInput: RestPlanInput): RestPlan {
  const probed = planInput.probe ? applyProbes(planInput.config, planInput.probe) : undefined;
  const afterProbes = probed
    ? {
        ...planInput,
        config: probed.config,
        resourceComments: joinComments(planInput.resourceComments, probed.comments),
      }
    : planInput;
  const children = withChildDispositions(afterProbes.config, afterProbes.existing?.resourceNames);
  const input = {
    ...afterProbes,
    config: children.config,
    resourceComments: joinComments(afterProbes.resourceComments, children.comments),
  };
  const { pipelineName, existing } = input;
  const script = scriptName(pipelineName);
  if (probed && probed.leftOut.length > 0 && input.config.resources.length === 0) {
    throw new UsageError(
      `The API answers none of the endpoints the probe checked (${probed.leftOut.join(', ')}: 404 at ` +
        `${String(input.config.client.base_url)}); nothing was written. Check the base URL (--base-url), ` +
        'or generate without the probe (--no-probe) to write them as the spec says.',
    );
  }
  const problems = configProblems(input.config, { existingResources: existing?.resourceNames });
  if (problems.length > 0) {
    throw new UsageError(
      `The REST API config has problems; nothing was written:\n  ${problems.join('\n  ')}`,
    );
  }

  const warnings: string[] = [...(probed?.warnings ?? []), ...children.warnings];
  const probeNotes = probed?.notes ?? [];
  const extracted = extractSettings(withMergeForPrimaryKeys(input.config), input.fromSpec);
  if (extracted.movedSecrets.length > 0) {
    warnings.push(
      `The spec holds secrets in plain text (${extracted.movedSecrets.map(describe).join(', ')}); ` +
        `they were moved to .dlt/secrets.toml [sources.${pipelineName}] and the code reads them from there. ` +
        'Remove them from the spec file.',
    );
  }
  const config = { ...extracted.config, resources: withParallelChildren(extracted.config.resources) };
  const taken = new Set(extracted.args.map((arg) => arg.name));
  // the client's auth fields are its first arguments after base_url, named as the fields
  const credentials = input.credentials ?? {};
  const args: SourceArg[] = [
    ...extracted.args.map((arg) =>
      credentials[arg.name] === undefined ? arg : { ...arg, value: credentials[arg.name]! },
    ),
    ...(input.settings ?? [])
      .filter((setting) => !taken.has(setting.name))
      .map((setting) => ({
        name: setting.name,
        secret: false,
        value: PLACEHOLDER,
        comment: setting.comment,
      })),
  ];
  warnings.push(...inheritedPaginatorWarnings(input.config));
  const pipeline: PipelineInfo = {
    name: pipelineName,
    script,
    datasetName: input.datasetName,
    destination: input.destination,
  };

  if (!existing) {
    const contents = renderPipelineScript({ ...input, args, config });
    const files = smokeTestFiles(input, script, args);
    return restPlan(
      {
        script,
        contents,
        added: config.resources.map((r) => resourceName(r)!),
        kept: [],
        toml: tomlEntries(pipelineName, args),
        requirements: REQUIREMENTS,
        devRequirements: files.length > 0 ? SMOKE_TEST_DEV_REQUIREMENTS : [],
        warnings,
        probeNotes,
      },
      pipeline,
      files,
    );
  }

  const kept = config.resources
    .map((r) => resourceName(r)!)
    .filter((name) => existing.resourceNames.includes(name));
  const newResources = config.resources.filter((r) => !kept.includes(resourceName(r)!));
  if (kept.length > 0) {
    warnings.push(`${script} already has ${kept.join(', ')}; kept as they are (edit them there).`);
  }
  // arguments the new resources read (their own auth, headers, parameters) that the script lacks
  const clientArgs = new Set(argsUsedBy(config.client));
  const newArgs = args.filter(
    (arg) =>
      !clientArgs.has(arg.name) &&
      !existing.parameters.includes(arg.name) &&
      newResources.some((r) => argsUsedBy(r).includes(arg.name)),
  );
  const given = (key: string) => input.givenClient?.has(key) ?? true;
  const clientAuth = isDict(input.config.client.auth) ? String(input.config.client.auth.type) : 'none';
  const authGiven = given('auth') || [...AUTH_FIELDS].some(given);
  const authApplies = existing.authType === clientAuth;
  if (authGiven && !authApplies) {
    warnings.push(
      `${script} keeps its own client settings (auth ${existing.authType}); the ${clientAuth} auth given now was not applied: ` +
        `change the client's "auth" in ${script} by hand (its credentials go in .dlt/secrets.toml [sources.${pipelineName}]).`,
    );
  }
  warnings.push(...paginatorWarnings(script, input.config.client.paginator, existing.paginatorType, given));
  // a client setting the script already reads is written only when given this run (and, for auth
  // fields, when the script has that auth): a base_url that differs from config.toml is then a
  // conflict the TOML writer reports (kept, or taken with --force)
  const clientArgGiven = (arg: SourceArg) =>
    AUTH_FIELDS.has(arg.name) ? authApplies && given(arg.name) : given(arg.name);
  const tomlArgs = args.filter(
    (arg) =>
      newArgs.includes(arg) ||
      (existing.parameters.includes(arg.name) && (!clientArgs.has(arg.name) || clientArgGiven(arg))),
  );
  // the new resources' recorded pages join the smoke test, which replays every fixture it finds;
  // the test itself (and the root conftest) is written only when the project has none
  const files = smokeTestFiles(input, script, args).map((file) =>
    file.path.endsWith('.json') ? file : { ...file, rule: 'keep-existing' as const },
  );
  return restPlan(
    {
      script,
      contents:
        newResources.length > 0
          ? addToExistingPipeline(existing, newResources, newArgs, input.resourceComments)
          : undefined,
      added: newResources.map((r) => resourceName(r)!),
      kept,
      toml: tomlEntries(pipelineName, tomlArgs),
      requirements: REQUIREMENTS,
      devRequirements: files.length > 0 ? SMOKE_TEST_DEV_REQUIREMENTS : [],
      warnings,
      probeNotes,
    },
    pipeline,
    files,
  );
}

/** Comments by resource name from two sources, the first one's first. */
function joinComments(
  first: ReadonlyMap<string, readonly string[]> | undefined,
  second: ReadonlyMap<string, readonly string[]>,
): Map<string, string[]> {
  const joined = new Map<string, string[]>();
  for (const map of [first, second])
    for (const [name, lines] of map ?? []) joined.set(name, [...(joined.get(name) ?? []), ...lines]);
  return joined;
}

/**
 * The offline smoke test, with one fixture per probed resource: the pages the probe fetched for
 * the paginator the script has. None when no resource was probed.
 */
function smokeTestFiles(input: RestPlanInput, script: string, args: readonly SourceArg[]): TextFile[] {
  const probe = input.probe;
  const baseUrl = input.config.client.base_url;
  if (!probe || typeof baseUrl !== 'string') return [];
  const primaryKeyOf = (name: string) => {
    const resource = input.config.resources.find((r) => resourceName(r) === name);
    const key = isDict(resource)
      ? (resource.primary_key ?? input.config.resource_defaults?.primary_key)
      : undefined;
    return typeof key === 'string' ? key : undefined;
  };
  const fixtures = probe.probes
    .filter((p) => p.replayable)
    .flatMap((resourceProbe) => {
      const fixture = fixtureOf(resourceProbe, probe.credentials, primaryKeyOf(resourceProbe.resource));
      return fixture ? [{ ...fixture, base_url: baseUrl }] : [];
    });
  if (fixtures.length === 0) return [];
  const files: TextFile[] = fixtures.map((fixture) => ({
    path: fixturePath(input.pipelineName, fixture.resource),
    contents: `${JSON.stringify(fixture, null, 2)}\n`,
  }));
  files.push({
    path: smokeTestPath(input.pipelineName),
    contents: renderRestSmokeTest({
      pipelineName: input.pipelineName,
      datasetName: input.datasetName,
      script,
      args,
      baseUrl,
    }),
  });
  if (!input.hasRootConftest) files.push({ path: 'conftest.py', contents: ROOT_CONFTEST });
  return files;
}

/** Auth fields the client's auth reads from the TOML files (source arguments of the same name). */
const AUTH_FIELDS: ReadonlySet<string> = new Set([...AUTH_CREDENTIAL_FIELDS, ...AUTH_SETTING_FIELDS]);

/** A paginator given this run cannot change an existing script's client: say so. */
function paginatorWarnings(
  script: string,
  paginator: unknown,
  existingType: string,
  given: (key: string) => boolean,
): string[] {
  if (!given('paginator') && !given('paginator_params')) return [];
  const type = isDict(paginator)
    ? String(paginator.type)
    : typeof paginator === 'string'
      ? paginator
      : 'auto';
  if (type === existingType && !given('paginator_params')) return [];
  const what =
    type === existingType
      ? `the ${type} paginator's parameters given now were`
      : `the ${type} paginator given now was`;
  return [
    `${script} keeps its own client settings (paginator ${existingType}); ${what} not applied: ` +
      `change the client's "paginator" in ${script} by hand, or give the new resources their own (paginator=${type}).`,
  ];
}

/** Names of the source arguments a part of the config refers to (an f-string's by its fields). */
function argsUsedBy(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(argsUsedBy);
  if (!isDict(value)) {
    if (!('code' in value)) return [];
    const code = String((value as { code: string }).code);
    if (!/^f["']/.test(code)) return [code];
    return [...code.replace(/\{\{|\}\}/g, '').matchAll(/\{([A-Za-z_]\w*)\}/g)].map((m) => m[1]!);
  }
  return Object.values(value).flatMap(argsUsedBy);
}
