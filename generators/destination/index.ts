import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, posix } from 'node:path';
import { fastLoaderFileFormat } from '../../shared/dlt/destinations.js';
import {
  configuredDestination,
  configuredDestinations,
  pipelineDestinationEntries,
} from '../../shared/dlt/pipeline-destination.js';
import { runPrefixFor } from '../../shared/packages/plan.js';
import { UsageError } from '../../shared/plan/errors.js';
import { DEFAULT_PROFILE } from '../../shared/project/workspace.js';
import { toKebabCase } from '../../shared/python/naming.js';
import { scanPythonSource } from '../../shared/python/pipeline-scan.js';
import type { Answers } from '../../shared/questions/question.js';
import { DltGenerator, type DltOptions } from '../../shared/shell/dlt-generator.js';
import type { TomlEntry } from '../../shared/toml/entry.js';
import { PLACEHOLDER } from '../../shared/toml/placeholders.js';
import { isDltTomlFile, PLAIN_TOML_FILES, tomlFiles } from '../../shared/toml/profile-files.js';
import { destinationOption } from './catalog.js';
import { hasSlot } from './connection-string.js';
import { filesystemMergeWarnings } from './filesystem-merge.js';
import {
  connectionStringParts,
  type DestinationChoice,
  type DestinationPlan,
  type PlacedSetting,
  placedSettings,
  planDestination,
  requireInfo,
} from './plan.js';
import { type PipelineScript, pointPipeline, readPipelineScript, selectScripts } from './point-pipelines.js';
import {
  type DestinationAnswers,
  destinationQuestion,
  POINT_PIPELINES,
  pointPipelinesQuestion,
  STEERING,
  settingOptionQuestions,
  settingQuestion,
  steeringOptionQuestions,
  steeringQuestions,
} from './questions.js';

/**
 * `yo dlt:destination`: configures where a project's pipelines load: the destination's settings in
 * .dlt/config.toml, its secrets in .dlt/secrets.toml (placeholders for what was not given), the
 * dlt extra it needs, and, on request, the project's pipelines pointed at it.
 *
 * Its options, but --destination and --point-pipelines, are named --destination-<x>: it shares the
 * command line and the answers file with the pipeline generator of the run, whose --auth, --token
 * or --password are about the source, and it reads nothing else.
 */
export default class DestinationGenerator extends DltGenerator<DestinationAnswers> {
  private plan?: DestinationPlan;
  private toPoint: PipelineScript[] = [];

  constructor(args?: string[], options?: DltOptions) {
    super(args, options, [destinationQuestion, ...steeringOptionQuestions, ...settingOptionQuestions()], {
      unique: 'namespace',
    });
  }

  async prompting(): Promise<void> {
    const { destination } = await this.resolveQuestions([destinationQuestion]);
    // composed by a pipeline generator (or the app), it points no other pipeline: the run's loads here
    const alone = !this.options.fromApp;
    const scripts = alone ? await this.pipelineScripts(this.state.profile) : [];
    const pointGiven = alone ? this.given(POINT_PIPELINES) : undefined;
    // an unknown name is refused here, before a setting is asked
    const named = pointGiven === undefined ? undefined : selectScripts(scripts, String(pointGiven));
    const given = this.givenOptions();
    const steering = await this.resolveQuestions(steeringQuestions(destination, given));
    const choice: DestinationChoice = {
      destination,
      customName: steering[STEERING.customName] as string | undefined,
      bucketUrl: nonEmpty(steering[STEERING.bucketUrl]),
      auth: steering[STEERING.auth] as string | undefined,
      credentialsForm: steering[STEERING.credentialsForm] as DestinationChoice['credentialsForm'],
      connectionString: nonEmpty(steering[STEERING.connectionString]),
      drivername: nonEmpty(steering[STEERING.drivername]),
      values: {},
    };
    const placed = placedSettings(choice).filter(
      ({ setting }) => setting.option !== 'bucketUrl' && setting.option !== 'drivername',
    );
    const unique = [...new Map(placed.map((entry) => [entry.setting.option, entry])).values()];
    await this.takeSettings(unique, choice);
    await this.takeConnectionStringParts(choice, given);
    // used: the options of the questions this destination has (a question that does not apply has no answer)
    this.warnUnusedOptions(given, Object.keys(this.answers));
    this.plan = planDestination(choice);
    // for pipeline generators of this run that want to know before they write
    this.state.shared.set('dlt:destination', { reference: this.plan.reference, staging: this.plan.staging });
    this.toPoint = await this.choosePipelinesToPoint(this.plan.reference, scripts, named);
    await this.explainProfilePointing(this.plan.reference);
  }

  /** Each setting's value, asked or as given, into the choice. */
  private async takeSettings(settings: readonly PlacedSetting[], choice: DestinationChoice): Promise<void> {
    const questions = settings.map(settingQuestion);
    const values = await this.resolveQuestions(questions);
    settings.forEach(({ setting }, index) => {
      const name = questions[index]!.name;
      const value = nonEmpty(values[name]);
      if (value !== undefined && setting.projectPath) this.refusePathLeavingProject(value, name);
      if (value !== undefined) choice.values[setting.option] = setting.integer ? Number(value) : value;
    });
  }

  /**
   * With the connection-string form, the parts given as options (--destination-host ...) go into
   * the string (never asked: the string is). A part the string has no place for, or parts beside a
   * whole string given, are refused (exit 2), each saying which form takes it.
   */
  private async takeConnectionStringParts(choice: DestinationChoice, given: Answers): Promise<void> {
    const parts = connectionStringParts(choice).filter(
      ({ setting }) => given[destinationOption(setting.option)] !== undefined,
    );
    if (parts.length === 0) return;
    const flags = (entries: readonly PlacedSetting[]) =>
      entries.map(({ setting }) => `--${toKebabCase(destinationOption(setting.option))}`).join(', ');
    const info = requireInfo(choice.destination);
    const form = `${info.name}'s connection string`;
    if (choice.connectionString !== undefined) {
      throw new UsageError(
        `${flags(parts)}: the connection string given holds the credentials already; give either the whole ` +
          'string (--destination-connection-string) or its parts, not both. Nothing was written.',
      );
    }
    const { template } = info.connectionString!;
    const placeless = parts.filter(({ setting }) => !hasSlot(template, setting.option));
    if (placeless.length > 0) {
      throw new UsageError(
        `${flags(placeless)}: ${form} (${template}) has no place for ${placeless.length > 1 ? 'these' : 'it'}; ` +
          'give the settings one by one with --destination-credentials-form fields, or the whole string ' +
          'with --destination-connection-string. Nothing was written.',
      );
    }
    await this.takeSettings(parts, choice);
  }

  /** Which scripts load into the destination under the run's profile, and how to run one so. */
  private async explainProfilePointing(reference: string): Promise<void> {
    const { profile } = this.state;
    if (!profile || this.toPoint.length === 0) return;
    const paths = this.toPoint.map((script) => script.path);
    // the project's own Python, as the pipeline generators' summary says it (the install step sets it later)
    const { manager, root } = await this.packageManagerChoice();
    const python = runPrefixFor(manager, root, this.destinationRoot(), process.env);
    this.state.nextSteps.push(
      `${paths.join(', ')} load into ${reference} under the ${profile} profile ` +
        `([pipelines.<name>] destination_type in ${tomlFiles(profile).config}); the other profiles load where they did ` +
        `(${PLAIN_TOML_FILES.config}). Run under ${profile}: WORKSPACE__PROFILE=${profile} ${python} ${paths[0]}` +
        (this.given(POINT_PIPELINES) === undefined
          ? '. --point-pipelines none leaves the scripts out.'
          : '.'),
    );
  }

  async writing(): Promise<void> {
    const plan = this.plan!;
    await this.applyPlan(plan);
    // run alone it registers no pipeline; it adds the dashboard all the same, like the others
    if (!this.options.fromApp) this.addDashboardRequirements();
    const entries: TomlEntry[] = [];
    for (const script of this.toPoint) entries.push(...(await this.point(script, plan)));
    entries.push(...this.completeThisRunsPipelines(plan));
    if (entries.length > 0) await this.writeToml(entries);
    await this.warnMergeOnFilesystem();
    await this.keepParquetWhereEveryProfileTakesIt();
    this.explainLocalBucket(plan);
  }

  /** Pointed at filesystem, the pipelines this run points (or writes) that merge would append instead. */
  private async warnMergeOnFilesystem(): Promise<void> {
    if (requireInfo(this.answers.destination).name !== 'filesystem') return;
    const scripts = new Set([
      ...this.toPoint.map((script) => script.path),
      ...this.state.pipelines.filter((p) => p.destination === 'filesystem').map((p) => p.script),
    ]);
    for (const script of scripts) {
      const scanned = await scanPythonSource(this.fs.read(this.destinationPath(script)) ?? '', script);
      if (!('tree' in scanned)) continue;
      this.state.warnings.push(...filesystemMergeWarnings(script, scanned.resources));
      scanned.tree.delete();
    }
  }

  /**
   * In a workspace dlt resolves a relative bucket_url in the profile's local data folder (checked
   * on dlt 1.31: `lake` under prod is .dlt/data/prod/lake), a hidden, git-ignored folder: say where.
   */
  private explainLocalBucket(plan: DestinationPlan): void {
    if (!this.state.workspace) return;
    const { profile } = this.state;
    for (const entry of plan.toml) {
      const url = entry.key === 'bucket_url' && !entry.secret ? String(entry.value) : undefined;
      if (url === undefined || url === PLACEHOLDER || /^[a-z][a-z0-9+.-]*:/i.test(url) || isAbsolute(url))
        continue;
      const folder = (name: string) => posix.join('.dlt/data', name, url);
      const resolved = folder(profile ?? DEFAULT_PROFILE);
      const hidden = resolved.startsWith('.dlt/data/');
      const where =
        profile || !hidden ? resolved : `${resolved} (under another profile, ${folder('<profile>')})`;
      this.state.nextSteps.push(
        `The files go to ${where}: dlt resolves a relative bucket_url from the profile's local data folder ` +
          `(.dlt/data/<profile>)${hidden ? ', which is git-ignored; give ../../../<folder> for a folder of the project, an absolute path or a URL to load elsewhere' : ''}.`,
      );
    }
  }

  /**
   * A pipeline written in this run loads parquet when its destination takes it; a profile whose
   * config sends that pipeline name elsewhere already (a script written again) may not take it:
   * then the run's format goes, as when pointing.
   */
  private async keepParquetWhereEveryProfileTakesIt(): Promise<void> {
    const dlt = this.destinationPath('.dlt');
    const configFiles = existsSync(dlt)
      ? readdirSync(dlt)
          .map((name) => `.dlt/${name}`)
          .filter((file) => isDltTomlFile(file) && file.endsWith('config.toml'))
      : [];
    const read = (file: string) => this.project.read(file);
    for (const pipeline of this.state.pipelines) {
      const destinations = configuredDestinations(read, configFiles, pipeline.name);
      if (destinations.every((destination) => fastLoaderFileFormat(destination))) continue;
      const before = this.project.read(pipeline.script);
      if (!before?.includes('loader_file_format="parquet"')) continue;
      try {
        const edited = await pointPipeline(before, { loaderFileFormat: undefined });
        if (edited !== before) this.project.write(pipeline.script, edited);
      } catch (error) {
        this.state.warnings.push(
          `${pipeline.script} still loads parquet, which ${destinations.join(' or ')} may not take: ${(error as Error).message}.`,
        );
      }
    }
  }

  /**
   * A pipeline written earlier in this run loads where its generator said, the destination as the
   * user typed it: a custom destination needs its module.function reference, and Athena and Dremio
   * need filesystem staging. Its config says so (every profile's: the pipeline's own default).
   */
  private completeThisRunsPipelines(plan: DestinationPlan): TomlEntry[] {
    const name = requireInfo(this.answers.destination).name;
    if (!plan.staging && plan.reference === name) return [];
    return this.state.pipelines
      .filter((pipeline) => pipeline.destination === name)
      .flatMap((pipeline) => {
        pipeline.destination = plan.reference;
        return pipelineDestinationEntries(pipeline.name, plan.reference, plan.staging, {
          everyProfile: true,
          replace: true,
        });
      });
  }

  /**
   * Points one script at the plan's destination: the script leaves its destination to the config
   * (and drops parquet if the destination does not take it); the config of the run's profile, or
   * of every profile, names the destination. Under a profile, a destination the script named in
   * code stays the others' (in .dlt/config.toml). Returns the TOML entries to write.
   */
  private async point(script: PipelineScript, plan: DestinationPlan): Promise<TomlEntry[]> {
    const path = this.destinationPath(script.path);
    try {
      const before = this.fs.read(path) ?? '';
      const edited = await pointPipeline(before, plan);
      // the user chose this script (--point-pipelines, or picked it): the edit needs no second
      // question from Yeoman's conflicter
      if (edited !== before) this.project.write(script.path, edited);
    } catch (error) {
      this.state.warnings.push(
        `${script.path} was not changed: ${(error as Error).message.replace(/\.$/, '')}.`,
      );
      return [];
    }
    const { profile } = this.state;
    return [
      ...pipelineDestinationEntries(script.pipelineName, plan.reference, plan.staging, { replace: true }),
      ...(profile && script.inCode
        ? pipelineDestinationEntries(script.pipelineName, script.inCode, false, { everyProfile: true })
        : []),
    ];
  }

  /**
   * The project's pipelines that load elsewhere (under the run's profile), and which of them to
   * point at the new destination: the ones --point-pipelines names (`named`), or as the user picks.
   * Without either, a profile's destination takes every pipeline (the other profiles keep theirs),
   * and without a profile none is pointed (the summary says how).
   */
  private async choosePipelinesToPoint(
    reference: string,
    scripts: readonly PipelineScript[],
    named: readonly PipelineScript[] | undefined,
  ): Promise<PipelineScript[]> {
    const { profile } = this.state;
    const loadsHere = (script: PipelineScript) => script.destination === reference;
    if (named !== undefined) {
      for (const script of named.filter(loadsHere)) {
        this.state.nextSteps.push(
          `${script.path} (pipeline ${script.pipelineName}) loads into ${reference} already` +
            `${profile ? ` under the ${profile} profile` : ''}; it was left as it is.`,
        );
      }
      return named.filter((script) => !loadsHere(script));
    }
    const elsewhere = scripts.filter((script) => !loadsHere(script));
    if (elsewhere.length === 0) return [];
    if (this.canAsk) {
      const initial = profile ? elsewhere.map((script) => script.pipelineName) : undefined;
      const question = pointPipelinesQuestion(reference, elsewhere, profile);
      const chosen = (await this.ask(question, {}, initial)) as string[];
      return elsewhere.filter((script) => chosen.includes(script.pipelineName));
    }
    // a profile's destination moves no other profile: every pipeline takes it unless told otherwise
    if (profile) return elsewhere;
    const names = elsewhere.map((script) => script.pipelineName).join(',');
    this.state.nextSteps.push(
      `To load ${elsewhere.map((s) => s.path).join(', ')} into ${reference} as well, run again with --point-pipelines ${names}.`,
    );
    return [];
  }

  /** The project's pipeline scripts, each with where it loads under the profile. */
  private async pipelineScripts(profile?: string): Promise<PipelineScript[]> {
    const root = this.destinationRoot();
    const found: PipelineScript[] = [];
    const names = readdirSync(root)
      .filter((name) => name.endsWith('_pipeline.py'))
      .sort();
    const read = (file: string) => this.project.read(file);
    for (const name of names) {
      const script = await readPipelineScript(name, this.fs.read(this.destinationPath(name)) ?? '');
      if (!script) continue;
      const destination = script.inCode ?? configuredDestination(read, script.pipelineName, profile);
      found.push({ ...script, ...(destination === undefined ? {} : { destination }) });
    }
    return found;
  }

  /**
   * The options of dlt:destination given on the command line or in the answers file, by name. Only
   * its own (--destination-<x>, --point-pipelines) are looked at: the other keys of a shared answers
   * file are the pipeline generator's.
   */
  private givenOptions(): Answers {
    const given: Answers = {};
    for (const { name } of [...steeringOptionQuestions, ...settingOptionQuestions()]) {
      const value = this.given(name);
      if (value !== undefined) given[name] = value;
    }
    return given;
  }

  /**
   * A relative path dlt resolves from the project must stay in it (exit 2 otherwise); an absolute
   * path, or a URL, is the user's explicit choice.
   */
  private refusePathLeavingProject(value: string, option: string): void {
    if (isAbsolute(value) || /^[a-z][a-z0-9+.-]*:/i.test(value)) return;
    this.projectPath(value, toKebabCase(option));
  }

  /** Options meant for another destination are ignored; say so rather than drop them silently. */
  private warnUnusedOptions(given: Answers, used: readonly string[]): void {
    const info = requireInfo(this.answers.destination);
    for (const name of Object.keys(given)) {
      if (used.includes(name) || name === POINT_PIPELINES) continue;
      this.state.warnings.push(`--${toKebabCase(name)} is not used by ${info.name}; ignored.`);
    }
  }
}

/** The value as text, or undefined when nothing was given (values are never trimmed: they may be secrets). */
function nonEmpty(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value);
  return text.trim() === '' ? undefined : text;
}
