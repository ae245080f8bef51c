import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DltGenerator, type DltOptions } from '../../shared/dlt-generator.js';
import { UsageError } from '../../shared/errors.js';
import { type ProjectScan, type ScannedFile, scanProject } from '../../shared/pipeline-scan.js';
import { unifiedDiff } from './diff.js';
import { type IncrementalPlan, planIncremental } from './plan.js';
import {
  describeIncremental,
  type IncrementalAnswers,
  incrementalQuestions,
  settingQuestions,
  settingsFromAnswers,
  targetQuestions,
} from './questions.js';
import { checkTarget, chosenResource, formatScanReport } from './target.js';

interface ConflicterOptions {
  force?: boolean;
  bail?: boolean;
  skipYoResolve?: boolean;
}

/** True when a .yo-resolve file (Yeoman's per-file conflict answers) applies to `folder`. */
function hasYoResolve(folder: string): boolean {
  for (let current = folder; ; current = dirname(current)) {
    if (existsSync(join(current, '.yo-resolve'))) return true;
    if (dirname(current) === current) return false;
  }
}

/**
 * `yo dlt:incremental`: finds the resources of the project's pipelines, asks which one should load
 * incrementally and how, and edits that pipeline file in place (through Yeoman's conflict display).
 */
export default class IncrementalGenerator extends DltGenerator<IncrementalAnswers> {
  private scan?: ProjectScan;
  private plan?: IncrementalPlan;

  constructor(args?: string[], options?: DltOptions) {
    super(args, options, incrementalQuestions);
  }

  async initializing(): Promise<void> {
    this.forgetStoredAnswers();
    this.scan = await scanProject(this.destinationRoot(), (file) =>
      String(this.fs.read(this.destinationPath(file), { defaults: '' })),
    );
  }

  async prompting(): Promise<void> {
    const scan = this.scan!;
    this.log(formatScanReport(scan));
    const file = checkTarget(scan, {
      file: this.givenText('file'),
      resource: this.givenText('resource'),
    });
    if (file) this.options.file = file;

    const target = await this.resolveQuestions(
      targetQuestions(scan, { resource: this.givenText('resource') }),
    );
    const resource = chosenResource(scan, target.file, target.resource);
    const scanned = scan.files.find((entry) => entry.file === resource.file) as ScannedFile;

    if (resource.incremental && !resource.notEditable) {
      this.log(`${resource.name} loads incrementally already (${describeIncremental(resource)}).`);
      const [confirm] = incrementalQuestions.filter((question) => question.name === 'changeSettings');
      const { changeSettings } = await this.resolveQuestions([confirm!]);
      if (!changeSettings) {
        this.log(`Left ${resource.file} as it is.`);
        this.forgetStoredAnswers();
        return;
      }
    }
    const answers = await this.resolveQuestions(settingQuestions(resource));
    this.forgetStoredAnswers();
    this.plan = await planIncremental(scanned, resource, settingsFromAnswers(answers, resource));
  }

  async writing(): Promise<void> {
    const { plan } = this;
    if (!plan) return;
    if (plan.after === plan.before) {
      this.log(`${plan.file} has these settings already; nothing to change.`);
    } else {
      this.refuseUnanswerableConflict(plan.file);
      this.writeProjectFile(plan.file, plan.after);
      // with --force, Yeoman's dry run prints no diff of its own
      if (this.isDryRun && this.forced) this.log(unifiedDiff(plan.file, plan.before, plan.after));
      for (const line of plan.said) this.log(`  ${line}`);
    }
    if (plan.toml.length > 0) await this.writeToml(plan.toml);
    this.state.warnings.push(...plan.warnings);
    this.state.nextSteps.push(...plan.nextSteps);
  }

  /**
   * Yeoman asks before it overwrites a changed file; with no terminal that question ends the run
   * with a bare "force closed the prompt". Say instead what to do, before anything is written.
   */
  private refuseUnanswerableConflict(file: string): void {
    const canAnswer = Boolean(this.options.interactive ?? process.stdin.isTTY);
    if (canAnswer || this.isDryRun || this.forced || this.conflicter.bail) return;
    if (!this.conflicter.skipYoResolve && hasYoResolve(this.destinationRoot())) return;
    throw new UsageError(
      `${file} would change, and with no terminal Yeoman cannot ask whether to overwrite it; nothing was ` +
        'written. Run again with --force to write the change, or with --dry-run to see it as a diff.',
    );
  }

  private get conflicter(): ConflicterOptions {
    return (this.env as { conflicterOptions?: ConflicterOptions }).conflicterOptions ?? {};
  }

  private get forced(): boolean {
    return Boolean(this.options.force || this.conflicter.force);
  }

  /** A string option as given, or undefined. */
  private givenText(name: 'file' | 'resource'): string | undefined {
    const value = this.options[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  /**
   * Answers about one resource make wrong defaults for the next one (and would override the
   * settings read from an incremental resource), so this generator keeps none in .yo-rc.json.
   */
  private forgetStoredAnswers(): void {
    const generators = this.config.get('generators') as Record<string, unknown> | undefined;
    if (generators && this.shortName in generators) {
      const { [this.shortName]: _, ...others } = generators;
      if (Object.keys(others).length > 0) this.config.set('generators', others);
      else this.config.delete('generators');
    }
    if (this.config.get(this.shortName) !== undefined) this.config.delete(this.shortName);
  }
}
