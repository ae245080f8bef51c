import {
  API_KEY_LOCATION_CHOICES,
  AUTH_TYPES,
  PAGINATOR_CHOICES,
  PAGINATOR_TYPES,
  PAGINATORS,
  type PaginatorType,
} from '../../shared/dlt/rest-vocabulary.js';
import { apiPipelineName, validateHttpUrl } from '../../shared/python/naming.js';
import { destinationQuestion, namingQuestions } from '../../shared/questions/common.js';
import type { Answers, Question } from '../../shared/questions/question.js';
import { PLACEHOLDER } from '../../shared/toml/placeholders.js';
import {
  PAGINATOR_PARAM_OPTIONS,
  PAGINATOR_PARAM_READERS,
  type PaginatorParamOption,
} from './given-paginator.js';

export type RestAuth = 'none' | (typeof AUTH_TYPES)[number];

export interface RestAnswers extends Answers {
  pipelineName: string;
  datasetName: string;
  destination: string;
  baseUrl: string;
  auth: RestAuth;
  apiKeyLocation?: string;
  apiKeyName?: string;
  token?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  paginator: PaginatorType;
  nextUrlPath?: string;
  cursorKey?: string;
  cursorPath?: string;
  cursorParam?: string;
  limit?: string | number;
  offsetParam?: string;
  limitParam?: string;
  basePage?: string | number;
  pageParam?: string;
  totalPath?: string;
  resourceDefaults?: string;
}

/** A base URL, or the placeholder the summary lists as "fill in before running". */
function validateBaseUrl(value: unknown): true | string {
  return value === PLACEHOLDER ? true : validateHttpUrl(value);
}

function validateNonEmpty(what: string) {
  return (value: unknown): true | string =>
    typeof value === 'string' && value.trim() !== '' ? true : `give the ${what}`;
}

/**
 * Whole-number questions are text questions (a Number option would take no value on the command
 * line); the answer is converted where it is used.
 */
const isWholeNumber = (value: unknown) => /^\d+$/.test(String(value).trim());

function validatePositiveInteger(value: unknown): true | string {
  return isWholeNumber(value) && Number(value) > 0
    ? true
    : `"${String(value)}" is not a whole number above 0`;
}

function validateNonNegativeInteger(value: unknown): true | string {
  return isWholeNumber(value) ? true : `"${String(value)}" is not a whole number (0 or more)`;
}

/** A paginator parameter's default (the one dlt:custom writes too), as the text answer takes it. */
const paginatorDefault = (type: PaginatorType, param: string) => String(PAGINATORS[type].defaults[param]);

/** What the questions depend on besides earlier answers: a --spec file, once it is read. */
export interface QuestionContext {
  /** True when a --spec file gives the client, resources and resource_defaults. */
  fromSpec: boolean;
  /** The spec's client.base_url, the default of --base-url. */
  specBaseUrl?: string;
  /** What names the API in an --openapi spec (its title, the file's name) and where the spec came from. */
  specNames?: string[];
  specUrl?: string;
}

/**
 * The client questions: what every resource of the API shares. With a spec file only the
 * project's questions (base URL, names, destination) remain.
 */
export function clientQuestions(context: QuestionContext): readonly Question[] {
  const fromOptions = () => !context.fromSpec;
  const isAuth =
    (...kinds: RestAuth[]) =>
    (answers: Answers) =>
      fromOptions() && kinds.includes(answers.auth as RestAuth);
  const isPaginator =
    (...kinds: PaginatorType[]) =>
    (answers: Answers) =>
      fromOptions() && kinds.includes(answers.paginator as PaginatorType);
  const readsParam = (option: PaginatorParamOption) => isPaginator(...PAGINATOR_PARAM_READERS[option]);
  const secret = (name: string, message: string, when: (answers: Answers) => boolean): Question => ({
    name,
    message: `${message} (leave empty to fill in .dlt/secrets.toml later)`,
    description: `${message}; goes to .dlt/secrets.toml, never into code (or leave it out and fill in that file)`,
    type: 'password',
    default: '',
    secret: true,
    when,
  });

  return [
    {
      name: 'baseUrl',
      message: 'Base URL of the API',
      description:
        'Base URL of the API, e.g. https://api.example.com/v1, written to .dlt/config.toml (default: a <configure me> placeholder there, to fill in)',
      default: () => context.specBaseUrl ?? PLACEHOLDER,
      validate: validateBaseUrl,
    },
    ...namingQuestions(
      (answers) =>
        apiPipelineName({ names: context.specNames, urls: [String(answers.baseUrl), context.specUrl] }),
      "The pipeline and source name, a Python identifier; the script is <name>_pipeline.py (default: from the API: an --openapi spec's title, else the host, e.g. github for https://api.github.com)",
    ),
    destinationQuestion,
    {
      name: 'auth',
      message: 'How does the API authenticate?',
      description: `Authentication: none (default) | ${AUTH_TYPES.join(' | ')}`,
      type: 'select',
      choices: [
        { value: 'none', name: 'none' },
        { value: 'bearer', name: 'bearer token (Authorization: Bearer ...)' },
        { value: 'api_key', name: 'API key in a header or query parameter' },
        { value: 'http_basic', name: 'HTTP basic (username and password)' },
        {
          value: 'oauth2_client_credentials',
          name: 'OAuth2 client credentials (token URL, client id and secret)',
        },
      ],
      default: 'none',
      when: fromOptions,
    },
    secret('token', 'Bearer token', isAuth('bearer')),
    {
      name: 'apiKeyLocation',
      message: 'Where does the API key go?',
      description: 'api_key auth: header | query',
      type: 'select',
      choices: API_KEY_LOCATION_CHOICES,
      default: 'header',
      when: isAuth('api_key'),
    },
    {
      name: 'apiKeyName',
      message: 'Name of the API key header or query parameter',
      description: 'api_key auth: the header or query parameter name (X-API-Key / api_key by default)',
      default: (answers) => (answers.apiKeyLocation === 'query' ? 'api_key' : 'X-API-Key'),
      validate: validateNonEmpty('header or parameter name'),
      when: isAuth('api_key'),
    },
    secret('apiKey', 'API key', isAuth('api_key')),
    secret('username', 'User name', isAuth('http_basic')),
    secret('password', 'Password', isAuth('http_basic')),
    {
      name: 'tokenUrl',
      message: 'OAuth2 token URL',
      description:
        'oauth2_client_credentials auth: the URL that issues access tokens (goes to .dlt/config.toml)',
      default: PLACEHOLDER,
      validate: validateBaseUrl,
      when: isAuth('oauth2_client_credentials'),
    },
    secret('clientId', 'OAuth2 client id', isAuth('oauth2_client_credentials')),
    secret('clientSecret', 'OAuth2 client secret', isAuth('oauth2_client_credentials')),
    {
      name: 'paginator',
      message: 'How does the API paginate? (resources can override it)',
      description: `Default paginator of the client, resources may set their own: ${PAGINATOR_TYPES.join(' | ')} (default: auto, dlt detects it)`,
      type: 'select',
      choices: PAGINATOR_CHOICES,
      default: 'auto',
      when: fromOptions,
    },
    {
      name: 'nextUrlPath',
      message: 'JSON path of the next page URL in the response',
      description: 'json_link paginator: JSON path of the next page URL (default next)',
      default: paginatorDefault('json_link', 'next_url_path'),
      validate: validateNonEmpty('JSON path'),
      when: readsParam('nextUrlPath'),
    },
    {
      name: 'cursorKey',
      message: 'Response header holding the next cursor',
      description: 'header_cursor paginator: the response header with the next cursor (default next)',
      default: paginatorDefault('header_cursor', 'cursor_key'),
      validate: validateNonEmpty('header name'),
      when: readsParam('cursorKey'),
    },
    {
      name: 'cursorPath',
      message: 'JSON path of the next cursor in the response',
      description: 'cursor paginator: JSON path of the next cursor (default cursors.next)',
      default: paginatorDefault('cursor', 'cursor_path'),
      validate: validateNonEmpty('JSON path'),
      when: readsParam('cursorPath'),
    },
    {
      name: 'cursorParam',
      message: 'Query parameter that takes the cursor',
      description:
        'cursor and header_cursor paginators: query parameter that takes the cursor (default cursor)',
      default: paginatorDefault('cursor', 'cursor_param'),
      validate: validateNonEmpty('parameter name'),
      when: readsParam('cursorParam'),
    },
    {
      name: 'limit',
      message: 'Records per page (the limit parameter value)',
      description: 'offset paginator: records per request (default 100)',
      default: paginatorDefault('offset', 'limit'),
      validate: validatePositiveInteger,
      when: readsParam('limit'),
    },
    {
      name: 'offsetParam',
      message: 'Name of the offset parameter',
      description: 'offset paginator: name of the offset query parameter (default offset)',
      default: paginatorDefault('offset', 'offset_param'),
      validate: validateNonEmpty('parameter name'),
      when: readsParam('offsetParam'),
    },
    {
      name: 'limitParam',
      message: 'Name of the limit parameter',
      description: 'offset paginator: name of the limit query parameter (default limit)',
      default: paginatorDefault('offset', 'limit_param'),
      validate: validateNonEmpty('parameter name'),
      when: readsParam('limitParam'),
    },
    {
      name: 'basePage',
      message: 'Number of the first page',
      description: 'page_number paginator: number of the first page (default 1)',
      default: paginatorDefault('page_number', 'base_page'),
      validate: validateNonNegativeInteger,
      when: readsParam('basePage'),
    },
    {
      name: 'pageParam',
      message: 'Name of the page parameter',
      description: 'page_number paginator: name of the page query parameter (default page)',
      default: paginatorDefault('page_number', 'page_param'),
      validate: validateNonEmpty('parameter name'),
      when: readsParam('pageParam'),
    },
    {
      name: 'totalPath',
      message:
        'JSON path of the total (records for offset, pages for page_number), or "none" to stop at an empty page',
      description:
        'offset and page_number paginators: JSON path of the total records / pages, or none to stop at an empty page (default total)',
      default: paginatorDefault('offset', 'total_path'),
      validate: validateNonEmpty('JSON path or none'),
      when: readsParam('totalPath'),
    },
    {
      name: 'resourceDefaults',
      message:
        'Settings every resource shares, as key=value (e.g. primary_key=id write_disposition=merge), or empty',
      description:
        'Settings all resources share, in the compact syntax: e.g. "primary_key=id write_disposition=merge params.per_page=100"',
      default: '',
      when: fromOptions,
    },
  ];
}

/**
 * Declared as options (and documented in --help) but resolved by the generator itself: a spec
 * file replaces the client questions, and resources are asked one after another.
 */
export const sourceQuestions: readonly Question[] = [
  {
    name: 'spec',
    message: 'A RESTAPIConfig as a JSON or YAML file (client, resources, resource_defaults)',
    description:
      'A RESTAPIConfig file (JSON or YAML): replaces --auth, --paginator, --resources and --resource-defaults',
  },
  {
    name: 'openapi',
    message: 'An OpenAPI (3.0, 3.1) or Swagger (2.0) spec: a file or an http(s) URL, JSON or YAML',
    description:
      'An OpenAPI 3.0/3.1 or Swagger 2.0 spec (file or http(s) URL, JSON or YAML): endpoints, paginators, data selectors, primary keys and auth are read from it',
  },
  {
    name: 'endpoints',
    message: 'Endpoints to load',
    description:
      'With --openapi: the GET endpoints to load, as paths or operationIds, e.g. "/v1/customers,/v1/charges" (default: every list endpoint and the children their records fill)',
  },
  {
    name: 'openapiIncremental',
    message: 'Write the incremental loading the spec suggests?',
    description:
      'With --openapi: write the incremental candidates (a date-time filter parameter matched to a date-time field) as ready incremental blocks instead of commented suggestions',
    type: 'confirm',
  },
  {
    name: 'probe',
    message: 'Probe the API to settle paginators, data selectors and primary keys',
    description:
      'Probe the live API (GET only, at most 3 requests per resource, with the credentials given now) to settle each paginator, data selector and primary key not given, and record an offline smoke test; --no-probe skips it',
    type: 'confirm',
    default: true,
    store: false,
  },
  {
    name: 'resources',
    message: 'Resources',
    description:
      'Resources to load: "items,comments", or one per ";" with key=value settings, e.g. "items primary_key=id; comments path=items/{resources.items.id}/comments include_from_parent=id"',
  },
];

/** The options --spec replaces; giving one of them with --spec is a usage error. */
export const REPLACED_BY_SPEC = [
  'auth',
  'paginator',
  ...PAGINATOR_PARAM_OPTIONS,
  'resources',
  'resourceDefaults',
] as const;

/** The options --openapi replaces (it reads them from the OpenAPI spec). */
export const REPLACED_BY_OPENAPI = [...REPLACED_BY_SPEC, 'spec'] as const;
