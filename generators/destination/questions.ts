import { validateIdentifier } from '../../shared/python/naming.js';
import { destinationQuestion as commonDestinationQuestion } from '../../shared/questions/common.js';
import type { Answers, Question } from '../../shared/questions/question.js';
import {
  allSettings,
  bucketScheme,
  DESTINATIONS,
  type DestinationSetting,
  destinationOption,
  destinationsUsing,
  KNOWN_SCHEMES,
  optionLabel,
} from './catalog.js';
import { authMethods, type PlacedSetting, requireInfo } from './plan.js';

export interface DestinationAnswers extends Answers {
  destination: string;
}

/** The common destination question, as a list of the catalog's destinations (all in --help). */
export const destinationQuestion: Question = {
  ...commonDestinationQuestion,
  description: `The dlt destination: ${DESTINATIONS.map((info) => info.name).join(' | ')}`,
  type: 'select',
  choices: DESTINATIONS.map((info) => ({ value: info.name, name: `${info.name}: ${info.title}` })),
};

/**
 * The names (and options) of the choices that steer the questions, by the field of the
 * DestinationChoice they fill: every one has the `destination` prefix (see destinationOption).
 */
export const STEERING = {
  customName: 'destinationName',
  bucketUrl: destinationOption('bucketUrl'),
  drivername: destinationOption('drivername'),
  auth: destinationOption('auth'),
  credentialsForm: destinationOption('credentialsForm'),
  connectionString: destinationOption('connectionString'),
} as const;

/** Not an option of the destination's settings: which of the project's pipelines to point at it. */
export const POINT_PIPELINES = 'pointPipelines';

/**
 * The choices that decide which settings a destination needs; asked after the destination. Their
 * answers belong to this run (a host or an auth method belongs to one destination, and the next run
 * may configure another): never stored, never offered back as defaults. `given` holds the options
 * given, by name.
 */
export function steeringQuestions(destination: string, given: Answers): Question[] {
  const info = requireInfo(destination);
  const questions: Question[] = [];
  if (info.name === 'destination') {
    questions.push({
      name: STEERING.customName,
      message: 'Name of your destination function (a Python identifier)',
      description: 'destination: the name of the @dlt.destination function (and of its config section)',
      default: 'my_destination',
      validate: validateIdentifier,
    });
  }
  if (info.storage) {
    const { storage } = info;
    questions.push({
      name: STEERING.bucketUrl,
      // a staging bucket has no default: empty is a placeholder, like any setting not given
      message: storage.schemes ? `${storage.label} (empty: fill in later)` : storage.label,
      ...(storage.default ? { default: storage.default } : { default: '' }),
      validate: (value) => validateBucketUrl(value, storage.schemes),
    });
  }
  if (info.name === 'sqlalchemy') {
    questions.push({
      name: STEERING.drivername,
      message:
        'SQLAlchemy dialect+driver (sqlite, mysql+pymysql, postgresql, mssql+pyodbc, oracle+oracledb ...)',
      default: 'sqlite',
      validate: (value) =>
        /^[a-z][a-z0-9_]*(\+[a-z0-9_]+)?$/.test(String(value))
          ? true
          : `"${String(value)}" is not a SQLAlchemy drivername: use dialect or dialect+driver, e.g. mysql+pymysql`,
    });
  }
  questions.push({
    name: STEERING.auth,
    message: 'How does dlt sign in?',
    type: 'select',
    choices: (answers) =>
      authMethods({ destination, bucketUrl: bucketOf(answers) }).map(({ value, name }) => ({ value, name })),
    default: (answers) => authMethods({ destination, bucketUrl: bucketOf(answers) })[0]?.value,
    when: (answers) => authMethods({ destination, bucketUrl: bucketOf(answers) }).length > 1,
  });
  if (info.connectionString) {
    questions.push(
      {
        name: STEERING.credentialsForm,
        message: 'Give the credentials as',
        type: 'select',
        choices: [
          { value: 'fields', name: 'separate settings (host, user ...)' },
          { value: 'connection-string', name: `one connection string (${info.connectionString.template})` },
        ],
        default: given[STEERING.connectionString] ? 'connection-string' : 'fields',
      },
      {
        name: STEERING.connectionString,
        message: 'Connection string (empty: fill it in later in .dlt/secrets.toml)',
        type: 'password',
        secret: true,
        default: '',
        when: (answers) => answers[STEERING.credentialsForm] === 'connection-string',
      },
    );
  }
  return questions.map((question) => ({ ...question, store: false }));
}

const bucketOf = (answers: Answers) => {
  const bucketUrl = answers[STEERING.bucketUrl];
  return bucketUrl ? String(bucketUrl) : undefined;
};

/** A bucket URL of a scheme it knows, and one of `schemes` when given; empty: none (a placeholder). */
export function validateBucketUrl(value: unknown, schemes?: readonly string[]): true | string {
  const url = String(value ?? '').trim();
  const allowed = schemes?.map((scheme) => `${scheme}://`).join(' or ');
  if (url === '') return true;
  const scheme = bucketScheme(url);
  if (schemes && !schemes.includes(scheme)) return `"${url}" does not start with ${allowed}`;
  if (!KNOWN_SCHEMES.includes(scheme)) {
    return `"${url}" has a scheme generator-dlt does not know (${scheme}://); use a local path or one of: ${KNOWN_SCHEMES.filter((s) => s !== 'file').join(', ')}`;
  }
  return true;
}

/**
 * The question for one setting: empty means "a placeholder" (or, for an optional one, "leave out").
 * Its answer belongs to this run, like the steering answers.
 */
export function settingQuestion({ setting }: PlacedSetting): Question {
  const later = setting.optional
    ? ' (empty: leave out)'
    : setting.dltDefault !== undefined
      ? ` (empty: dlt's default, ${setting.dltDefault})`
      : setting.default === undefined
        ? ' (empty: fill in later)'
        : '';
  return {
    name: destinationOption(setting.option),
    message: `${setting.label}${later}`,
    type: setting.secret ? 'password' : 'input',
    secret: Boolean(setting.secret),
    store: false,
    default: setting.default ?? '',
    validate: setting.integer ? (setting.key === 'port' ? validatePort : validateWholeNumber) : undefined,
  };
}

function validateWholeNumber(value: unknown): true | string {
  const text = String(value ?? '').trim();
  if (text === '') return true;
  if (!/^\d+$/.test(text)) return `"${text}" is not a whole number`;
  return Number.isSafeInteger(Number(text))
    ? true
    : `"${text}" is too large (at most ${Number.MAX_SAFE_INTEGER})`;
}

/** A TCP port: 1 to 65535. */
function validatePort(value: unknown): true | string {
  const whole = validateWholeNumber(value);
  if (whole !== true) return whole;
  const text = String(value ?? '').trim();
  return text === '' || (Number(text) >= 1 && Number(text) <= 65535)
    ? true
    : `"${text}" is not a port (1 to 65535)`;
}

/** Every setting's option, for --help: what it is and which destinations use it. */
export function settingOptionQuestions(): Question[] {
  return allSettings().map((setting: DestinationSetting) => ({
    name: destinationOption(setting.option),
    message: optionLabel(setting),
    description: `${optionLabel(setting)} (${destinationsUsing(setting.option).join(', ')})`,
    secret: Boolean(setting.secret),
  }));
}

/** The options that steer the questions, declared once so that --help lists them. */
export const steeringOptionQuestions: readonly Question[] = [
  { name: STEERING.customName, message: 'destination: the name of the @dlt.destination function' },
  {
    name: STEERING.bucketUrl,
    message: 'filesystem, lance, ducklake: where files go; athena, dremio: the S3 staging bucket',
  },
  {
    name: STEERING.drivername,
    message: 'sqlalchemy: the dialect+driver, e.g. mysql+pymysql (default sqlite)',
  },
  { name: STEERING.auth, message: 'How dlt signs in (the choices depend on the destination; see USAGE)' },
  { name: STEERING.credentialsForm, message: 'fields | connection-string: how to write the credentials' },
  {
    name: STEERING.connectionString,
    message: 'The whole connection string, where dlt accepts one',
    secret: true,
  },
  {
    name: POINT_PIPELINES,
    message: 'Pipelines to load into this destination from now on: all | none | names, comma-separated',
  },
];

/** Asked in a terminal when --point-pipelines is not given: which of the project's pipelines load here from now on. */
export function pointPipelinesQuestion(
  reference: string,
  scripts: readonly { path: string; pipelineName: string; destination?: string }[],
  profile?: string,
): Question {
  return {
    name: 'chosen',
    type: 'checkbox',
    message: profile
      ? `Load these pipelines into ${reference} under the ${profile} profile (the others keep theirs)?`
      : `Load these pipelines into ${reference} from now on?`,
    choices: scripts.map((script) => ({
      value: script.pipelineName,
      name: `${script.path} (${script.destination ? `loads into ${script.destination} now` : 'no destination set'})`,
    })),
  };
}
