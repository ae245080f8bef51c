import { basename, resolve } from 'node:path';
import { UsageError } from '../../shared/plan/errors.js';
import { toKebabCase } from '../../shared/python/naming.js';
import type { Question } from '../../shared/questions/question.js';
import { DltGenerator, type DltOptions } from '../../shared/shell/dlt-generator.js';
import { configFromAnswers } from './answers-config.js';
import { askResources } from './ask-resources.js';
import { parseCompactDefaults, parseCompactResources } from './compact.js';
import { configuredBaseUrl } from './configured-base-url.js';
import { splitEndpointUrl } from './endpoint-url.js';
import { type ExistingPipeline, readExistingPipeline } from './existing.js';
import {
  AUTH_OPTION_NAMES,
  checkAuthOptions,
  credentialsForSpecAuth,
  fittingCredentials,
  withCredentials,
} from './given-credentials.js';
import { checkPaginatorOptions, PAGINATOR_PARAM_OPTIONS } from './given-paginator.js';
import type { EndpointChoice } from './openapi/import.js';
import type { LoadedDocument } from './openapi/load.js';
import { planRest, type RestPlan } from './plan.js';
import { type ApiProbe, probeApi, probeSkipped } from './probe/probe-api.js';
import { probeTargets } from './probe/targets.js';
import {
  clientQuestions,
  type QuestionContext,
  REPLACED_BY_OPENAPI,
  REPLACED_BY_SPEC,
  type RestAnswers,
  sourceQuestions,
} from './questions.js';
import { scriptName } from './render.js';
import { readSpec } from './spec.js';
import { configProblems } from './validate.js';
import { type ConfigDict, isDict, type RestApiConfig, resourceName } from './vocabulary.js';

/** Auth options, by the key of the client's auth they set (`auth` for the type and its settings). */
const AUTH_OPTIONS = new Map([
  ['auth', 'auth'],
  ['apiKeyLocation', 'auth'],
  ['apiKeyName', 'auth'],
  ['token', 'token'],
  ['apiKey', 'api_key'],
  ['username', 'username'],
  ['password', 'password'],
  ['tokenUrl', 'access_token_url'],
  ['clientId', 'client_id'],
  ['clientSecret', 'client_secret'],
]);

/** `yo dlt:rest`: a declarative rest_api pipeline that loads a REST API with dlt. */
export default class RestGenerator extends DltGenerator<RestAnswers> {
  private readonly context: QuestionContext;
  private readonly clientQuestions: readonly Question[];
  private plan?: RestPlan;

  constructor(args?: string[], options?: DltOptions) {
    const context: QuestionContext = { fromSpec: false };
    const questions = clientQuestions(context);
    super(args, options, [...questions, ...sourceQuestions]);
    this.context = context;
    this.clientQuestions = questions;
  }

  async prompting(): Promise<void> {
    const openapi = await this.readOpenApiOption();
    const spec = openapi ? undefined : this.readSpecOption();
    const answers = await this.resolveQuestions(this.clientQuestions);
    // on the command line an auth option this run does not use is refused (an --answers file may
    // hold answers for other runs and generators)
    const authOptions = this.givenAuthOptions((option) => this.givenOption(option));
    if (!openapi && !spec) {
      checkAuthOptions(answers.auth, authOptions);
      // without --paginator (and nobody asked) the probe or dlt picks the paginator: no parameter applies
      const chosen = this.given('paginator') !== undefined || this.canAsk ? answers.paginator : undefined;
      checkPaginatorOptions(
        chosen,
        PAGINATOR_PARAM_OPTIONS.filter((option) => this.givenOption(option) !== undefined),
      );
    }
    await this.composeDestination(answers.destination);

    const script = scriptName(answers.pipelineName);
    const existing = await this.readExisting(script);
    let resourceComments: Map<string, string[]> | undefined;
    let settings: { name: string; comment: string }[] | undefined;
    let config: RestApiConfig;
    if (openapi) {
      // loaded only with --openapi: the spec parser is large, and a plain run needs none of it
      const { importOpenApi } = await import('./openapi/import.js');
      const imported = await importOpenApi({
        document: openapi.document,
        specUrl: openapi.url,
        endpoints: this.given('endpoints') === undefined ? undefined : String(this.given('endpoints')),
        pick: this.canAsk ? (choices) => this.pickEndpoints(choices) : undefined,
        baseUrl: answers.baseUrl,
        acceptIncremental: this.acceptIncremental(),
      });
      config = imported.config;
      resourceComments = imported.comments;
      settings = imported.settings;
      for (const note of imported.notes) this.state.warnings.push(`--openapi: ${note}`);
    } else {
      config = spec
        ? this.withBaseUrl(spec.config, answers.baseUrl)
        : await this.configFromOptions(answers, existing);
    }
    const specAuth = config.client.auth;
    const source = openapi ? 'the OpenAPI spec' : 'the --spec file';
    const credentials =
      openapi || spec
        ? {
            ...fittingCredentials(
              specAuth,
              this.givenAuthOptions((option) => this.answersFile()[option]),
            ),
            ...credentialsForSpecAuth(specAuth, authOptions, source),
          }
        : undefined;
    for (const warning of spec?.warnings ?? []) this.state.warnings.push(`--spec: ${warning}`);

    // planned here, so that a bad config stops the run before any generator writes a file
    this.plan = planRest({
      pipelineName: answers.pipelineName,
      datasetName: answers.datasetName,
      destination: answers.destination,
      config,
      fromSpec: Boolean(spec),
      existing,
      givenClient: this.givenClient(spec?.config ?? (openapi ? config : undefined)),
      resourceComments,
      probe: await this.probe(
        openapi ? withCredentials(config, credentials) : config,
        existing,
        Boolean(openapi),
      ),
      hasRootConftest: this.fs.exists(this.destinationPath('conftest.py')),
      settings,
      credentials,
    });
    this.state.detected.push(...this.plan.probeNotes);
    if (!this.options.json) for (const note of this.plan.probeNotes) this.log(`  ${note}`);
    await this.refuseUnaskedPlanOverwrite(this.plan);
  }

  async writing(): Promise<void> {
    await this.applyPlan(this.plan!);
  }

  override async install(): Promise<void> {
    await super.install();
    const smokeTest = this.plan?.files.find((file) => file.path.startsWith('tests/test_'));
    if (smokeTest) {
      // the install step decided how to run Python in this project (uv run python, .venv/bin/python...)
      const python = this.state.runPrefix ?? 'python';
      this.state.nextSteps.push(
        `Test it offline, on the responses the probe recorded: ${python} -m pytest ${smokeTest.path}`,
      );
    }
  }

  /**
   * Probes the live API for the new resources whose paginator or data selector is not given (not
   * with --no-probe); for a config read from an OpenAPI spec (`fromSpec`), the first top-level ones
   * too, to check the spec. An API that does not answer, or refuses the credentials, is no error:
   * the plan says why it was not probed.
   */
  private async probe(
    config: RestApiConfig,
    existing: ExistingPipeline | undefined,
    fromSpec = false,
  ): Promise<ApiProbe | undefined> {
    // a spec's resources all have their paginator and data selector: --no-probe leaves none unverified
    if (fromSpec && this.given('probe') === false) return undefined;
    // a config with problems stops the run in planRest, before anything is asked of the API
    if (configProblems(config).length > 0) return undefined;
    const kept = new Set(existing?.resourceNames ?? []);
    const fresh = config.resources.filter((resource) => !kept.has(resourceName(resource) ?? ''));
    const toProbe = { ...config, resources: fresh };
    if (probeTargets(toProbe, { verify: fromSpec }).length === 0) return undefined;
    // skipped, the plan still says which resources' pagination nobody verified
    if (this.given('probe') === false) return probeSkipped(toProbe, '--no-probe was given');
    const api = await probeApi(toProbe, { fromSpec });
    if (!this.options.json && !api.notProbed) {
      this.log(`Probed ${String(config.client.base_url)}: ${api.probes.map((p) => p.resource).join(', ')}`);
    }
    return api;
  }

  /** The auth options (--token, --api-key ...) a source of answers gives, by option name. */
  private givenAuthOptions(source: (option: string) => unknown): Record<string, unknown> {
    const given: Record<string, unknown> = {};
    for (const option of AUTH_OPTION_NAMES) {
      const value = source(option);
      if (value !== undefined && value !== null && value !== '') given[option] = value;
    }
    return given;
  }

  /** The client settings given this run, by config key (see RestPlanInput.givenClient). */
  private givenClient(spec: RestApiConfig | undefined): Set<string> {
    const given = new Set<string>();
    if (this.given('baseUrl') !== undefined) given.add('base_url');
    if (spec) {
      if (spec.client.base_url !== undefined) given.add('base_url');
      if (spec.client.auth !== undefined)
        for (const key of ['auth', ...AUTH_OPTIONS.values()]) given.add(key);
      if (spec.client.paginator !== undefined) given.add('paginator');
      return given;
    }
    for (const [option, key] of AUTH_OPTIONS) if (this.given(option) !== undefined) given.add(key);
    if (this.given('paginator') !== undefined) given.add('paginator');
    if (PAGINATOR_PARAM_OPTIONS.some((option) => this.given(option) !== undefined))
      given.add('paginator_params');
    return given;
  }

  /** --openapi: loads the spec; it then stands in for the client and resource options. */
  private async readOpenApiOption(): Promise<LoadedDocument | undefined> {
    const source = this.given('openapi');
    if (source === undefined) {
      if (this.given('endpoints') !== undefined || this.given('openapiIncremental') !== undefined) {
        throw new UsageError('--endpoints and --openapi-incremental go with --openapi <spec file or URL>.');
      }
      return undefined;
    }
    const clashing = REPLACED_BY_OPENAPI.filter((name) => this.given(name) !== undefined);
    if (clashing.length > 0) {
      throw new UsageError(
        `--openapi gives the client and resources, so ${clashing.map((n) => `--${toKebabCase(n)}`).join(', ')} cannot go with it: choose endpoints with --endpoints.`,
      );
    }
    const text = String(source);
    const { loadDocument } = await import('./openapi/load.js');
    const { specBaseUrl } = await import('./openapi/import.js');
    const loaded = await loadDocument(text, this.destinationRoot());
    this.context.fromSpec = true;
    const baseUrl = specBaseUrl(loaded.document, loaded.url);
    if (baseUrl) this.context.specBaseUrl = baseUrl;
    // the pipeline name's default: the spec's title, else its file's name, else a host
    const file = loaded.url ? undefined : basename(text).replace(/\.(json|ya?ml)$/i, '');
    this.context.specNames = [loaded.document.title, ...(file ? [file] : [])];
    this.context.specUrl = loaded.url;
    return loaded;
  }

  /** A checkbox list of the spec's GET endpoints, the default selection checked. */
  private async pickEndpoints(choices: EndpointChoice[]): Promise<string[]> {
    const question: Question = {
      name: 'endpoints',
      type: 'checkbox',
      message: 'Endpoints to load (space toggles, enter confirms)',
      choices,
      pageSize: 20,
    };
    return (await this.ask(question, {}, undefined)) as string[];
  }

  /**
   * --openapi-incremental; else, in a terminal, a question asked only when the chosen endpoints
   * have incremental candidates; else no (they are suggested in comments).
   */
  private acceptIncremental(): boolean | ((candidates: string[]) => Promise<boolean>) {
    const given = this.given('openapiIncremental');
    if (given !== undefined) return given === true || given === 'true';
    if (!this.canAsk) return false;
    const question = sourceQuestions.find((q) => q.name === 'openapiIncremental')!;
    return async (candidates) =>
      Boolean(
        await this.ask({ ...question, message: `${question.message} ${candidates.join('; ')}` }, {}, false),
      );
  }

  private readSpecOption(): { config: RestApiConfig; warnings: string[] } | undefined {
    const path = this.given('spec');
    if (path === undefined) return undefined;
    const clashing = REPLACED_BY_SPEC.filter((name) => this.given(name) !== undefined);
    if (clashing.length > 0) {
      throw new UsageError(
        `--spec gives the client and resources, so ${clashing.map((n) => `--${toKebabCase(n)}`).join(', ')} cannot go with it: put them in the spec file instead.`,
      );
    }
    const spec = readSpec(resolve(this.destinationRoot(), String(path)));
    this.context.fromSpec = true;
    const baseUrl = isDict(spec.config.client) ? spec.config.client.base_url : undefined;
    if (typeof baseUrl === 'string') this.context.specBaseUrl = baseUrl;
    return spec;
  }

  /** The spec's config, with the base URL the questions settled on (--base-url wins over the spec). */
  private withBaseUrl(config: RestApiConfig, baseUrl: string): RestApiConfig {
    if (!isDict(config.client)) return config;
    return { ...config, client: { ...config.client, base_url: baseUrl } };
  }

  private async configFromOptions(
    given: RestAnswers,
    existing: ExistingPipeline | undefined,
  ): Promise<RestApiConfig> {
    // a re-run on an existing pipeline works against the base URL it loads from
    const configured =
      existing && this.given('baseUrl') === undefined
        ? configuredBaseUrl(
            (path) =>
              this.fs.exists(this.destinationPath(path))
                ? this.fs.read(this.destinationPath(path))
                : undefined,
            given.pipelineName,
            this.given('profile') === undefined ? undefined : String(this.given('profile')),
          )
        : undefined;
    const answers = configured ? { ...given, baseUrl: configured } : given;
    const defaults = this.given('resourceDefaults') ?? answers.resourceDefaults;
    const resourceDefaults = isDict(defaults)
      ? defaults
      : defaults
        ? parseCompactDefaults(String(defaults))
        : undefined;
    const split = this.endpointInBaseUrl(answers.baseUrl, existing);
    if (split) {
      if (!this.options.json)
        this.log(
          `${answers.baseUrl} is an endpoint: base URL ${split.baseUrl}, resource ${String(split.resource.name)}`,
        );
      // the next pipeline of the project is offered the base URL, not this endpoint
      this.keepAnswer('baseUrl', split.baseUrl);
      return configFromAnswers({ ...answers, baseUrl: split.baseUrl }, [split.resource], resourceDefaults);
    }
    return configFromAnswers(answers, await this.resources(existing), resourceDefaults);
  }

  /**
   * A full endpoint URL given as the base URL, split into the base URL and its resource: when no
   * resources are given, or when the script has that resource already (the same command run
   * again: its base URL is the base, not the endpoint).
   */
  private endpointInBaseUrl(baseUrl: string, existing: ExistingPipeline | undefined) {
    const split = splitEndpointUrl(baseUrl);
    if (!split || this.given('resources') !== undefined) return undefined;
    if (!this.resourcesGiven(existing)) return split;
    return existing?.resourceNames.includes(String(split.resource.name)) ? split : undefined;
  }

  /** Resources given as an option or in an answers file, or already in the pipeline script. */
  private resourcesGiven(existing: ExistingPipeline | undefined): boolean {
    return this.given('resources') !== undefined || (existing?.resourceNames.length ?? 0) > 0;
  }

  private async resources(existing: ExistingPipeline | undefined): Promise<ConfigDict[]> {
    const given = this.given('resources');
    const isEntry = (item: unknown) => typeof item === 'string' || isDict(item);
    if (given !== undefined && typeof given !== 'string' && !(Array.isArray(given) && given.every(isEntry))) {
      throw new UsageError(
        `--resources: ${JSON.stringify(given)} is not a resource list: give text such as "items,comments", or a list of names and resource dicts.`,
      );
    }
    if (Array.isArray(given)) {
      return given.map((resource) =>
        typeof resource === 'string'
          ? { name: resource, endpoint: { path: resource } }
          : (resource as ConfigDict),
      );
    }
    if (typeof given === 'string') return parseCompactResources(given);
    if (this.canAsk) return askResources(this.ask, existing?.resourceNames ?? []);
    if (existing) return [];
    throw new UsageError(
      'No resources to load: give --resources (e.g. --resources "customers,orders"), or a full endpoint URL as --base-url (https://api.example.com/v1/customers).',
    );
  }

  private async readExisting(script: string): Promise<ExistingPipeline | undefined> {
    const path = this.destinationPath(script);
    if (!this.fs.exists(path)) return undefined;
    return readExistingPipeline(this.fs.read(path) ?? '', script);
  }
}
