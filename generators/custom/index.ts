import { existsSync, readFileSync } from 'node:fs';
import { existingEnvironmentPython } from '../../shared/packages/plan.js';
import { projectPython } from '../../shared/packages/run-prefix.js';
import { underProfile } from '../../shared/project/summary.js';
import { DltGenerator, type DltOptions } from '../../shared/shell/dlt-generator.js';
import { tomlFiles } from '../../shared/toml/profile-files.js';
import { removePlaceholderKeys } from '../../shared/toml/remove.js';
import { askResources } from './ask-resources.js';
import { readInstalledClient } from './introspect.js';
import { describeReading, type GivenClientAnswers } from './package-client.js';
import { type CustomPlan, planCustomSource } from './plan.js';
import { type CustomAnswers, customQuestions } from './questions.js';
import { buildSourceSpec, type SourceSpec } from './source-spec.js';

/** `yo dlt:custom`: a @dlt.source skeleton read through RESTClient, a Python package or plain Python. */
export default class CustomGenerator extends DltGenerator<CustomAnswers> {
  private plan?: CustomPlan;
  private spec?: SourceSpec;
  /** Why the package's client is still a guess (undefined once it was read from the package). */
  private guessedBecause?: string;

  constructor(args?: string[], options?: DltOptions) {
    super(args, options, customQuestions);
  }

  async prompting(): Promise<void> {
    const oneByOne = this.canAsk && !this.resourcesGiven();
    const answers = await this.resolveQuestions(
      oneByOne ? customQuestions.filter((question) => question.name !== 'resources') : customQuestions,
    );
    if (oneByOne) this.keepAnswer('resources', await askResources(this.ask, answers));
    this.spec = buildSourceSpec(answers);
    if (this.spec.package) await this.readClientBeforeWriting();
    this.plan = this.planFor(this.spec);
    await this.refuseUnaskedPlanOverwrite(this.plan);
    await this.composeDestination(answers.destination);
  }

  async writing(): Promise<void> {
    await this.applyPlan(this.plan!);
  }

  override async install(): Promise<void> {
    await super.install();
    if (this.spec?.package) await this.readClientAfterInstall();
    // the install step decided how to run Python in this project (uv run python, .venv/bin/python...)
    const python = this.state.runPrefix ?? 'python';
    this.state.nextSteps.push(
      `Smoke-test the source: ${underProfile(this.state.profile, `${python} -m pytest ${this.plan!.smokeTest}`)}`,
    );
  }

  private planFor(spec: SourceSpec): CustomPlan {
    return planCustomSource(spec, { hasRootConftest: this.fs.exists(this.destinationPath('conftest.py')) });
  }

  /** Resources given as an option, in an answers file, or stored by an earlier run are not asked one by one. */
  private resourcesGiven(): boolean {
    return this.given('resources') !== undefined || this.storedAnswer('resources') !== undefined;
  }

  /** The client answers the user gave (kept as given); the defaults give way to what is read. */
  private get givenClientAnswers(): GivenClientAnswers {
    const differs = (name: 'packageClient' | 'secrets' | 'config', guess: string) =>
      this.given(name) !== undefined || String(this.answers[name] ?? '') !== guess;
    return {
      client: differs('packageClient', 'Client'),
      arguments: differs('secrets', 'api_key') || differs('config', ''),
    };
  }

  /**
   * Before anything is written: when the project's environment exists and has the package, the
   * script is written with the client read from it. A dry run runs nothing.
   */
  private async readClientBeforeWriting(): Promise<void> {
    const sdk = this.spec!.package!;
    if (this.isDryRun) {
      this.guessedBecause = 'a dry run reads no package';
      return;
    }
    const { manager, root } = await this.packageManagerChoice();
    const python = existingEnvironmentPython(manager, root, process.env);
    if (!python) {
      this.guessedBecause = `the project has no Python environment with ${sdk.module} yet`;
      return;
    }
    await this.readClient([python]);
  }

  /**
   * After the install step installed the package (it runs after the files are written): the
   * client is read in the project's environment, and the files this run wrote are rewritten with
   * it, unless they changed since.
   */
  private async readClientAfterInstall(): Promise<void> {
    const guessed = this.spec!;
    const sdk = guessed.package!;
    if (!sdk.read && this.state.installed) {
      await this.readClient(projectPython(this.state.runPrefix).argv);
      if (this.spec!.package!.read) await this.rewriteWithReadClient();
    }
    if (this.spec!.package!.read) {
      this.state.nextSteps.push(describeReading(this.spec!));
    } else {
      this.state.warnings.push(
        `${sdk.module}'s client was not read (${this.guessedBecause}): ${guessed.script} guesses ` +
          `${sdk.module}.${sdk.client}(...) and its calls, and its smoke test skips until the lines marked "adapt" ` +
          `fit ${sdk.module}; once ${sdk.module} is installed, run dlt:custom again (--force replaces the script) to have them read.`,
      );
    }
  }

  private async readClient(python: readonly string[]): Promise<void> {
    const outcome = await readInstalledClient(
      this.runProgram,
      python,
      this.destinationRoot(),
      this.spec!,
      this.givenClientAnswers,
    );
    if ('problem' in outcome) {
      this.guessedBecause = outcome.problem;
      return;
    }
    this.spec = outcome.spec;
    this.guessedBecause = undefined;
    // a later run starts from what was read, not from the guess
    const sdk = outcome.spec.package!;
    this.keepAnswer('packageClient', sdk.client);
    this.keepAnswer('secrets', names(outcome.spec, true));
    this.keepAnswer('config', names(outcome.spec, false));
  }

  /**
   * Writes the plan for the read client over the guessed one: each generated file only when it is
   * still as this run wrote it; the new settings and secrets are added and the guessed placeholders
   * this run added (still unfilled) are taken out. The run's commit writes them (Yeoman commits
   * again when a file changes after its first commit).
   */
  private async rewriteWithReadClient(): Promise<void> {
    const before = this.plan!;
    const after = this.planFor(this.spec!);
    for (const file of after.files) {
      const full = this.destinationPath(file.path);
      const wrote = before.files.find((planned) => planned.path === file.path)?.contents;
      const onDisk = existsSync(full) ? readFileSync(full, 'utf8') : undefined;
      if (onDisk === wrote) this.project.write(file.path, file.contents);
      else if (onDisk !== file.contents) {
        this.state.warnings.push(
          `${file.path}: kept as it was (it is not what this run wrote); ${describeReading(this.spec!)}`,
        );
      }
    }
    await this.replaceGuessedToml(before, after);
    const adapt = before.nextSteps.filter((step) => !after.nextSteps.includes(step));
    this.state.nextSteps = this.state.nextSteps.filter((step) => !adapt.includes(step));
    this.plan = after;
  }

  /** The read client's settings and secrets in, the guessed ones this run added (still placeholders) out. */
  private async replaceGuessedToml(before: CustomPlan, after: CustomPlan): Promise<void> {
    await this.writeToml(after.toml);
    const files = tomlFiles(this.state.profile);
    const id = (file: string, table: string, key: string) => `${file}\u0000${table}\u0000${key}`;
    const wanted = new Set(
      after.toml.map((entry) =>
        id(entry.secret ? files.secrets : files.config, entry.table.join('.'), entry.key),
      ),
    );
    const added = new Set(
      this.state.toml.filter((change) => change.action === 'added').map((c) => id(c.file, c.table, c.key)),
    );
    const removed = new Set<string>();
    for (const entry of before.toml) {
      const file = entry.secret ? files.secrets : files.config;
      const key = id(file, entry.table.join('.'), entry.key);
      if (wanted.has(key) || !added.has(key)) continue;
      const text = this.project.read(file);
      if (text === undefined) continue;
      const next = removePlaceholderKeys(text, entry.table, [entry]);
      if (next === text) continue;
      this.project.write(file, next);
      removed.add(key);
    }
    this.state.toml = this.state.toml.filter(
      (change) => !removed.has(id(change.file, change.table, change.key)),
    );
  }
}

/** The spec's secret (or setting) names, as the --secrets and --config answers give them. */
function names(spec: SourceSpec, secret: boolean): string {
  return spec.arguments
    .filter((arg) => arg.secret === secret)
    .map((arg) => arg.name)
    .join(',');
}
