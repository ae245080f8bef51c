import { UsageError } from '../shared/plan/errors.js';
import { buildSummary, type RunOutcome } from '../shared/project/summary.js';
import { toSnakeIdentifier } from '../shared/python/naming.js';
import { DltGenerator, type DltOptions, isDestinationOption } from '../shared/shell/dlt-generator.js';
import { generatorsHelp } from '../shared/shell/generator-listing.js';
import { decideKind } from './decide.js';
import { missingPython, runPipeline, showDashboard } from './pipeline-runner.js';
import { type AppAnswers, appQuestions } from './questions.js';

/** `yo dlt`: decides which kind of pipeline fits the source, then composes that generator. */
export default class AppGenerator extends DltGenerator<AppAnswers> {
  constructor(args?: string[], options?: DltOptions) {
    const app: { generator?: AppGenerator } = {};
    super(
      args,
      options,
      appQuestions(() => app.generator?.wantsDashboard ?? true),
    );
    app.generator = this;
  }

  /** `yo dlt --help`: the options and USAGE, then every generator of the package. */
  override help(): string {
    return `${super.help()}\n${generatorsHelp()}`;
  }

  async prompting(): Promise<void> {
    const answers = await this.resolveQuestions();
    // the show question is not asked without the dashboard; --show given anyway is refused
    if (answers.run && !this.wantsDashboard && [true, 'true'].includes(this.given('show') as never)) {
      throw new UsageError(this.showWithoutDashboard());
    }
    const decision = decideKind(answers.source);
    if (!this.options.json)
      this.log(`Source: ${answers.source} -> ${answers.kind} pipeline (${decision.reason})`);

    // not asked while the verified source is not settled: given ones are passed on, dlt:verified asks the rest
    const common = {
      pipelineName: answers.pipelineName ?? this.given('pipelineName'),
      datasetName: answers.datasetName ?? this.given('datasetName'),
      destination: answers.destination,
    };
    const specific: Record<string, unknown> = {};
    if (answers.kind === 'verified') {
      // several sources match ("google"): dlt:verified asks which one
      if (decision.verified || decision.kind !== 'verified') {
        specific.source = decision.verified?.name ?? toSnakeIdentifier(answers.source);
      } else {
        // the list of sources opens filtered by what the user typed
        specific.sourceHint = answers.source;
      }
    } else if (answers.kind === 'rest' && decision.openapi) {
      specific.openapi = decision.openapi;
    } else if (answers.kind === 'rest' && decision.baseUrl) {
      specific.baseUrl = decision.baseUrl;
    } else if (answers.kind === 'custom') {
      specific.sourceName = toSnakeIdentifier(answers.source);
      if (decision.package) Object.assign(specific, { reader: 'package', package: decision.package });
    }
    const passThrough = this.passThroughOptions();
    const forPipeline = Object.fromEntries(
      Object.entries(passThrough).filter(([key]) => !isDestinationOption(key)),
    );
    const forDestination = Object.fromEntries(
      Object.entries(passThrough).filter(([key]) => isDestinationOption(key)),
    );
    await this.composeChecked(
      `dlt:${answers.kind}`,
      { ...forPipeline, ...common, ...specific },
      Object.keys(forPipeline),
    );
    await this.composeChecked(
      'dlt:destination',
      { ...forDestination, destination: answers.destination },
      Object.keys(forDestination),
    );
    this.rejectUnknownAnswerKeys();
  }

  /** Why --show cannot be done: the dashboard it opens is left out, by --no-dashboard now or before. */
  private showWithoutDashboard(): string {
    const rows = '--run alone prints the rows each table loaded';
    if (this.given('dashboard') !== undefined) {
      return `--show opens dlt's dashboard, which --no-dashboard leaves out: drop one of the two (${rows}). Nothing was written.`;
    }
    return (
      "--show opens dlt's dashboard, which this project leaves out (it was generated with --no-dashboard, kept in " +
      `.yo-rc.json): drop --show (${rows}), or add --dashboard to install it. Nothing was written.`
    );
  }

  override async end(): Promise<void> {
    // with --json the one JSON object comes last, so that it can say what the run loaded
    if (!this.options.json) super.end();
    const run = await this.runIfAsked();
    if (this.options.json) this.printSummary(run ? { run } : {});
  }

  /** --run: runs the new pipeline once installed and reports what it loaded, or why it did not run. */
  private async runIfAsked(): Promise<RunOutcome | undefined> {
    if (!this.answers.run || this.isDryRun) return undefined;
    const pipeline =
      this.state.pipelines.find((p) => p.name === this.answers.pipelineName) ?? this.state.pipelines[0];
    if (!pipeline) return undefined;
    if (buildSummary(this.state, this.summaryContext).placeholders.length > 0) {
      const reason = 'placeholders are left to fill in (listed in the summary)';
      this.log(`Not running ${pipeline.script} yet: fill in the placeholders listed above first.`);
      return { pipeline: pipeline.name, ran: false, reason };
    }
    const runner = {
      ...this.project,
      runPrefix: this.state.runPrefix,
      profile: this.state.profile,
      json: Boolean(this.options.json),
      spawn: this.runProgram,
    };
    const missing = missingPython(runner);
    if (missing) {
      const reason = `${missing} does not exist yet (the install step did not run)`;
      this.log(`Not running ${pipeline.script}: ${reason}; install with the command above, then run it.`);
      return { pipeline: pipeline.name, ran: false, reason };
    }
    const loaded = await runPipeline(runner, pipeline);
    if (this.answers.show) await showDashboard(runner, pipeline);
    return { pipeline: pipeline.name, ran: true, loaded };
  }
}
