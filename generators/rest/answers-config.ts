/**
 * Turns the answers to the client questions, plus the resources, into a RESTAPIConfig in dlt's
 * own shape (the same shape a --spec file gives).
 */

import { PAGINATORS, type PaginatorType } from '../../shared/dlt/rest-vocabulary.js';
import type { PyValue } from '../../shared/python/literal.js';
import type { RestAnswers } from './questions.js';
import type { ConfigDict, RestApiConfig } from './vocabulary.js';

function auth(answers: RestAnswers): ConfigDict | undefined {
  switch (answers.auth) {
    case 'bearer':
      return { type: 'bearer', token: answers.token ?? '' };
    case 'api_key':
      return {
        type: 'api_key',
        name: answers.apiKeyName ?? 'X-API-Key',
        api_key: answers.apiKey ?? '',
        location: answers.apiKeyLocation ?? 'header',
      };
    case 'http_basic':
      return { type: 'http_basic', username: answers.username ?? '', password: answers.password ?? '' };
    case 'oauth2_client_credentials':
      return {
        type: 'oauth2_client_credentials',
        access_token_url: answers.tokenUrl ?? '',
        client_id: answers.clientId ?? '',
        client_secret: answers.clientSecret ?? '',
      };
    default:
      return undefined;
  }
}

const totalPath = (answers: RestAnswers): PyValue =>
  !answers.totalPath || /^(none|null)$/i.test(answers.totalPath) ? null : answers.totalPath;

/** A paginator parameter's default, for an answer not given. */
const orDefault = (answer: string | undefined, type: PaginatorType, param: string): PyValue =>
  answer ?? PAGINATORS[type].defaults[param]!;

/** The client paginator; `auto` is dlt's default and needs no entry. */
export function paginator(answers: RestAnswers): ConfigDict | undefined {
  switch (answers.paginator) {
    case 'single_page':
    case 'header_link':
      return { type: answers.paginator };
    case 'json_link':
      return {
        type: 'json_link',
        next_url_path: orDefault(answers.nextUrlPath, 'json_link', 'next_url_path'),
      };
    case 'header_cursor':
      return {
        type: 'header_cursor',
        cursor_key: orDefault(answers.cursorKey, 'header_cursor', 'cursor_key'),
        cursor_param: orDefault(answers.cursorParam, 'header_cursor', 'cursor_param'),
      };
    case 'cursor':
      return {
        type: 'cursor',
        cursor_path: orDefault(answers.cursorPath, 'cursor', 'cursor_path'),
        cursor_param: orDefault(answers.cursorParam, 'cursor', 'cursor_param'),
      };
    case 'offset':
      return {
        type: 'offset',
        limit: Number(answers.limit ?? PAGINATORS.offset.defaults.limit),
        offset_param: orDefault(answers.offsetParam, 'offset', 'offset_param'),
        limit_param: orDefault(answers.limitParam, 'offset', 'limit_param'),
        total_path: totalPath(answers),
      };
    case 'page_number':
      return {
        type: 'page_number',
        base_page: Number(answers.basePage ?? PAGINATORS.page_number.defaults.base_page),
        page_param: orDefault(answers.pageParam, 'page_number', 'page_param'),
        total_path: totalPath(answers),
      };
    default:
      return undefined;
  }
}

export function configFromAnswers(
  answers: RestAnswers,
  resources: ConfigDict[],
  resourceDefaults: ConfigDict | undefined,
): RestApiConfig {
  const client: ConfigDict = { base_url: answers.baseUrl };
  const clientAuth = auth(answers);
  if (clientAuth) client.auth = clientAuth;
  const clientPaginator = paginator(answers);
  if (clientPaginator) client.paginator = clientPaginator;
  return {
    client,
    ...(resourceDefaults && Object.keys(resourceDefaults).length > 0
      ? { resource_defaults: resourceDefaults }
      : {}),
    resources,
  };
}
