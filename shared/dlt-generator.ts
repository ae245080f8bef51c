import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import Generator, { type BaseFeatures, type BaseOptions } from 'yeoman-generator';
import { readAnswersFile } from './answers-file.js';
import { UsageError } from './errors.js';
import { choosePackageManager, runInstallStep } from './install-step.js';
import { type Answers, optionName, type Question, resolveAnswers } from './questions.js';
import { type FileAction, type RunState, recordFile, runState } from './run-state.js';
import { printSummary } from './summary.js';
import { applyTomlEntries } from './toml-apply.js';
import type { TomlEntry } from './toml-entry.js';

export type DltOptions = BaseOptions & {
  yes?: boolean;
  answers?: string | Answers;
  json?: boolean;
  interactive?: boolean;
  dryRun?: boolean;
  fromApp?: boolean;
  [key: string]: unknown;
};

/** Options every generator of the package takes, besides its questions. */
const COMMON_OPTIONS = [
  { name: 'yes', type: Boolean, description: 'Take the default of every question; never ask' },
  { name: 'answers', type: String, description: 'A JSON or YAML file of answers (option names to values)' },
  { name: 'json', type: Boolean, description: 'Print the summary as one JSON object on stdout' },
  {
    name: 'package-manager',
    type: String,
    description:
      "The project's Python package manager: uv | poetry | pipenv | pdm | pip (detected when not given)",
  },
  { name: 'interactive', type: Boolean, description: 'Ask even when stdin is not a terminal', hide: true },
] as const;

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
    super(args ?? [], options ?? ({} as DltOptions), {
      customInstallTask: true,
      inheritTasks: true,
      ...features,
    });
    this.questions = questions;
    for (const option of COMMON_OPTIONS) {
      this.option(option.name, {
        type: option.type,
        description: option.description,
        hide: 'hide' in option,
      });
    }
    for (const question of questions) {
      this.option(optionName(question), {
        type: question.type === 'confirm' ? Boolean : question.type === 'number' ? Number : String,
        description: question.description ?? question.message,
        hide: question.hidden ?? false,
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
    return Boolean(
      this.options.dryRun ?? (this.env as unknown as { options?: { dryRun?: boolean } }).options?.dryRun,
    );
  }

  get canAsk(): boolean {
    if (this.options.yes) return false;
    return Boolean(this.options.interactive ?? process.stdin.isTTY);
  }

  /** Answers this generator's questions; see resolveAnswers for the order of sources. */
  protected async resolveQuestions(questions: readonly Question[] = this.questions): Promise<A> {
    const given: Answers = {};
    for (const question of questions) {
      const value = this.options[question.name] ?? this.options[optionName(question)];
      if (value !== undefined) given[question.name] = value;
    }
    const answers = await resolveAnswers(
      questions,
      { given, file: this.answersFile(), stored: this.storedAnswers() },
      {
        canAsk: this.canAsk,
        ask: async (question, soFar, initial) => {
          const reply = await this.prompt<Answers>([
            {
              type: question.type ?? (question.choices ? 'select' : 'input'),
              name: question.name,
              message: question.message,
              default: initial,
              choices: typeof question.choices === 'function' ? question.choices(soFar) : question.choices,
              validate: question.validate ? (value: unknown) => question.validate!(value, soFar) : undefined,
            } as never,
          ]);
          return reply[question.name];
        },
      },
    );
    this.storeAnswers(questions, answers);
    Object.assign(this.answers, answers);
    await choosePackageManager(this);
    return this.answers;
  }

  private answersFile(): Answers {
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
    const { generators: _, ...project } = this.config.getAll();
    return { ...project, ...this.ownStoredAnswers };
  }

  private storeAnswers(questions: readonly Question[], answers: Answers): void {
    if (this.isDryRun) return;
    const own: Answers = { ...this.ownStoredAnswers };
    for (const question of questions) {
      const value = answers[question.name];
      if (question.secret || value === undefined) continue;
      if (question.scope === 'project') this.config.set(question.name, value);
      else own[question.name] = value;
    }
    if (Object.keys(own).length > 0) this.config.setPath(`generators.${this.shortName}`, own);
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
    ];
    const forwarded: Answers = { fromApp: true };
    for (const key of keep) if (this.options[key] !== undefined) forwarded[key] = this.options[key];
    return { ...forwarded, ...extra };
  }

  /** Resolves a path given by the user inside the project; refuses one that leaves it. */
  protected projectPath(path: string, option: string): string {
    const root = this.destinationRoot();
    const full = resolve(root, path);
    const rel = relative(root, full);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw new UsageError(`--${option}: "${path}" is outside the project (${root}); give a path inside it.`);
    }
    return full;
  }

  /** Writes a project file through Yeoman's file system and records it for the summary. */
  protected writeProjectFile(path: string, contents: string): void {
    const full = this.destinationPath(path);
    this.fs.write(full, contents);
    this.recordWrite(full, contents);
  }

  protected recordWrite(fullPath: string, contents: string): void {
    let action: FileAction = 'create';
    if (existsSync(fullPath)) action = readFileSync(fullPath, 'utf8') === contents ? 'identical' : 'update';
    recordFile(this.state, relative(this.destinationRoot(), fullPath), action);
  }

  /** Merges settings and secrets into the project's .dlt/config.toml and .dlt/secrets.toml. */
  protected async writeToml(entries: readonly TomlEntry[]): Promise<void> {
    await applyTomlEntries(this, entries);
  }

  /** Adds Python requirements (pip syntax) to the run's one install step. */
  protected addRequirements(requirements: readonly string[], options: { dev?: boolean } = {}): void {
    const list = options.dev ? this.state.devRequirements : this.state.requirements;
    for (const requirement of requirements) if (!list.includes(requirement)) list.push(requirement);
  }

  async install(): Promise<void> {
    await runInstallStep(this);
  }

  end(): void {
    printSummary(this);
  }
}
