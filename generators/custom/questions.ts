import {
  API_KEY_LOCATION_CHOICES,
  PAGINATOR_CHOICES,
  PAGINATOR_TYPES,
  type PaginatorType,
} from '../../shared/dlt/rest-vocabulary.js';
import { performanceSettingsInWords } from '../../shared/project/performance-advice.js';
import { validateHttpUrl, validateIdentifier } from '../../shared/python/naming.js';
import { destinationQuestion, namingQuestions } from '../../shared/questions/common.js';
import type { Answers, Question } from '../../shared/questions/question.js';
import { formatResources, parseResources, ResourceSyntaxError } from './resources.js';
import {
  type ApiKeyLocation,
  AUTH_TYPES,
  type AuthType,
  defaultPaginatorOptions,
  paginatorParams,
  parsePaginatorOptions,
} from './rest-client.js';
import {
  checkNameList,
  checkResources,
  defaultModuleOf,
  parseNameList,
  type Reader,
  validatePackageClient,
  validatePackageModule,
  validateRequirement,
} from './source-spec.js';

export interface CustomAnswers extends Answers {
  sourceName: string;
  pipelineName: string;
  datasetName: string;
  destination: string;
  reader: Reader;
  package?: string;
  packageModule?: string;
  packageClient?: string;
  baseUrl?: string;
  auth?: AuthType;
  apiKeyLocation?: ApiKeyLocation;
  apiKeyName?: string;
  paginator?: PaginatorType;
  paginatorOptions?: string;
  dataSelector?: string;
  secrets: string;
  config: string;
  resources: string;
  maxTableNesting: string;
  performanceSettings: boolean;
}

const isRest = (answers: Answers) => answers.reader === 'rest_client';
const isPackage = (answers: Answers) => answers.reader === 'package';

/** Lists of names are stored and shown as `a,b`; an answers file may give a YAML/JSON list. */
const parseList = (value: unknown) => (Array.isArray(value) ? value.map(String).join(',') : value);

/** Resources are stored and shown in their canonical compact form. */
function parseResourcesAnswer(value: unknown): unknown {
  try {
    return formatResources(parseResources(value));
  } catch {
    return value; // the validator says what is wrong
  }
}

function validateResourcesAnswer(value: unknown, answers: Answers): true | string {
  try {
    const problems = checkResources(parseResources(value), answers);
    return problems.length === 0 ? true : problems.join('; ');
  } catch (error) {
    if (error instanceof ResourceSyntaxError) return error.message;
    throw error;
  }
}

export const customQuestions: readonly Question[] = [
  {
    name: 'sourceName',
    message: 'Source name (a Python identifier; the dlt source and its schema are named after it)',
    description:
      'The dlt source name, a Python identifier: @dlt.source(name=...) and its schema (default: the pipeline name)',
    default: (answers) => answers.pipelineName,
    validate: validateIdentifier,
  },
  ...namingQuestions(
    (answers) => answers.sourceName,
    'The pipeline name, a Python identifier; the script is <name>_pipeline.py (default: --source-name, when given)',
  ),
  destinationQuestion,
  {
    name: 'reader',
    message: 'How does the source read its data?',
    description:
      'How the source reads: rest_client (dlt RESTClient) | package (a Python SDK) | python (plain Python, sample rows to replace; the default)',
    type: 'select',
    choices: [
      { value: 'rest_client', name: "An HTTP API, with dlt's RESTClient (paginator, auth, retries)" },
      { value: 'package', name: 'A Python package (an SDK such as simple-salesforce or stripe)' },
      { value: 'python', name: 'Plain Python: a generator to fill in (sample rows to start)' },
    ],
    default: 'python',
  },
  {
    name: 'package',
    message: 'Python package to read with (a pip requirement, e.g. simple-salesforce>=1.12)',
    description:
      'package: the pip requirement of the SDK (required), e.g. simple-salesforce>=1.12, added to the requirements',
    when: isPackage,
    validate: validateRequirement,
  },
  {
    name: 'packageModule',
    message: 'Module to import',
    description: 'package: the module to import (default: the package name with _ for -)',
    when: isPackage,
    default: (answers) => defaultModuleOf(String(answers.package)),
    validate: validatePackageModule,
  },
  {
    name: 'packageClient',
    message: 'Callable of the module that creates the client (called with the secrets and config)',
    description:
      'package: the module attribute that creates the client, called with the secrets and settings as keyword arguments (default: read from the installed package; Client, i.e. module.Client(api_key=...), when it cannot be)',
    when: isPackage,
    default: 'Client',
    validate: validatePackageClient,
  },
  {
    name: 'baseUrl',
    message: 'Base URL of the API (empty: fill it in config.toml later)',
    description: 'rest_client: the API base URL, written to config.toml (a placeholder when empty)',
    when: isRest,
    default: '',
    validate: (value) => (value === '' || value === undefined ? true : validateHttpUrl(value)),
  },
  {
    name: 'auth',
    message: 'How does the API authenticate?',
    description: `rest_client: ${AUTH_TYPES.join(' | ')} (default: bearer)`,
    type: 'select',
    choices: [
      { value: 'bearer', name: 'A bearer token (Authorization: Bearer ...)' },
      { value: 'api_key', name: 'An API key in a header or query parameter' },
      { value: 'http_basic', name: 'HTTP basic auth (username and password)' },
      { value: 'oauth2_client_credentials', name: 'OAuth2 client credentials' },
      { value: 'none', name: 'No authentication' },
    ],
    when: isRest,
    default: 'bearer',
  },
  {
    name: 'apiKeyLocation',
    message: 'Where does the API key go?',
    description: `rest_client with api_key: ${API_KEY_LOCATION_CHOICES.join(' | ')}`,
    type: 'select',
    choices: [...API_KEY_LOCATION_CHOICES],
    when: (answers) => isRest(answers) && answers.auth === 'api_key',
    default: 'header',
  },
  {
    name: 'apiKeyName',
    message: 'Name of the API key header or query parameter',
    description:
      'rest_client with api_key: the header or query parameter name (default: X-API-Key in a header, api_key in a query)',
    when: (answers) => isRest(answers) && answers.auth === 'api_key',
    default: (answers) => (answers.apiKeyLocation === 'query' ? 'api_key' : 'X-API-Key'),
    validate: (value) =>
      typeof value === 'string' && /^[A-Za-z0-9_.-]+$/.test(value)
        ? true
        : 'give a header or parameter name: letters, digits, _ . -',
  },
  {
    name: 'paginator',
    message: 'How does the API paginate?',
    description: `rest_client: ${PAGINATOR_TYPES.join(' | ')} (default: auto, dlt detects it)`,
    type: 'select',
    choices: PAGINATOR_CHOICES,
    when: isRest,
    default: 'auto',
  },
  {
    name: 'paginatorOptions',
    message: 'Paginator settings (key=value, separated by blanks)',
    description:
      'rest_client: the paginator\'s parameters as key=value, e.g. "cursor_path=next_cursor cursor_param=cursor" (default: the paginator\'s defaults, listed below)',
    when: (answers) =>
      isRest(answers) &&
      PAGINATOR_TYPES.includes(answers.paginator as PaginatorType) &&
      Object.keys(paginatorParams(answers.paginator as PaginatorType)).length > 0,
    default: (answers) => defaultPaginatorOptions(answers.paginator as PaginatorType),
    validate: (value, answers) => {
      const parsed = parsePaginatorOptions(answers.paginator as PaginatorType, String(value ?? ''));
      return typeof parsed === 'string' ? parsed : true;
    },
  },
  {
    name: 'dataSelector',
    message: 'JSON path of the rows in a response (empty: dlt finds the list)',
    description:
      'rest_client: JSON path of the rows in each response, e.g. data or results.items (default: dlt finds the list)',
    when: isRest,
    default: '',
    validate: (value) =>
      value === '' || (typeof value === 'string' && /^[^\s]+$/.test(value))
        ? true
        : 'give a JSON path without blanks',
  },
  {
    name: 'secrets',
    message: 'Secrets the source needs (names, comma-separated; read from secrets.toml)',
    description:
      'Names of secret arguments (dlt.secrets.value), comma-separated, e.g. api_key,password; placeholders in .dlt/secrets.toml (default: api_key with --reader package, none otherwise)',
    default: (answers) => (isPackage(answers) ? 'api_key' : ''),
    parse: parseList,
    validate: (value, answers) => checkNameList(parseNameList(value), 'secrets', answers),
  },
  {
    name: 'config',
    message: 'Settings the source needs (names, comma-separated; read from config.toml)',
    description:
      'Names of config arguments (dlt.config.value), comma-separated, e.g. region,account_id; placeholders in .dlt/config.toml',
    default: '',
    parse: parseList,
    validate: (value, answers) => checkNameList(parseNameList(value), 'config', answers),
  },
  {
    name: 'resources',
    message:
      'Resources: name[:append|replace|merge[:strategy]][:primary_key] then key=value settings, comma-separated ' +
      '(e.g. "items:merge:id cursor=updated_at, comments parent=items")',
    description:
      'The resources, e.g. "items:merge:id cursor=updated_at, comments parent=items"; settings: write_disposition, ' +
      'primary_key, cursor, initial_value, parent, path, start_param, data_selector, paginator, call (syntax below; default: items)',
    default: 'items',
    parse: parseResourcesAnswer,
    validate: validateResourcesAnswer,
  },
  {
    name: 'maxTableNesting',
    message: 'How deep may nested data become child tables? (0: keep it as JSON; none: no limit)',
    description:
      "max_table_nesting of the source: how deep nested data becomes child tables, a number (0 keeps nested data as JSON), or none for dlt's default, no limit (default: 2)",
    default: '2',
    parse: (value) => (typeof value === 'number' ? String(value) : value),
    validate: (value) =>
      /^(\d+|none)$/.test(String(value)) ? true : 'give a whole number (0 or more), or none for no limit',
  },
  {
    name: 'performanceSettings',
    message: `Add dlt's measured performance settings to config.toml (${performanceSettingsInWords()})?`,
    description: `Add dlt's performance settings measured to help to config.toml, each with its figure: ${performanceSettingsInWords()}`,
    type: 'confirm',
    default: false,
  },
];
