import { existsSync, readFileSync } from 'node:fs';
import { readAnswersFile } from '../../shared/answers-file.js';
import { DltGenerator, type DltOptions } from '../../shared/dlt-generator.js';
import { UsageError } from '../../shared/errors.js';
import { type Answers, type Ask, check, optionName } from '../../shared/questions.js';
import { askResources } from './ask-resources.js';
import { type CustomPlan, planCustomSource } from './plan.js';
import { type CustomAnswers, customQuestions } from './questions.js';
import { buildSourceSpec } from './source-spec.js';

/** `yo dlt:custom`: a @dlt.source skeleton read through RESTClient, a Python package or plain Python. */
export default class CustomGenerator extends DltGenerator<CustomAnswers> {
  private plan?: CustomPlan;

  constructor(args?: string[], options?: DltOptions) {
    super(args, options, customQuestions);
  }

  async prompting(): Promise<void> {
    const oneByOne = this.canAsk && !this.resourcesGiven();
    const answers = await this.resolveQuestions(
      oneByOne ? customQuestions.filter((question) => question.name !== 'resources') : customQuestions,
    );
    if (oneByOne) this.keepAnswer('resources', await askResources(this.ask, answers));
    recheckAnswers(answers);
    const spec = buildSourceSpec(answers);
    this.plan = planCustomSource(spec, {
      hasRootConftest: this.fs.exists(this.destinationPath('conftest.py')),
    });
    this.refuseToOverwriteUnasked(this.plan);
    // run alone, we configure the destination ourselves; under `yo dlt` the app composes it
    if (!this.options.fromApp && this.env.getGeneratorMeta('dlt:destination')) {
      await this.composeWith('dlt:destination', {
        generatorOptions: this.forwardedOptions({ destination: answers.destination }) as never,
      });
    }
  }

  async writing(): Promise<void> {
    const plan = this.plan!;
    for (const file of plan.files) this.writeProjectFile(file.path, file.contents);
    await this.writeToml(plan.toml);
    this.addRequirements(plan.requirements);
    this.addRequirements(plan.devRequirements, { dev: true });
    this.state.pipelines.push(plan.pipeline);
    this.state.nextSteps.push(...plan.nextSteps);
  }

  override async install(): Promise<void> {
    await super.install();
    // the install step decided how to run Python in this project (uv run python, .venv/bin/python...)
    const python = this.state.runPrefix ?? 'python';
    this.state.nextSteps.push(`Smoke-test the source: ${python} -m pytest ${this.plan!.smokeTest}`);
  }

  /** Resources given as an option, in an answers file, or stored by an earlier run are not asked one by one. */
  private resourcesGiven(): boolean {
    if (this.options.resources !== undefined) return true;
    const stored = this.config.get(this.shortName) as Answers | undefined;
    if (stored?.resources !== undefined) return true;
    const file = this.options.answers;
    if (!file) return false;
    const fromFile = typeof file === 'object' ? file : readAnswersFile(file, this.destinationRoot());
    return fromFile.resources !== undefined;
  }

  /** An answer found outside resolveQuestions, kept in the answers and in .yo-rc.json like the others. */
  private keepAnswer(name: string, value: unknown): void {
    this.answers[name] = value;
    if (this.isDryRun) return;
    this.config.set(this.shortName, {
      ...((this.config.get(this.shortName) as Answers | undefined) ?? {}),
      [name]: value,
    });
  }

  private readonly ask: Ask = async (question, answers, initial) => {
    const reply = await this.prompt<Answers>([
      {
        type: question.type ?? (question.choices ? 'select' : 'input'),
        name: question.name,
        message: question.message,
        default: initial,
        choices: typeof question.choices === 'function' ? question.choices(answers) : question.choices,
        validate: question.validate ? (value: unknown) => question.validate!(value, answers) : undefined,
      } as never,
    ]);
    return reply[question.name];
  };

  /**
   * A script that exists and differs would need the user's yes; when nobody can be asked, say so
   * before anything is written instead of failing halfway through.
   */
  private refuseToOverwriteUnasked(plan: CustomPlan): void {
    const env = this.env as unknown as { options?: { force?: boolean } };
    if (this.canAsk || this.options.force || env.options?.force) return;
    const differing = plan.files.filter((file) => {
      const path = this.destinationPath(file.path);
      return existsSync(path) && readFileSync(path, 'utf8') !== file.contents;
    });
    if (differing.length === 0) return;
    throw new UsageError(
      `${differing.map((file) => file.path).join(', ')} already exist${differing.length === 1 ? 's' : ''} ` +
        'with other contents; nothing was written. Give another --pipeline-name, or --force to overwrite.',
    );
  }
}

/**
 * Defaults and values stored by an earlier run are taken without the checks a given value gets;
 * check them all here, before anything is written.
 */
function recheckAnswers(answers: Answers): void {
  const problems: string[] = [];
  const seen: Answers = {};
  for (const question of customQuestions) {
    if (question.when && !question.when(seen)) continue;
    const value = question.parse ? question.parse(answers[question.name]) : answers[question.name];
    seen[question.name] = value;
    answers[question.name] = value;
    const verdict = check(question, value, seen);
    if (verdict !== true) problems.push(`--${optionName(question)}: ${verdict}`);
  }
  if (problems.length > 0) {
    throw new UsageError(`Cannot continue; nothing was written:\n  ${problems.join('\n  ')}`);
  }
}
