/**
 * Turns the answers to the client questions, plus the resources, into a RESTAPIConfig in dlt's
 * own shape (the same shape a --spec file gives).
 */
import type { PyValue } from '../../shared/python-literal.js';
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

/** The client paginator; `auto` is dlt's default and needs no entry. */
export function paginator(answers: RestAnswers): ConfigDict | undefined {
  switch (answers.paginator) {
    case 'single_page':
    case 'header_link':
      return { type: answers.paginator };
    case 'json_link':
      return { type: 'json_link', next_url_path: answers.nextUrlPath ?? 'next' };
    case 'header_cursor':
      return {
        type: 'header_cursor',
        cursor_key: answers.cursorKey ?? 'next',
        cursor_param: answers.cursorParam ?? 'cursor',
      };
    case 'cursor':
      return {
        type: 'cursor',
        cursor_path: answers.cursorPath ?? 'cursors.next',
        cursor_param: answers.cursorParam ?? 'cursor',
      };
    case 'offset':
      return {
        type: 'offset',
        limit: Number(answers.limit ?? 100),
        offset_param: answers.offsetParam ?? 'offset',
        limit_param: answers.limitParam ?? 'limit',
        total_path: totalPath(answers),
      };
    case 'page_number':
      return {
        type: 'page_number',
        base_page: Number(answers.basePage ?? 1),
        page_param: answers.pageParam ?? 'page',
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
