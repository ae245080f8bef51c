import { UsageError } from '../../shared/plan/errors.js';
import { type ProjectScan, type ScannedFile, scanProject } from '../../shared/python/pipeline-scan.js';
import { DltGenerator, type DltOptions } from '../../shared/shell/dlt-generator.js';
import { unifiedDiff } from './diff.js';
import { fixturePaths } from './fixture-edit.js';
import { type IncrementalPlan, planIncremental, refuseNotEditable } from './plan.js';
import { hintedCursorFields } from './probe-hint.js';
import {
  describeIncremental,
  type IncrementalAnswers,
  incrementalQuestions,
  settingQuestions,
  settingsFromAnswers,
  targetQuestions,
} from './questions.js';
import { checkTarget, chosenResource, formatScanReport, normalizeFile } from './target.js';

/**
 * `yo dlt:incremental`: finds the resources of the project's pipelines, asks which one should load
 * incrementally and how, and edits that pipeline file in place (through Yeoman's conflict display).
 */
export default class IncrementalGenerator extends DltGenerator<IncrementalAnswers> {
  private scan?: ProjectScan;
  private plan?: IncrementalPlan;

  protected override installsNothing = true;
  // answers about one resource would be wrong defaults for the next, and would override the
  // settings read from a resource that is incremental already
  protected override storesAnswers = false;
  protected override offersWorkspace = false;

  constructor(args?: string[], options?: DltOptions) {
    super(args, options, incrementalQuestions);
  }

  async initializing(): Promise<void> {
    const root = this.destinationRoot();
    // --file names the script: the others are not read (nor parsed)
    const file = this.givenText('file');
    this.scan = await scanProject(
      root,
      (path) => String(this.fs.read(this.destinationPath(path), { defaults: '' })),
      file === undefined ? undefined : normalizeFile(root, file),
    );
  }

  async prompting(): Promise<void> {
    const scan = this.scan!;
    // a wrong --file or --resource, or nothing to edit: the error alone (it says what there is)
    const file = checkTarget(scan, {
      file: this.givenText('file'),
      resource: this.givenText('resource'),
    });
    this.log(formatScanReport(scan));
    if (file) this.options.file = file;

    const target = await this.resolveQuestions(
      targetQuestions(scan, { resource: this.givenText('resource') }),
    );
    const resource = chosenResource(scan, target.file, target.resource);
    const scanned = scan.files.find((entry) => entry.file === resource.file) as ScannedFile;
    // only the chosen file's syntax tree is edited: the others' (WebAssembly memory) go now
    for (const other of scan.files) if (other !== scanned) other.tree.delete();
    // before any settings question: none of them would make it editable
    refuseNotEditable(resource);

    if (resource.incremental && !resource.notEditable) {
      this.log(`${resource.name} loads incrementally already (${describeIncremental(resource)}).`);
      const [confirm] = incrementalQuestions.filter((question) => question.name === 'changeSettings');
      const { changeSettings } = await this.resolveQuestions([confirm!]);
      if (!changeSettings) {
        this.log(`Left ${resource.file} as it is.`);
        return;
      }
    }
    const [hintedCursor] = hintedCursorFields(scanned.source, resource.line - 1);
    const answers = await this.resolveQuestions(settingQuestions(resource, hintedCursor));
    const strategy = this.givenOption('mergeStrategy');
    if (strategy !== undefined && answers.writeDisposition !== 'merge') {
      throw new UsageError(
        `--merge-strategy ${String(strategy)} goes with --write-disposition merge, not ${answers.writeDisposition}: ` +
          'give --write-disposition merge, or leave --merge-strategy out. Nothing was written.',
      );
    }
    const fixtures = fixturePaths(scanned.pipelineNames, resource.name)
      .filter((path) => this.fs.exists(this.destinationPath(path)))
      .map((path) => ({ path, text: String(this.fs.read(this.destinationPath(path))) }));
    this.plan = await planIncremental(scanned, resource, settingsFromAnswers(answers, resource), {
      // --file named the script, or --yes accepted the one this run chose: either way the edit is the request
      editRequested: this.given('file') !== undefined || this.options.yes === true,
      fixtures,
    });
  }

  async writing(): Promise<void> {
    const { plan } = this;
    if (!plan) return;
    if (plan.after === plan.before) this.log(`${plan.file} has these settings already; nothing to change.`);
    // with --force, Yeoman's dry run prints no diff of its own
    else if (this.isDryRun && this.isForced) this.log(unifiedDiff(plan.file, plan.before, plan.after));
    if (plan.files.length > 0) for (const line of plan.said) this.log(`  ${line}`);
    await this.applyPlan(plan);
  }

  /** A string option as given, or undefined. */
  private givenText(name: 'file' | 'resource'): string | undefined {
    const value = this.options[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  }
}
