import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findVerifiedSource, isCoreSource } from '../../shared/dlt/verified-catalog.js';
import { UsageError } from '../../shared/plan/errors.js';
import { emptyPlan } from '../../shared/plan/plan.js';
import { destinationQuestion, namingQuestions } from '../../shared/questions/common.js';
import { notOneOf } from '../../shared/questions/did-you-mean.js';
import { type Answers, optionName, type Question } from '../../shared/questions/question.js';
import { DltGenerator, type DltOptions } from '../../shared/shell/dlt-generator.js';
import { markConflictDecided } from '../../shared/shell/yeoman-internals.js';
import { catalogListing } from './catalog-listing.js';
import {
  type CorePlan,
  type FilesystemAnswers,
  filesystemQuestions,
  planFilesystem,
  planSqlDatabase,
  type SqlDatabaseAnswers,
  sqlDatabaseQuestions,
} from './core-sources.js';
import { DEFAULT_SOURCES_REPO, fetchVerifiedSource, isRemoteRepo } from './fetch.js';
import { planVerifiedPipeline, scriptPath, type VerifiedPlan } from './plan.js';
import {
  functionQuestion,
  listOf,
  resourcesQuestion,
  sourceArgsQuestion,
  sourceQuestion,
  VERIFIED_OPTIONS,
  type VerifiedAnswers,
} from './questions.js';
import { resolveSourceArgs } from './source-args.js';
import {
  buildSourceModel,
  describe,
  importFrom,
  incrementalCursors,
  knownResources,
  settingsFor,
} from './source-model.js';
import { RECORD_KEY, type SourceRecord, sha256 } from './source-record.js';
import type { DecoratedFunction } from './source-signature.js';

/** Answers remembered per source in its record, so that switching sources does not carry them over. */
const PER_SOURCE_ANSWERS = ['function', 'resources', 'sourceArgs', 'pipelineName', 'datasetName'] as const;

const OWN_ANSWERS_PATH = 'generators.verified';

/** Every question the generator may ask, declared up front so that each one is also an option. */
const ALL_QUESTIONS: readonly Question[] = [
  sourceQuestion(false),
  functionQuestion([]),
  resourcesQuestion([], false, true),
  sourceArgsQuestion(undefined),
  ...sqlDatabaseQuestions,
  ...filesystemQuestions,
  destinationQuestion,
  ...namingQuestions('pipeline'),
];

type Work =
  | { kind: 'verified'; plan: VerifiedPlan; name: string }
  | { kind: 'core'; plan: CorePlan; answers: VerifiedAnswers }
  | { kind: 'none' };

/** `yo dlt:verified`: a pipeline around one of dlt's verified sources (or its core sources). */
export default class VerifiedGenerator extends DltGenerator<VerifiedAnswers> {
  private work: Work = { kind: 'none' };
  /** --list / --search: print the catalog and touch nothing. */
  private listingOnly = false;

  constructor(args?: string[], options?: DltOptions) {
    super(args, options, ALL_QUESTIONS);
    this.declareOptions(VERIFIED_OPTIONS);
  }

  private textOption(name: string): string | undefined {
    const camel = name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
    const value = this.options[camel] ?? this.options[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  }

  private records(): Record<string, SourceRecord> {
    return (this.config.get(RECORD_KEY) as Record<string, SourceRecord> | undefined) ?? {};
  }

  private say(message: string): void {
    if (!this.options.json) this.log(message);
  }

  async prompting(): Promise<void> {
    if (this.options.list || this.options.search !== undefined) {
      this.listingOnly = true;
      this.printCatalog(this.textOption('search'));
      return;
    }
    const previous = this.ownAnswers().source;
    const customRepo = this.textOption('sources-repo') !== undefined;
    const recorded = Object.keys(this.records());
    // the select list is for people; a name given on the command line gets a "did you mean"
    const question = sourceQuestion(customRepo, recorded, this.canAsk, this.textOption('source-hint'));
    const { source } = await this.resolveQuestions([question]);
    if (previous !== source) this.recallAnswersOf(source);

    if (source === 'rest_api') return this.handOverToRest();
    if (isCoreSource(source)) return this.promptCoreSource(source as 'sql_database' | 'filesystem');
    return this.promptVerifiedSource(source);
  }

  /** The declarative REST API source is dlt:rest's job; forward what we already know. */
  private async handOverToRest(): Promise<void> {
    this.say('rest_api is the declarative REST API source: handing over to dlt:rest.');
    const { destination } = await this.resolveQuestions([destinationQuestion]);
    const given: Answers = { destination };
    for (const key of ['pipelineName', 'datasetName'])
      if (this.options[key] !== undefined) given[key] = this.options[key];
    await this.composeWith('dlt:rest', { generatorOptions: this.forwardedOptions(given) as never });
    await this.composeDestination(destination);
  }

  private async promptCoreSource(source: 'sql_database' | 'filesystem'): Promise<void> {
    const specific = source === 'sql_database' ? sqlDatabaseQuestions : filesystemQuestions;
    const sourceArgs = this.given('sourceArgs');
    if (sourceArgs !== undefined && sourceArgs !== '') {
      // it would be dropped without a word (a password= in it included)
      const options = specific.map((question) => `--${optionName(question)}`).join(', ');
      throw new UsageError(
        `--source-args does not apply to ${source}: its settings are its own options (${options}); credentials go to .dlt/secrets.toml.`,
      );
    }
    await this.resolveQuestions(specific);
    const answers = await this.resolveQuestions([destinationQuestion, ...namingQuestions(source)]);
    const plan =
      source === 'sql_database'
        ? planSqlDatabase(answers as unknown as SqlDatabaseAnswers)
        : planFilesystem(answers as unknown as FilesystemAnswers, this.state.workspace === true);
    this.work = { kind: 'core', plan, answers };
    await this.composeDestination(answers.destination);
  }

  private async promptVerifiedSource(source: string): Promise<void> {
    const record = this.records()[source];
    const given = this.textOption('sources-repo');
    const repo = given
      ? isRemoteRepo(given)
        ? given
        : resolve(this.env.cwd ?? process.cwd(), given)
      : (record?.repo ?? DEFAULT_SOURCES_REPO);
    const ref = this.textOption('sources-ref') ?? (given ? undefined : record?.ref);
    this.say(`Fetching ${source} from ${repo}${ref ? ` at ${ref}` : ''} ...`);
    const fetched = await fetchVerifiedSource({ repo, ref, name: source });
    const model = await buildSourceModel(fetched, findVerifiedSource(source));
    if (model.entryPoints.length === 0) {
      throw new UsageError(
        `--source ${source}: it has no @dlt.source function (or standalone resource) to build a pipeline around; see its README in ${repo}.`,
      );
    }
    for (const problem of model.signature.errors) this.state.warnings.push(`could not fully read ${problem}`);

    const requested = this.textOption('function');
    if (requested && !model.entryPoints.some((candidate) => candidate.function === requested)) {
      const names = model.entryPoints.map((candidate) => candidate.function);
      throw new UsageError(`--function: ${notOneOf(requested, names)}`);
    }
    const { function: chosen } = await this.resolveQuestions([functionQuestion(model.entryPoints)]);
    const fn = model.entryPoints.find((candidate) => candidate.function === chosen) ?? model.entryPoints[0]!;
    const resources = knownResources(model, fn);
    await this.resolveQuestions([
      resourcesQuestion(resources.names, resources.closed, fn.kind === 'source'),
      sourceArgsQuestion(fn),
    ]);
    const answers = await this.resolveQuestions([destinationQuestion, ...namingQuestions(source)]);
    await this.composeDestination(answers.destination);

    const rawArgs = String(answers.sourceArgs ?? '');
    const args = resolveSourceArgs(rawArgs, fn);
    if (typeof args === 'string') throw new UsageError(`--source-args: ${args}`);
    const plan = planVerifiedPipeline({
      fetched,
      fn,
      importFrom: importFrom(model, fn),
      description: describe(model, fn),
      resources: fn.kind === 'source' ? listOf(answers.resources) : [],
      knownResources: resources.names,
      cursors: incrementalCursors(model, fn),
      args: args.values,
      rawSourceArgs: rawArgs,
      settings: settingsFor(model, fn),
      pipelineName: answers.pipelineName,
      datasetName: answers.datasetName,
      destination: answers.destination,
      disk: this.diskHashes(
        fetched.files.map((file) => `${source}/${file.path}`),
        answers.pipelineName,
        record,
      ),
      record,
    });
    this.work = { kind: 'verified', plan, name: source };
    this.describePlan(fn, plan);
  }

  private describePlan(fn: DecoratedFunction, plan: VerifiedPlan): void {
    const changed = plan.files.filter((file) => file.decision === 'user-changed').map((file) => file.path);
    if (changed.length > 0 && this.canAsk && !this.options.force) {
      this.say(
        `Changed since generator-dlt wrote it: ${changed.join(', ')}; Yeoman asks before replacing it.`,
      );
    }
    const settings = plan.toml.length;
    this.say(
      `${fn.kind === 'source' ? 'Source' : 'Resource'} ${fn.function}: ${settings} setting(s) to configure.`,
    );
  }

  /** What the project holds now for every file this run may write or remove, by content hash. */
  private diskHashes(
    packageFiles: readonly string[],
    pipelineName: string,
    record: SourceRecord | undefined,
  ): Map<string, string | undefined> {
    const paths = new Set([...packageFiles, scriptPath(pipelineName), ...Object.keys(record?.files ?? {})]);
    const disk = new Map<string, string | undefined>();
    for (const path of paths) {
      const full = this.destinationPath(path);
      disk.set(path, existsSync(full) ? sha256(readFileSync(full)) : undefined);
    }
    return disk;
  }

  /** Answers that belong to one source come back from its record (or are forgotten) when the source changes. */
  private recallAnswersOf(source: string): void {
    const own = { ...this.ownAnswers() };
    const remembered = this.records()[source] as unknown as Answers | undefined;
    for (const key of PER_SOURCE_ANSWERS) {
      const value =
        key === 'resources' && Array.isArray(remembered?.[key])
          ? (remembered[key] as string[]).join(',')
          : remembered?.[key];
      if (value !== undefined) own[key] = value;
      else delete own[key];
    }
    this.config.setPath(OWN_ANSWERS_PATH, own);
  }

  /** What the base class stored for this generator (`generators.verified` in .yo-rc.json). */
  private ownAnswers(): Answers {
    return (this.config.getPath(OWN_ANSWERS_PATH) as Answers | undefined) ?? {};
  }

  private printCatalog(query: string | undefined): void {
    const listing = catalogListing(query);
    process.stdout.write(
      this.options.json ? `${JSON.stringify(listing.entries, null, 2)}\n` : `${listing.text}\n`,
    );
  }

  override async install(): Promise<void> {
    if (!this.listingOnly) await super.install();
  }

  override end(): void {
    if (!this.listingOnly) super.end();
  }

  async writing(): Promise<void> {
    const work = this.work;
    if (work.kind === 'core') {
      const script = scriptPath(work.answers.pipelineName);
      await this.applyPlan({
        ...emptyPlan(),
        files: [{ path: script, contents: work.plan.script }],
        toml: work.plan.toml,
        gitignore: true,
        requirements: work.plan.requirements,
        warnings: work.plan.warnings,
        pipelines: [
          {
            name: work.answers.pipelineName,
            script,
            datasetName: work.answers.datasetName,
            destination: work.answers.destination,
          },
        ],
      });
    } else if (work.kind === 'verified') {
      await this.applyPlan({
        ...emptyPlan(),
        // the source package's files: replaced when the user left them as the last run wrote them
        files: work.plan.files.map((file) => ({
          path: file.path,
          contents: file.contents,
          rule: 'replace-if-untouched',
          untouched: file.decision !== 'user-changed',
        })),
        toml: work.plan.toml,
        gitignore: true,
        requirements: work.plan.requirements,
        warnings: work.plan.warnings,
        pipelines: [work.plan.pipeline],
      });
      this.removeDroppedFiles(work.plan.remove);
      if (!this.isDryRun) this.config.set(RECORD_KEY, { ...this.records(), [work.name]: work.plan.record });
    }
  }

  /** Files an earlier run copied that upstream dropped and the user did not change. */
  private removeDroppedFiles(paths: readonly string[]): void {
    for (const path of paths) {
      const full = this.destinationPath(path);
      this.fs.delete(full);
      markConflictDecided(this.fs, full);
      this.say(`removed ${path} (no longer part of the source upstream)`);
    }
  }
}
