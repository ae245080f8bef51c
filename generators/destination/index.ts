import { readdirSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { toKebabCase } from '../../shared/python/naming.js';
import type { Answers } from '../../shared/questions/question.js';
import { DltGenerator, type DltOptions } from '../../shared/shell/dlt-generator.js';
import {
  type DestinationChoice,
  type DestinationPlan,
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
    const questions = unique.map(settingQuestion);
    const values = await this.resolveQuestions(questions);
    unique.forEach(({ setting }, index) => {
      const name = questions[index]!.name;
      const value = nonEmpty(values[name]);
      if (value !== undefined && setting.projectPath) this.refusePathLeavingProject(value, name);
      if (value !== undefined) choice.values[setting.option] = setting.integer ? Number(value) : value;
    });
    // used: the options of the questions this destination has (a question that does not apply has no answer)
    this.warnUnusedOptions(given, Object.keys(this.answers));
    this.plan = planDestination(choice);
    // for pipeline generators of this run that want to know before they write
    this.state.shared.set('dlt:destination', { reference: this.plan.reference, staging: this.plan.staging });
    this.toPoint = await this.choosePipelinesToPoint(this.plan.reference);
  }

  async writing(): Promise<void> {
    const plan = this.plan!;
    await this.applyPlan(plan);
    // run alone it registers no pipeline; it adds the dashboard all the same, like the others
    if (!this.options.fromApp) this.addDashboardRequirements();
    for (const script of this.toPoint) await this.point(script, plan);
    await this.completeThisRunsPipelines(plan);
  }

  /**
   * A pipeline written earlier in this run names the destination as the user typed it; a custom
   * destination needs its module.function reference, and Athena and Dremio need staging="filesystem".
   */
  private async completeThisRunsPipelines(plan: DestinationPlan): Promise<void> {
    const name = requireInfo(this.answers.destination).name;
    if (!plan.staging && plan.reference === name) return;
    for (const pipeline of this.state.pipelines) {
      const done = this.toPoint.some((script) => script.path === pipeline.script);
      if (pipeline.destination !== name || done || !this.fs.exists(this.destinationPath(pipeline.script)))
        continue;
      await this.point({ path: pipeline.script, pipelineName: pipeline.name, destination: name }, plan);
      pipeline.destination = plan.reference;
    }
  }

  private async point(script: PipelineScript, plan: DestinationPlan): Promise<void> {
    const path = this.destinationPath(script.path);
    try {
      const edited = await pointPipeline(this.fs.read(path) ?? '', plan);
      // the user chose this script (--point-pipelines, or picked it), or this run wrote it: the
      // edit needs no second question from Yeoman's conflicter
      this.project.write(script.path, edited);
    } catch (error) {
      this.state.warnings.push(
        `${script.path} was not changed: ${(error as Error).message.replace(/\.$/, '')}.`,
      );
    }
  }

  /**
   * The project's pipelines that load elsewhere, and which of them to point at the new destination:
   * as --point-pipelines says, or as the user picks. Not offered when a pipeline generator (or the
   * app) composed this one: the pipeline of this run loads here already.
   */
  private async choosePipelinesToPoint(reference: string): Promise<PipelineScript[]> {
    if (this.options.fromApp) return [];
    const scripts = (await this.pipelineScripts()).filter((script) => script.destination !== reference);
    if (scripts.length === 0) return [];
    const given = this.given(POINT_PIPELINES);
    if (this.state.profile !== undefined) {
      this.explainProfileDestination(scripts, reference, this.state.profile, given !== undefined);
      return [];
    }
    if (given !== undefined) {
      const { selected, unknown } = selectScripts(scripts, String(given));
      for (const name of unknown) {
        this.state.warnings.push(
          `--point-pipelines: no pipeline script here loads "${name}" elsewhere; skipped.`,
        );
      }
      return selected;
    }
    if (this.canAsk) {
      const chosen = (await this.ask(pointPipelinesQuestion(reference, scripts), {}, undefined)) as string[];
      return scripts.filter((script) => chosen.includes(script.pipelineName));
    }
    const names = scripts.map((script) => script.pipelineName).join(',');
    this.state.nextSteps.push(
      `To load ${scripts.map((s) => s.path).join(', ')} into ${reference} as well, run again with --point-pipelines ${names}.`,
    );
    return [];
  }

  /**
   * A script's dlt.pipeline(destination=...) wins over any configuration, under every profile:
   * pointing it would move the other profiles too. Say instead how one script loads into another
   * destination under one profile (checked on dlt 1.31: without destination=, dlt takes
   * destination_type from [pipelines.<name>], the active profile's file first).
   */
  private explainProfileDestination(
    scripts: readonly PipelineScript[],
    reference: string,
    profile: string,
    pointGiven: boolean,
  ): void {
    if (pointGiven) {
      this.state.warnings.push(
        `--point-pipelines is left out with --profile ${profile}: a script's destination= applies under every profile.`,
      );
    }
    for (const script of scripts) {
      this.state.nextSteps.push(
        `${script.path} names its destination in code (${script.destination}), which dlt takes under every profile. ` +
          `To load into ${reference} under ${profile} only: leave destination= out of its dlt.pipeline(...) call and set ` +
          `destination_type under [pipelines.${script.pipelineName}]: "${script.destination}" in .dlt/config.toml, ` +
          `"${reference}" in .dlt/${profile}.config.toml.`,
      );
    }
  }

  private async pipelineScripts(): Promise<PipelineScript[]> {
    const root = this.destinationRoot();
    const found: PipelineScript[] = [];
    const names = readdirSync(root)
      .filter((name) => name.endsWith('_pipeline.py'))
      .sort();
    for (const name of names) {
      const script = await readPipelineScript(name, this.fs.read(this.destinationPath(name)) ?? '');
      if (script) found.push(script);
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
