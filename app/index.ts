import { DltGenerator, type DltOptions } from '../shared/dlt-generator.js';
import { UsageError } from '../shared/errors.js';
import { toCamelCase, toKebabCase, toSnakeIdentifier } from '../shared/naming.js';
import { runPipeline, showDashboard } from '../shared/pipeline-runner.js';
import { buildSummary } from '../shared/summary.js';
import { decideKind } from './decide.js';
import { type AppAnswers, appQuestions } from './questions.js';

/** `yo dlt`: decides which kind of pipeline fits the source, then composes that generator. */
export default class AppGenerator extends DltGenerator<AppAnswers> {
  constructor(args?: string[], options?: DltOptions) {
    super(args, options, appQuestions);
  }

  async prompting(): Promise<void> {
    const answers = await this.resolveQuestions();
    const decision = decideKind(answers.source);
    if (!this.options.json)
      this.log(`Source: ${answers.source} -> ${answers.kind} pipeline (${decision.reason})`);

    const common = {
      pipelineName: answers.pipelineName,
      datasetName: answers.datasetName,
      destination: answers.destination,
    };
    const specific: Record<string, unknown> = {};
    if (answers.kind === 'verified') {
      const name = decision.verified?.name ?? toSnakeIdentifier(answers.source);
      specific.source = name;
    } else if (answers.kind === 'rest' && decision.baseUrl) {
      specific.baseUrl = decision.baseUrl;
    } else if (answers.kind === 'custom') {
      specific.sourceName = toSnakeIdentifier(answers.source);
    }
    const passThrough = this.passThroughOptions();
    const child = await this.composeWith(`dlt:${answers.kind}`, {
      generatorOptions: this.forwardedOptions({ ...passThrough, ...common, ...specific }) as never,
    });
    rejectUnknownOptions(Object.keys(passThrough), child, answers.kind);
    await this.composeWith('dlt:destination', {
      generatorOptions: this.forwardedOptions({ destination: answers.destination }) as never,
    });
  }

  /**
   * Options given on the command line that yo dlt itself does not declare: they belong to the
   * generator it composes (e.g. --resources for dlt:rest).
   */
  private passThroughOptions(): Record<string, unknown> {
    const internals = this as unknown as {
      _options: Record<string, unknown>;
      _initOptions: Record<string, unknown>;
    };
    const declared = new Set([
      ...Object.keys(internals._options),
      ...Object.keys(internals._initOptions),
      '_',
    ]);
    return Object.fromEntries(
      Object.entries(this.options)
        .filter(([key, value]) => !declared.has(key) && value !== undefined)
        .map(([key, value]) => [toCamelCase(key), value]),
    );
  }

  override async end(): Promise<void> {
    super.end();
    if (!this.answers.run || this.isDryRun) return;
    const pipeline =
      this.state.pipelines.find((p) => p.name === this.answers.pipelineName) ?? this.state.pipelines[0];
    if (!pipeline) return;
    if (buildSummary(this).placeholders.length > 0) {
      this.log(`Not running ${pipeline.script} yet: fill in the placeholders listed above first.`);
      return;
    }
    await runPipeline(this, pipeline);
    if (this.answers.show) await showDashboard(this, pipeline);
  }
}

function rejectUnknownOptions(given: string[], child: unknown, kind: string): void {
  const declared = Object.keys((child as { _options?: Record<string, unknown> } | undefined)?._options ?? {});
  const unknown = given.filter((name) => !declared.includes(toKebabCase(name)));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `--${toKebabCase(name)}`).join(', ')} ` +
        `for a ${kind} pipeline; see generator-dlt ${kind} --help`,
    );
  }
}
