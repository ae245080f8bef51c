import { UsageError } from '../plan/errors.js';
import { toKebabCase } from '../python/naming.js';
import { notOneOf } from './did-you-mean.js';

export type Answers = Record<string, unknown>;

export interface Choice {
  value: string;
  name?: string;
  description?: string;
}

/**
 * One question, declared once: it is at the same time a prompt, a CLI option of the same name in
 * kebab-case, and a key in .yo-rc.json (unless it is a secret, which is never stored).
 */
export interface Question {
  /** camelCase key in answers and .yo-rc.json; the option is its kebab-case form. */
  name: string;
  message: string;
  /** Shown in --help; defaults to the message. */
  description?: string;
  /** checkbox: several of the choices, as a list; search: the choices, filtered by what is typed. */
  type?: 'input' | 'select' | 'search' | 'checkbox' | 'confirm' | 'number' | 'password';
  /** search: the words already typed when the list opens (what the user said before), filtering it. */
  searchTerm?: string;
  choices?: readonly (string | Choice)[] | ((answers: Answers) => readonly (string | Choice)[]);
  default?: string | number | boolean | readonly string[] | ((answers: Answers) => unknown);
  when?: (answers: Answers) => boolean;
  /** true, or a message that says what is allowed. */
  validate?: (value: unknown, answers: Answers) => true | string;
  /** Turns a value given on the command line or in an answers file into the answer's type. */
  parse?: (value: unknown) => unknown;
  /** Never stored in .yo-rc.json, never echoed. */
  secret?: boolean;
  /**
   * false: the answer belongs to this run only (a host, one resource's cursor): it is neither saved
   * in .yo-rc.json nor offered back as the next run's default.
   */
  store?: boolean;
  /** 'project': stored at the top of the package's .yo-rc.json section, shared by every generator. */
  scope?: 'project' | 'generator';
  /** Not shown in --help (still accepted). */
  hidden?: boolean;
  /** How many choices a terminal shows at once. */
  pageSize?: number;
}

/**
 * A command-line option that is not a question: never asked, never stored (--list, --yes ...).
 * The shell declares it with Yeoman, so that --help lists it with the questions.
 */
export interface OptionDeclaration {
  /** kebab-case, as typed on the command line. */
  name: string;
  type: 'boolean' | 'string';
  description: string;
  /** Not shown in --help (still accepted). */
  hidden?: boolean;
}

export function optionName(question: Question): string {
  return toKebabCase(question.name);
}

export function choiceValues(question: Question, answers: Answers): string[] | undefined {
  const choices = typeof question.choices === 'function' ? question.choices(answers) : question.choices;
  return choices?.map((choice) => (typeof choice === 'string' ? choice : choice.value));
}

/** The choices whose value or label holds every word typed (any case), in their order. */
export function searchChoices<C extends string | Choice>(
  choices: readonly C[],
  term: string | undefined,
): C[] {
  const words = (term ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return choices.filter((choice) => {
    const text = (typeof choice === 'string' ? choice : `${choice.value} ${choice.name ?? ''}`).toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/** The question's default for these answers, or undefined when it has none. */
export function defaultFor(question: Question, answers: Answers): unknown {
  return typeof question.default === 'function'
    ? (question.default as (a: Answers) => unknown)(answers)
    : question.default;
}

/** Checks a value against the question's choices and validator; true or what is allowed. */
export function check(question: Question, value: unknown, answers: Answers): true | string {
  const wrongType = typeProblem(question, value);
  if (wrongType) return wrongType;
  const allowed = choiceValues(question, answers);
  const values = question.type === 'checkbox' && Array.isArray(value) ? value : [value];
  const wrong = values.find((one) => !allowed?.includes(String(one)));
  if (allowed && question.type !== 'confirm' && wrong !== undefined) {
    return notOneOf(wrong, allowed);
  }
  return question.validate ? question.validate(value, answers) : true;
}

/**
 * An answers file (JSON, YAML) can give any type: a value of the wrong one is refused, as a
 * mistyped option is, instead of being turned into text ("resources": 5 is no resource list). A
 * whole number may answer a text question that checks its text (a port). A question with its own
 * `parse` decides its types itself.
 */
function typeProblem(question: Question, value: unknown): string | undefined {
  if (question.parse || value === undefined) return undefined;
  const shown = JSON.stringify(value) ?? String(value);
  switch (question.type) {
    case 'confirm':
      return typeof value === 'boolean' ? undefined : `${shown}: give true or false`;
    case 'checkbox':
      return typeof value === 'string' ||
        (Array.isArray(value) && value.every((item) => typeof item === 'string'))
        ? undefined
        : `${shown}: give a list of names`;
    case 'number':
      return typeof value === 'number' &&
        Number.isFinite(value) &&
        (!Number.isInteger(value) || Number.isSafeInteger(value))
        ? undefined
        : `${shown}: give a number (whole numbers up to ${Number.MAX_SAFE_INTEGER})`;
    default:
      if (typeof value === 'string') return undefined;
      if (typeof value === 'number' && Number.isSafeInteger(value) && question.validate) return undefined;
      return `${shown} is not text: give it as a string`;
  }
}

function parseGiven(question: Question, value: unknown): unknown {
  if (question.parse) return question.parse(value);
  if (question.type === 'confirm' && typeof value === 'string') {
    if (/^(true|yes|y|1)$/i.test(value)) return true;
    if (/^(false|no|n|0)$/i.test(value)) return false;
  }
  if (question.type === 'number' && typeof value === 'string' && value.trim() !== '') return Number(value);
  return value;
}

export interface AnswerSources {
  /** Values given on the command line or forwarded by a composing generator. */
  given: Answers;
  /** Values from an --answers file. */
  file: Answers;
  /** Values stored in .yo-rc.json by an earlier run; they become defaults, not answers. */
  stored: Answers;
}

export type Ask = (question: Question, answers: Answers, initial: unknown) => Promise<unknown>;

export interface ResolveOptions {
  /** When false (--yes, or no TTY) defaults are taken and nothing is asked. */
  canAsk: boolean;
  ask: Ask;
}

/** Whether an answer is kept in .yo-rc.json and offered back as a default. */
export function isStored(question: Question): boolean {
  return !question.secret && question.store !== false;
}

const isGiven = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * Answers every question, in order, from what was given, then the answers file, then by asking
 * (or taking the default when nothing can be asked). Throws a UsageError naming every invalid
 * value and every missing option before anything could have been written.
 */
export async function resolveAnswers(
  questions: readonly Question[],
  sources: AnswerSources,
  options: ResolveOptions,
): Promise<Answers> {
  const answers: Answers = {};
  const problems: string[] = [];
  const missing: Question[] = [];
  // a default may derive from an answer given for a later question (the source name from a given
  // pipeline name, when the pipeline name's own default is the source name)
  const givenLater: Answers = {};
  for (const question of questions) {
    const raw = isGiven(sources.given[question.name])
      ? sources.given[question.name]
      : sources.file[question.name];
    if (isGiven(raw)) givenLater[question.name] = raw;
  }

  for (const question of questions) {
    if (question.when && !question.when(answers)) continue;
    const option = `--${optionName(question)}`;
    const raw = isGiven(sources.given[question.name])
      ? sources.given[question.name]
      : sources.file[question.name];
    let value: unknown;
    if (isGiven(raw)) {
      value = raw;
    } else {
      const stored = isStored(question) ? sources.stored[question.name] : undefined;
      const initial = isGiven(stored) ? stored : defaultFor(question, { ...givenLater, ...answers });
      if (options.canAsk) value = await options.ask(question, answers, initial);
      else if (initial !== undefined) value = initial;
      else {
        missing.push(question);
        continue;
      }
    }
    // a stored value or a default gets the same checks as a given one: the project may have changed
    const parsed = parseGiven(question, value);
    const verdict = check(question, parsed, answers);
    if (verdict === true) answers[question.name] = parsed;
    else {
      problems.push(`${option}: ${verdict}`);
      // a later default derived from it would repeat its problem under another name (the
      // dataset name from a pipeline name that is no identifier)
      delete givenLater[question.name];
    }
  }

  if (missing.length > 0) {
    problems.push(
      ...missing.map(
        (question) => `--${optionName(question)} is required (${question.description ?? question.message})`,
      ),
    );
  }
  if (problems.length > 0) {
    const advice =
      missing.length > 0
        ? '\nGive these as options, or in an --answers file, or run in a terminal to be asked.'
        : '';
    const header = missing.length > 0 ? 'Cannot continue without asking' : 'Cannot continue';
    throw new UsageError(`${header}; nothing was written:\n  ${problems.join('\n  ')}${advice}`);
  }
  return answers;
}
