import { DltGenerator, type DltOptions } from '../../shared/shell/dlt-generator.js';
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
    const spec = buildSourceSpec(answers);
    this.plan = planCustomSource(spec, {
      hasRootConftest: this.fs.exists(this.destinationPath('conftest.py')),
    });
    this.refuseUnaskedOverwrite(this.plan.files);
    await this.composeDestination(answers.destination);
  }

  async writing(): Promise<void> {
    await this.applyPlan(this.plan!);
  }

  override async install(): Promise<void> {
    await super.install();
    // the install step decided how to run Python in this project (uv run python, .venv/bin/python...)
    const python = this.state.runPrefix ?? 'python';
    this.state.nextSteps.push(`Smoke-test the source: ${python} -m pytest ${this.plan!.smokeTest}`);
  }

  /** Resources given as an option, in an answers file, or stored by an earlier run are not asked one by one. */
  private resourcesGiven(): boolean {
    return this.given('resources') !== undefined || this.storedAnswer('resources') !== undefined;
  }
}
