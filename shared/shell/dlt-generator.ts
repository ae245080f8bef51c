import { existsSync, readdirSync, type Stats } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import Generator, { type BaseFeatures, type BaseOptions } from 'yeoman-generator';
import { pipelineDestinationEntries } from '../dlt/pipeline-destination.js';
import { lockProject } from '../files/project-lock.js';
import { readIfAny } from '../files/project-writes.js';
import { inFormOf } from '../files/text-encoding.js';
import { isInside } from '../files/write-target.js';
import type { PackageManagerChoice } from '../packages/choice.js';
import type { ProjectContext, Spawn } from '../plan/context.js';
import { UsageError } from '../plan/errors.js';
import type { Plan, PlannedFile } from '../plan/plan.js';
import {
  type FileAction,
  type PipelineInfo,
  type RunState,
  recordFile,
  runState,
} from '../plan/run-state.js';
import { planGitignore } from '../project/gitignore.js';
import { PERFORMANCE_MARKER, withPerformanceAdvice } from '../project/performance-advice.js';
import { printSummary } from '../project/summary.js';
import {
  projectLayout,
  sharedStateWarning,
  userPipelinesDir,
  WORKSPACE_MARKER,
} from '../project/workspace.js';
import { toCamelCase, toKebabCase } from '../python/naming.js';
import { readAnswersFile } from '../questions/answers-file.js';
import { quotedWithNearest, unknownOptions } from '../questions/did-you-mean.js';
import {
  type Answers,
  type Ask,
  isStored,
  type OptionDeclaration,
  optionName,
  type Question,
  resolveAnswers,
  searchChoices,
} from '../questions/question.js';
import { mergeTomlEntries } from '../toml/apply.js';
import type { TomlEntry } from '../toml/entry.js';
import { profileNameProblem, type TomlFiles, tomlTargets } from '../toml/profile-files.js';
import { type CommitRun, commitRunFiles } from './commit.js';
import { askTakeNewValue } from './conflict-prompt.js';
import {
  ensurePackageManager,
  type InstallContext,
  plannedManifestEdits,
  runInstallStep,
} from './install-step.js';
import { readProjectText } from './project-read.js';
import {
  conflicterSettings,
  declaredOptionNames,
  environmentDryRun,
  initOptionNames,
  markConflictDecided,
  optionsDeclaredBy,
} from './yeoman-internals.js';
import { quietYeomanAdapter } from './yeoman-log.js';

export type DltOptions = BaseOptions & {
  yes?: boolean;
  answers?: string | Answers;
  json?: boolean;
  interactive?: boolean;
  dryRun?: boolean;
  fromApp?: boolean;
  [key: string]: unknown;
};

/**
 * What `dlt pipeline <name> show` (the dashboard) needs with dlt 1.31: the `hub` extra (it warns
 * without it) and the packages its runner imports, which that extra does not bring (checked by
 * starting the dashboard). dlt before 1.31 named this extra `workspace`.
 */
export const DASHBOARD_REQUIREMENT = 'dlt[hub]';
export const DASHBOARD_DEV_REQUIREMENTS = ['marimo', 'pyarrow', 'ibis-framework'];

/** Options every generator of the package takes, besides its questions. */
const COMMON_OPTIONS: readonly OptionDeclaration[] = [
  { name: 'yes', type: 'boolean', description: 'Take the default of every question; never ask' },
  { name: 'answers', type: 'string', description: 'A JSON or YAML file of answers (option names to values)' },
  { name: 'json', type: 'boolean', description: 'Print the summary as one JSON object on stdout' },
  {
    name: 'package-manager',
    type: 'string',
    description:
      "The project's Python package manager: uv | poetry | pipenv | pdm | pip (detected when not given)",
  },
  {
    name: 'dashboard',
    type: 'boolean',
    description:
      "Add what dlt's dashboard needs (dlt[hub], which brings dlthub under the dltHub EULA; marimo, pyarrow, ibis-framework); --no-dashboard leaves them out",
  },
  {
    name: 'profile',
    type: 'string',
    description:
      'dlt workspace profile (e.g. prod): settings and secrets go to .dlt/<profile>.config.toml and .dlt/<profile>.secrets.toml (dlt:deploy: the profile the deployment runs with)',
  },
  {
    name: 'workspace',
    type: 'boolean',
    description:
      'Make an existing project a dlt workspace (its own pipeline state and DuckDB files in .dlt; new projects are); --no-workspace keeps dlt per-user state',
  },
  {
    name: 'verbose',
    type: 'boolean',
    description: "Show the package manager's whole output as it installs (otherwise only when it fails)",
  },
  {
    name: 'interactive',
    type: 'boolean',
    description: 'Ask even when stdin is not a terminal',
    hidden: true,
  },
];

/**
 * The shell every generator of the package shares: it turns declared questions into options,
 * resolves answers (options, answers file, prompts, defaults), and at the end runs the one install
 * step and prints the one summary of the run. Subclasses add `prompting` and `writing`.
 */
export abstract class DltGenerator<A extends Answers = Answers> extends Generator<Answers, DltOptions> {
  protected answers = {} as A;
  private readonly questions: readonly Question[];

  constructor(
    args: string[] | undefined,
    options: DltOptions | undefined,
    questions: readonly Question[],
    features: BaseFeatures = {},
  ) {
    // customInstallTask keeps the environment from its npm install; only the run's first generator
    // declares it (composed ones get fromApp), as several declaring it make it log a notice
    const owner: { generator?: DltGenerator } = {};
    super(args ?? [], options ?? ({} as DltOptions), {
      customInstallTask: !options?.fromApp,
      // the run's first generator also commits every generator's files: see commitRunFiles
      customCommitTask: options?.fromApp ? undefined : () => commitRunFiles(owner.generator!.commitRun),
      inheritTasks: true,
      ...features,
    });
    this.questions = questions;
    // read when a line is logged: the first generator is made before the run's options reach it
    const environment = this.env;
    quietYeomanAdapter(environment.adapter, () => {
      const conflicter = conflicterSettings(environment);
      return Boolean(conflicter.dryRun || conflicter.bail);
    });
    owner.generator = this;
    // only when this generator runs: the bin builds one first just to read its options
    if (!options?.fromApp) {
      this.once('before:queueOwnTasks', () => {
        this.lockProjectForRun();
        this.queueAnswerKeysCheck();
      });
    }
    // Yeoman parses the whole command line again for each option declared (over a hundred with
    // dlt:destination's): they are declared with that off, and parsed once
    const parsesEachOption = !this.features.skipParseOptions;
    this.setFeatures({ skipParseOptions: true });
    this.declareOptions(COMMON_OPTIONS);
    for (const question of questions) {
      this.option(optionName(question), {
        // a number question takes its value as text (parsed and checked with the answer): the
        // command-line parser registers a Number option without a value
        type: question.type === 'confirm' ? Boolean : String,
        description: question.description ?? question.message,
        hide: question.hidden ?? false,
      });
    }
    if (parsesEachOption) {
      this.setFeatures({ skipParseOptions: false });
      this.parseOptions();
    }
  }

  /** The run's first generator holds the project lock from its first task to the end of the run. */
  private lockProjectForRun(): void {
    this.queueTask({
      queueName: 'initializing',
      taskName: 'lockProject',
      once: true,
      method: async () => {
        if (this.isDryRun) return;
        const lock = await lockProject(this.destinationRoot());
        this.env.once('end', lock.release);
        this.env.once('error', lock.release);
      },
    } as never);
  }

  /**
   * An --answers file key that no generator of the package declares is a typo (`pipline-name`)
   * that would be dropped without a word; checked before the first question, and before anything
   * is asked of an API (dlt:rest probes while prompting). A generator run alone accepts a file
   * written for yo dlt (keys of the app or of generators this run does not compose).
   */
  private queueAnswerKeysCheck(): void {
    this.queueTask({
      queueName: 'initializing',
      taskName: 'checkAnswerKeys',
      once: true,
      method: async () => {
        // every generator must be known to tell a typo from another generator's key (the bin
        // registers them all; a test environment may hold only the one it runs)
        if (typeof this.options.answers !== 'string' || !this.env.getGeneratorMeta('dlt:app')) return;
        const { unknown, declared } = await this.answerKeysNoGeneratorDeclares();
        if (unknown.length === 0) return;
        throw new UsageError(
          `--answers: ${quotedWithNearest(unknown, declared)} ${unknown.length > 1 ? 'are not options' : 'is not an option'} ` +
            'of any generator-dlt generator; check the spelling (generator-dlt <generator> --help lists them). Nothing was written.',
        );
      },
    } as never);
  }

  /** The answers file's keys no generator declares, and every generator's declared options. */
  private async answerKeysNoGeneratorDeclares(): Promise<{ unknown: string[]; declared: Set<string> }> {
    const declared = new Set([...declaredOptionNames(this), ...this.composedOptions]);
    const unknownNow = () =>
      Object.keys(this.answersFile())
        .map(toKebabCase)
        .filter((key) => !declared.has(key));
    const env = this.env as unknown as { namespaces?: () => string[] };
    for (const namespace of env.namespaces?.() ?? []) {
      if (unknownNow().length === 0 || !namespace.startsWith('dlt:')) continue;
      for (const name of await optionsDeclaredBy(this.env, namespace)) declared.add(name);
    }
    return { unknown: unknownNow(), declared };
  }

  private get commitRun(): CommitRun {
    return {
      env: this.env,
      root: this.destinationRoot(),
      dryRun: this.isDryRun,
      manifestEdits: () => plannedManifestEdits(this.installContext),
      keptFile: (path) => this.state.files.set(relative(this.destinationRoot(), path), 'kept'),
    };
  }

  /** Declares options that are not questions (see OptionDeclaration). */
  protected declareOptions(options: readonly OptionDeclaration[]): void {
    for (const option of options) {
      this.option(option.name, {
        type: option.type === 'boolean' ? Boolean : String,
        description: option.description,
        hide: option.hidden ?? false,
      });
    }
  }

  get state(): RunState {
    return runState(this.env);
  }

  /** The generator's own name, its folder: `rest` for dlt:rest (the namespace varies with how it was found). */
  get shortName(): string {
    return basename(dirname(this.resolved));
  }

  get isDryRun(): boolean {
    return Boolean(this.options.dryRun ?? environmentDryRun(this.env));
  }

  /** --force: Yeoman overwrites changed files without asking. */
  get isForced(): boolean {
    return Boolean(this.options.force || conflicterSettings(this.env).force);
  }

  get canAsk(): boolean {
    if (this.options.yes) return false;
    return Boolean(this.options.interactive ?? process.stdin.isTTY);
  }

  /** The run as the code below the shell sees it: the project, its files, and callbacks. */
  get project(): ProjectContext {
    return {
      root: this.destinationRoot(),
      read: (path) => readProjectText(this.fs.store, this.destinationPath(path), path),
      write: (path, contents, options) => this.writeDecidedFile(path, contents, options),
      log: (message) => this.log(message),
      ask: this.ask,
      canAsk: this.canAsk,
      // --force as given to this generator (a test environment forces Yeoman's conflicter on its own)
      force: Boolean(this.options.force),
      dryRun: this.isDryRun,
    };
  }

  /** Runs a program through Yeoman's spawn (execa), for the code below the shell. */
  protected readonly runProgram: Spawn = (file, args, options) =>
    this.spawn(file, [...args], options as never);

  /** The project, with what the install step and the package-manager choice need besides. */
  private get installContext(): InstallContext {
    return {
      ...this.project,
      state: this.state,
      given: this.options.packageManager,
      stored: this.config.get('packageManager'),
      remember: (key, value) => this.config.set(key, value),
      skipInstall: Boolean(this.options.skipInstall),
      verbose: Boolean(this.options.verbose),
      spawn: this.runProgram,
      printSummary: () => this.printSummary(),
    };
  }

  /** Answers this generator's questions; see resolveAnswers for the order of sources. */
  protected async resolveQuestions(questions: readonly Question[] = this.questions): Promise<A> {
    const given: Answers = {};
    for (const question of questions) {
      const value = this.givenOption(question.name);
      if (value !== undefined) given[question.name] = value;
    }
    const answers = await resolveAnswers(
      questions,
      { given, file: this.answersFile(), stored: this.storedAnswers() },
      { canAsk: this.canAsk, ask: this.ask },
    );
    this.storeAnswers(questions, answers);
    this.rememberDashboardChoice();
    Object.assign(this.answers, answers);
    await this.settleWorkspace();
    if (!this.installsNothing) await ensurePackageManager(this.installContext);
    return this.answers;
  }

  /** The run's package manager and the folder it manages (resolveQuestions decides it). */
  protected packageManagerChoice(): Promise<PackageManagerChoice> {
    return ensurePackageManager(this.installContext);
  }

  /**
   * Once per run: whether the project is a dlt workspace, so that it keeps its own pipeline state
   * and DuckDB files (see project/workspace.ts). A new project becomes one (not with
   * --no-workspace); an existing one that is not is converted only when the user says so
   * (--workspace, or yes to the question, asked once); --profile needs a workspace.
   */
  private async settleWorkspace(): Promise<void> {
    const { state } = this;
    if (state.workspace !== undefined) return;
    const profile = this.given('profile');
    if (profile !== undefined) {
      const problem = profileNameProblem(String(profile));
      if (problem) throw new UsageError(problem);
      state.profile = String(profile);
    }
    const layout = projectLayout({
      exists: (path) => existsSync(this.destinationPath(path)),
      list: (dir) => (existsSync(this.destinationPath(dir)) ? readdirSync(this.destinationPath(dir)) : []),
    });
    const given = this.given('workspace');
    let workspace: boolean;
    if (this.keepsWorkspaceAsIs) {
      workspace = layout === 'workspace';
    } else if (layout === 'workspace') {
      workspace = true;
      if (given === false) {
        state.warnings.push(
          `--no-workspace: this project is a dlt workspace already (${WORKSPACE_MARKER}); it stays one.`,
        );
      }
    } else if (given !== undefined) {
      workspace = given === true || given === 'true';
    } else if (layout === 'new') {
      workspace = true;
    } else if (this.config.get('workspace') === false) {
      // asked once: the answer is kept in .yo-rc.json
      workspace = false;
    } else if (this.canAsk && this.offersWorkspace) {
      const { convert } = await this.prompt<{ convert: boolean }>([
        {
          type: 'confirm',
          name: 'convert',
          message:
            "dlt keeps this project's pipeline state per user (shared by every project on this machine). " +
            'Make it a dlt workspace, with its own state and DuckDB files in .dlt?',
          default: state.profile !== undefined,
        } as never,
      ]);
      workspace = convert;
      if (!convert && !this.isDryRun) this.config.set('workspace', false);
    } else {
      workspace = false;
    }
    if (!workspace && state.profile !== undefined) {
      throw new UsageError(
        `--profile ${state.profile}: dlt has profiles only in a dlt workspace, and this project is not one. ` +
          'Run again with --workspace to make it one (dlt then keeps its pipeline state in .dlt/state), or without --profile.',
      );
    }
    state.workspace = workspace;
    if (workspace && layout !== 'workspace') {
      this.writeProjectFile(WORKSPACE_MARKER, '');
      if (layout === 'plain') {
        state.warnings.push(
          'This project is now a dlt workspace: run from its folder, dlt keeps pipeline state in .dlt/state/<profile> ' +
            `and DuckDB files in .dlt/data/<profile>; what it kept before (in ${userPipelinesDir()}, and *.duckdb files ` +
            'in the project folder) is not read any more.',
        );
      }
    }
  }

  /** Set by a generator that never adds requirements (it then needs no package manager). */
  protected installsNothing = false;

  /**
   * Set by a generator that reads a project's pipelines without loading anything (dlt:deploy): the
   * project stays a dlt workspace or not as it is, and nothing is asked about it.
   */
  protected keepsWorkspaceAsIs = false;

  /**
   * Cleared by a generator that only edits a pipeline in place: it does not ask whether to make an
   * existing project a dlt workspace (--workspace still does).
   */
  protected offersWorkspace = true;

  /** Cleared by a generator whose answers are about one run only (see Question.store). */
  protected storesAnswers = true;

  /** Asks one question in the terminal, with `initial` preselected. */
  protected readonly ask: Ask = async (question, soFar, initial) => {
    const choices = typeof question.choices === 'function' ? question.choices(soFar) : question.choices;
    const reply = await this.prompt<Answers>([
      {
        type: question.type ?? (question.choices ? 'select' : 'input'),
        name: question.name,
        message: question.message,
        default: initial,
        choices,
        // inquirer's search prompt lists what `source` returns for the text typed so far
        ...(question.type === 'search'
          ? {
              source: async (term?: string) => searchChoices(choices ?? [], term),
              ...(question.searchTerm ? { initialValue: question.searchTerm } : {}),
            }
          : {}),
        validate: question.validate ? (value: unknown) => question.validate!(value, soFar) : undefined,
        ...(question.pageSize ? { pageSize: question.pageSize } : {}),
      } as never,
    ]);
    return reply[question.name];
  };

  /** An option as given on the command line or by a composing generator (camelCase or kebab-case). */
  protected givenOption(name: string): unknown {
    return this.options[name] ?? this.options[toKebabCase(name)];
  }

  /** A value given as an option, else in the --answers file; undefined when neither has it. */
  protected given(name: string): unknown {
    const option = this.givenOption(name);
    if (option !== undefined && option !== '') return option;
    return this.answersFile()[name];
  }

  /** The --answers file's contents (camelCase keys), {} without one. */
  protected answersFile(): Answers {
    const { answers } = this.options;
    if (!answers) return {};
    return typeof answers === 'object' ? answers : readAnswersFile(answers, this.destinationRoot());
  }

  /** This generator's own stored answers: `.yo-rc.json` > generator-dlt > generators > <name>. */
  private get ownStoredAnswers(): Answers {
    const generators = (this.config.get('generators') as Record<string, Answers> | undefined) ?? {};
    return generators[this.shortName] ?? {};
  }

  private storedAnswers(): Answers {
    if (!this.storesAnswers) return {};
    const { generators: _, ...project } = this.config.getAll();
    return { ...project, ...this.ownStoredAnswers };
  }

  /** A value an earlier run stored for this generator (or the project), undefined when none. */
  protected storedAnswer(name: string): unknown {
    return this.storedAnswers()[name];
  }

  /** An answer settled outside resolveQuestions (asked in a loop, say), kept like the others. */
  protected keepAnswer(name: string, value: unknown): void {
    this.answers[name as keyof A] = value as A[keyof A];
    if (!this.isDryRun && this.storesAnswers)
      this.config.setPath(`generators.${this.shortName}.${name}`, value as never);
  }

  private storeAnswers(questions: readonly Question[], answers: Answers): void {
    if (this.isDryRun || !this.storesAnswers) return;
    const own: Answers = { ...this.ownStoredAnswers };
    // a project-wide answer given under --profile (its destination) is that profile's: kept, it
    // would become every later run's default and reach the plain files every profile reads
    const underProfile = this.given('profile') !== undefined;
    for (const question of questions) {
      const value = answers[question.name];
      if (!isStored(question) || value === undefined) continue;
      if (question.scope === 'project') {
        if (!underProfile) this.config.set(question.name, value);
      } else own[question.name] = value;
    }
    if (Object.keys(own).length > 0) this.config.setPath(`generators.${this.shortName}`, own);
  }

  /**
   * Options given on the command line that this generator does not declare (the bin lets them
   * through): they belong to a generator it composes, e.g. --resources for dlt:rest under yo dlt,
   * or --destination-host for dlt:destination. Keys in camelCase.
   */
  protected passThroughOptions(): Answers {
    const declared = new Set([...declaredOptionNames(this), ...initOptionNames(this), '_']);
    return Object.fromEntries(
      Object.entries(this.options)
        .filter(([key, value]) => !declared.has(key) && value !== undefined)
        .map(([key, value]) => [toCamelCase(key), value]),
    );
  }

  /**
   * Composes a generator by namespace with what this one knows, and refuses any option meant for
   * it that it does not declare (a typo, or an option of another generator).
   */
  protected async composeChecked(
    namespace: string,
    options: Answers,
    passedThrough: readonly string[],
  ): Promise<void> {
    const child = await this.composeWith(namespace, {
      generatorOptions: this.forwardedOptions(options) as never,
    });
    const declared = declaredOptionNames(child);
    this.composedOptions.push(...declared);
    const unknown = passedThrough.map(toKebabCase).filter((name) => !declared.includes(name));
    if (unknown.length > 0) {
      throw new UsageError(`${unknownOptions(unknown, declared)}; see ${namespace} --help`);
    }
  }

  /** Options of the generators this one composed, for checking an answers file's keys. */
  private readonly composedOptions: string[] = [];

  /**
   * An --answers file key that no generator of this run declares is a typo (`pipline-name`) that
   * would otherwise be dropped without a word: refuse it, before anything is written. yo dlt calls
   * it once it has composed the others (a generator run alone accepts an answers file written
   * for yo dlt, which holds keys such as `source` or `kind`).
   */
  protected rejectUnknownAnswerKeys(): void {
    const declared = new Set([...declaredOptionNames(this), ...this.composedOptions]);
    const unknown = Object.keys(this.answersFile())
      .map(toKebabCase)
      .filter((key) => !declared.has(key));
    if (unknown.length === 0) return;
    throw new UsageError(
      `--answers: ${quotedWithNearest(unknown, declared)} ${unknown.length > 1 ? 'are not options' : 'is not an option'} ` +
        `of this run's generators; check the spelling (generator-dlt <generator> --help lists them).`,
    );
  }

  /**
   * Composes dlt:destination (once per run: it is unique) with the destination and every
   * --destination-* option given here, when this generator runs alone (not under yo dlt).
   */
  protected async composeDestination(destination: string): Promise<void> {
    // under yo dlt the app composes it; a test may run a generator without it registered
    if (this.options.fromApp || !this.env.getGeneratorMeta('dlt:destination')) return;
    const passed = this.passThroughOptions();
    const forDestination = Object.fromEntries(
      Object.entries(passed).filter(([key]) => isDestinationOption(key)),
    );
    const stray = Object.keys(passed)
      .filter((key) => !isDestinationOption(key))
      .map(toKebabCase);
    if (stray.length > 0) {
      throw new UsageError(
        `${unknownOptions(stray, declaredOptionNames(this))}; ` +
          `see generator-dlt ${this.shortName} --help`,
      );
    }
    await this.composeChecked(
      'dlt:destination',
      { ...forDestination, destination },
      Object.keys(forDestination),
    );
  }

  /** Options to forward to a composed generator so that nothing is asked twice. */
  protected forwardedOptions(extra: Answers = {}): Answers {
    const keep = [
      'yes',
      'answers',
      'json',
      'interactive',
      'dryRun',
      'skipInstall',
      'force',
      'packageManager',
      'dashboard',
      'profile',
      'workspace',
      'verbose',
    ];
    const forwarded: Answers = { fromApp: true };
    for (const key of keep) if (this.options[key] !== undefined) forwarded[key] = this.options[key];
    return { ...forwarded, ...extra };
  }

  /** Resolves a path given by the user inside the project; refuses one that leaves it. */
  protected projectPath(path: string, option: string): string {
    const root = this.destinationRoot();
    const full = resolve(root, path);
    if (!isInside(root, full)) {
      throw new UsageError(
        `--${option}: "${path}" is outside the project (${root}); give a path inside it. Nothing was written.`,
      );
    }
    return full;
  }

  /** Writes a project file through Yeoman's file system and records it for the summary. */
  protected writeProjectFile(path: string, contents: string): void {
    this.refuseUnaskedOverwrite([{ path, contents }]);
    const full = this.destinationPath(path);
    this.fs.write(full, contents);
    this.recordWrite(full, contents);
  }

  /**
   * Yeoman asks before it overwrites a file that changed; with no terminal that question would end
   * the run with a bare "force closed the prompt". Say instead what to do, before anything is
   * written. Generators that know their files early call this in `prompting`.
   */
  protected refuseUnaskedOverwrite(
    files: readonly { path: string; contents: string }[],
    alsoChanging: readonly string[] = [],
  ): void {
    if (!this.mayRefuseUnaskedOverwrite()) return;
    const differing = files
      .filter(({ path, contents }) => {
        const full = this.destinationPath(path);
        return existsSync(full) && !sameAsDisk(full, contents);
      })
      .map(({ path }) => path);
    if (differing.length === 0) return;
    // --force would change these too: the message names every file it would write
    differing.push(...alsoChanging.filter((path) => !differing.includes(path)));
    throw new UsageError(
      `${differing.join(', ')} would change, and with no terminal nobody can be asked whether to overwrite ` +
        `${differing.length === 1 ? 'it' : 'them'}; nothing was written. Run again with --force to write the ` +
        'change, or with --dry-run to see it as a diff.',
    );
  }

  private mayRefuseUnaskedOverwrite(): boolean {
    const conflicter = conflicterSettings(this.env);
    if (this.canAsk || this.isDryRun || this.isForced || conflicter.bail) return false;
    return conflicter.skipYoResolve || !hasYoResolve(this.destinationRoot());
  }

  /**
   * refuseUnaskedOverwrite for a plan: its files, and the .dlt TOML files whose values --force
   * would replace (a value that differs from the user's is kept without it, taken with it).
   */
  protected async refuseUnaskedPlanOverwrite(
    plan: Plan & { files: readonly { path: string; contents: string }[] },
  ): Promise<void> {
    if (!this.mayRefuseUnaskedOverwrite()) return;
    const conflicting = new Set<string>();
    for (const { entries: group, files } of tomlTargets(planTomlEntries(plan), this.state.profile)) {
      try {
        const merge = await mergeTomlEntries(
          { ...this.project, force: false, askTake: async () => false },
          group,
          this.state.toml,
          files,
        );
        for (const change of merge.changes) if (change.action === 'conflict') conflicting.add(change.file);
      } catch {
        // a file that does not parse is reported when it is written
      }
    }
    this.refuseUnaskedOverwrite(plan.files, [...conflicting]);
  }

  protected recordWrite(fullPath: string, contents: string): void {
    let action: FileAction = 'create';
    if (existsSync(fullPath)) action = sameAsDisk(fullPath, contents) ? 'identical' : 'update';
    recordFile(this.state, relative(this.destinationRoot(), fullPath), action);
  }

  /** Carries out a plan, in the order Plan documents: the one way a generator's changes are written. */
  protected async applyPlan(plan: Plan): Promise<void> {
    for (const file of plan.files) this.writePlannedFile(file);
    // TOML entries always bring the .gitignore rules that keep secrets.toml out of git
    const toml = planTomlEntries(plan);
    if (toml.length > 0 || plan.gitignore) await this.writeToml(toml);
    if (plan.performanceAdvice) {
      this.addPerformanceAdvice({ onlyToNewFile: plan.performanceAdvice === 'new-config-only' });
    }
    this.addRequirements(plan.requirements);
    this.addRequirements(plan.devRequirements, { dev: true });
    for (const pipeline of plan.pipelines) this.registerPipeline(pipeline);
    this.state.warnings.push(...plan.warnings);
    this.state.nextSteps.push(...plan.nextSteps);
  }

  /** See ConflictRule replace-if-untouched. */
  private replaceIfUntouched(path: string, contents: Buffer, untouched: boolean): void {
    const full = this.destinationPath(path);
    if (!existsSync(full)) {
      this.fs.write(full, contents);
      recordFile(this.state, path, 'create');
    } else if (sameAsDisk(full, contents)) {
      recordFile(this.state, path, 'identical');
    } else if (untouched) {
      this.fs.write(full, contents);
      markConflictDecided(this.fs, full);
      recordFile(this.state, path, 'update');
    } else if (this.canAsk || this.options.force) {
      // Yeoman asks in a terminal; a "do not overwrite" makes it kept (see commitRunFiles)
      this.fs.write(full, contents);
      recordFile(this.state, path, 'update');
    } else {
      recordFile(this.state, path, 'kept');
      this.state.warnings.push(
        `${path}: kept your version (you changed it since generator-dlt wrote it); ` +
          'run in a terminal to review the new upstream version, or pass --force to take it.',
      );
    }
  }

  /** Writes one planned file by its conflict rule (see ConflictRule). */
  private writePlannedFile(file: PlannedFile): void {
    if (file.rule === 'replace-if-untouched') {
      this.replaceIfUntouched(file.path, file.contents, file.untouched);
      return;
    }
    switch (file.rule ?? 'create') {
      case 'create':
        this.writeProjectFile(file.path, file.contents);
        break;
      case 'merge':
        this.project.write(file.path, file.contents);
        break;
      case 'edit-the-user-named':
        // in a terminal Yeoman still shows the diff and asks; without one the request is the consent
        if (this.canAsk) this.writeProjectFile(file.path, file.contents);
        else this.project.write(file.path, file.contents);
        break;
      case 'keep-user-edits': {
        const existing = this.project.read(file.path);
        const changed =
          existing !== undefined && existing !== inFormOf(Buffer.from(existing, 'utf8'), file.contents);
        if (changed && !this.isForced && !this.canAsk) {
          recordFile(this.state, file.path, 'kept');
          this.state.warnings.push(
            `${file.path} differs from what dlt:${this.shortName} writes now (your edits?): kept as it is; ` +
              '--force replaces it, --dry-run shows the difference',
          );
        } else {
          this.writeProjectFile(file.path, file.contents);
        }
        break;
      }
      case 'keep-existing':
        if (this.fs.exists(this.destinationPath(file.path))) {
          this.state.nextSteps.push(`${file.path} exists already and was left as it is.`);
        } else {
          this.writeProjectFile(file.path, file.contents);
        }
        break;
    }
  }

  /**
   * Writes a file whose every conflict generator-dlt decided itself (a merge, or an edit the user
   * asked for): Yeoman's conflicter must not ask about the whole file again (except in a dry run,
   * where Yeoman shows the diff). Records it for the summary.
   */
  private writeDecidedFile(relativePath: string, contents: string, options: { mode?: number } = {}): void {
    const path = this.destinationPath(relativePath);
    const stat = options.mode === undefined ? undefined : ({ mode: options.mode } as Stats);
    this.fs.write(path, contents, stat ? { stat } : undefined);
    // a new file is created without a question anyway; only an existing one would be asked about
    if (!this.isDryRun && existsSync(path)) markConflictDecided(this.fs, path);
    this.recordWrite(path, contents);
  }

  /**
   * Merges settings and secrets into the project's .dlt/config.toml and .dlt/secrets.toml (a
   * conflict is asked about in a terminal), and makes sure .gitignore keeps the secrets out of git.
   */
  protected async writeToml(entries: readonly TomlEntry[]): Promise<void> {
    await this.settleWorkspace();
    for (const target of tomlTargets(entries, this.state.profile))
      await this.mergeToml(target.entries, target.files);
    await this.ensureGitignore();
  }

  private async mergeToml(entries: readonly TomlEntry[], files: TomlFiles): Promise<void> {
    const project = this.project;
    const merge = await mergeTomlEntries(
      {
        ...project,
        askTake: (file, conflict) => askTakeNewValue(project.ask, project.log, file, conflict),
      },
      entries,
      this.state.toml,
      files,
    );
    this.state.toml.push(...merge.changes);
    this.state.warnings.push(...merge.warnings);
    for (const write of merge.writes) project.write(write.path, write.contents, { mode: write.mode });
  }

  /** Merges the dlt patterns into the project's .gitignore, once per run, and warns about what it sees. */
  protected async ensureGitignore(): Promise<void> {
    if (this.state.shared.has(GITIGNORE_DONE)) return;
    this.state.shared.set(GITIGNORE_DONE, true);
    const { contents, warnings } = await planGitignore(this.project);
    if (contents !== undefined) this.project.write('.gitignore', contents);
    this.state.warnings.push(...warnings);
  }

  /**
   * Announces a pipeline this run wrote: the summary says how to run it and how to open dlt's
   * dashboard, whose packages it adds (the dashboard's own as development requirements).
   */
  protected registerPipeline(pipeline: PipelineInfo): void {
    this.state.pipelines.push(pipeline);
    if (this.state.workspace === false) {
      const warning = sharedStateWarning(pipeline.name, userPipelinesDir());
      if (warning && !this.state.warnings.includes(warning)) this.state.warnings.push(warning);
    }
    this.addDashboardRequirements();
  }

  /** The dashboard's requirements, unless --no-dashboard (the summary then names no `show`). */
  protected addDashboardRequirements(): void {
    if (!this.wantsDashboard) return;
    this.addRequirements([DASHBOARD_REQUIREMENT]);
    this.addRequirements(DASHBOARD_DEV_REQUIREMENTS, { dev: true });
  }

  /** --dashboard or --no-dashboard as given, else the project's choice kept in .yo-rc.json. */
  get wantsDashboard(): boolean {
    const given = this.given('dashboard');
    if (given !== undefined) return given !== false && given !== 'false';
    return this.config.get('dashboard') !== false;
  }

  /** --no-dashboard holds for the project's later runs (kept in .yo-rc.json) until --dashboard. */
  private rememberDashboardChoice(): void {
    if (this.isDryRun || this.given('dashboard') === undefined) return;
    if (this.wantsDashboard) this.config.delete('dashboard');
    else this.config.set('dashboard', false);
  }

  /**
   * Appends dlt's performance knobs to .dlt/config.toml: always when asked for, else only to a
   * config.toml this run creates (a user who removed the block does not get it back). Each line
   * carries its figure as a comment, which the TOML writer's entries cannot carry; where the file
   * already has a table the block would repeat, the block is all comments.
   */
  protected addPerformanceAdvice(options: { onlyToNewFile: boolean }): void {
    const path = this.destinationPath('.dlt/config.toml');
    if (options.onlyToNewFile && existsSync(path)) return;
    const text = this.fs.read(path, { defaults: '' }) ?? '';
    if (text.includes(PERFORMANCE_MARKER)) return;
    const contents = withPerformanceAdvice(text);
    this.fs.write(path, contents);
    this.recordWrite(path, contents);
  }

  /** Adds Python requirements (pip syntax) to the run's one install step. */
  protected addRequirements(requirements: readonly string[], options: { dev?: boolean } = {}): void {
    const list = options.dev ? this.state.devRequirements : this.state.requirements;
    for (const requirement of requirements) if (!list.includes(requirement)) list.push(requirement);
  }

  async install(): Promise<void> {
    await runInstallStep(this.installContext);
  }

  /** What the end-of-run summary needs of the run. */
  protected get summaryContext(): Parameters<typeof printSummary>[1] {
    return { ...this.project, json: Boolean(this.options.json), dashboard: this.wantsDashboard };
  }

  /** Prints the end-of-run summary, once per run (see printSummary). */
  protected printSummary(extra: Parameters<typeof printSummary>[2] = {}): void {
    printSummary(this.state, this.summaryContext, extra);
  }

  end(): void {
    this.printSummary();
  }
}

const GITIGNORE_DONE = 'generator-dlt:gitignore';

/** A .yo-resolve file in the folder or above it tells Yeoman what to do with conflicts. */
function hasYoResolve(folder: string): boolean {
  for (let dir = folder; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.yo-resolve'))) return true;
    if (dirname(dir) === dir) return false;
  }
}

/** dlt:destination's own options (--destination-host ...), told apart from other generators'. */
export function isDestinationOption(key: string): boolean {
  return /^destination[A-Z]/.test(key);
}

/** The file holds `contents` already, in its own text form (byte order mark, CRLF: see inFormOf). */
function sameAsDisk(path: string, contents: string | Uint8Array): boolean {
  const existing = readIfAny(path);
  return existing?.equals(Buffer.from(inFormOf(existing, contents))) ?? false;
}

/** The TOML entries a plan merges: its own, and where each new pipeline loads (see pipeline-destination.ts). */
function planTomlEntries(plan: Plan): TomlEntry[] {
  return [
    ...plan.toml,
    ...plan.pipelines.flatMap((pipeline) =>
      pipeline.destination
        ? pipelineDestinationEntries(pipeline.name, pipeline.destination, false, { everyProfile: true })
        : [],
    ),
  ];
}
