import { DltGenerator, type DltOptions } from '../../shared/dlt-generator.js';
import { UsageError } from '../../shared/errors.js';
import { type Answers, check, optionName } from '../../shared/questions.js';
import { planCustomSource } from './plan.js';
import { type CustomAnswers, customQuestions } from './questions.js';
import { buildSourceSpec, type SourceSpec } from './source-spec.js';

/** `yo dlt:custom`: a @dlt.source skeleton read through RESTClient, a Python package or plain Python. */
export default class CustomGenerator extends DltGenerator<CustomAnswers> {
  private spec?: SourceSpec;

  constructor(args?: string[], options?: DltOptions) {
    super(args, options, customQuestions);
  }

  async prompting(): Promise<void> {
    const answers = await this.resolveQuestions();
    recheckAnswers(answers);
    this.spec = buildSourceSpec(answers);
    if (!this.options.fromApp) {
      await this.composeWith('dlt:destination', {
        generatorOptions: this.forwardedOptions({ destination: answers.destination }) as never,
      });
    }
  }

  async writing(): Promise<void> {
    const spec = this.spec!;
    const plan = planCustomSource(spec, {
      hasRootConftest: this.fs.exists(this.destinationPath('conftest.py')),
    });
    for (const file of plan.files) this.writeProjectFile(file.path, file.contents);
    await this.writeToml(plan.toml);
    this.addRequirements(plan.requirements);
    this.addRequirements(plan.devRequirements, { dev: true });
    this.state.pipelines.push(plan.pipeline);
    this.state.nextSteps.push(...plan.nextSteps);
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
  if (problems.length > 0)
    throw new UsageError(`Cannot continue; nothing was written:\n  ${problems.join('\n  ')}`);
}
