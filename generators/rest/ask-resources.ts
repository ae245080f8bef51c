/**
 * Asks for resources one after another in a terminal: name, parent, path, data selector, primary
 * key, write disposition, query parameters and paginator, until the user has no more.
 */

import { PAGINATOR_TYPES } from '../../shared/dlt/rest-vocabulary.js';
import { MERGE_STRATEGIES } from '../../shared/dlt/write-dispositions.js';
import { type Answers, type Ask, type Question, resolveAnswers } from '../../shared/questions/question.js';
import { paginator as paginatorFor } from './answers-config.js';
import { parseCompactDefaults } from './compact.js';
import { clientQuestions, type RestAnswers } from './questions.js';
import { type ConfigDict, endpointOf } from './vocabulary.js';

const RESOURCE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const PAGINATOR_DETAILS = new Set([
  'nextUrlPath',
  'cursorKey',
  'cursorPath',
  'cursorParam',
  'limit',
  'offsetParam',
  'limitParam',
  'basePage',
  'pageParam',
  'totalPath',
]);

function resourceQuestions(taken: readonly string[], earlier: readonly ConfigDict[]): Question[] {
  const pathOf = (name: unknown) => {
    const parent = earlier.find((resource) => resource.name === name);
    return parent ? String(endpointOf(parent).path ?? name) : String(name);
  };
  return [
    {
      name: 'name',
      message: 'Resource name (also its table name)',
      validate: (value) => {
        if (typeof value !== 'string' || !RESOURCE_NAME.test(value)) {
          return 'use letters, digits and underscores, not starting with a digit';
        }
        return taken.includes(value) ? `"${value}" is taken; choose another name` : true;
      },
    },
    {
      name: 'parent',
      message: 'Is it a child of another resource (its path uses a field of each parent record)?',
      type: 'select',
      choices: [{ value: '', name: 'no' }, ...taken.map((name) => ({ value: name, name }))],
      default: '',
      when: () => taken.length > 0,
    },
    {
      name: 'parentField',
      message: 'Which field of the parent record goes into the path?',
      default: 'id',
      when: (answers) => Boolean(answers.parent),
    },
    {
      name: 'path',
      message: 'Endpoint path, relative to the base URL',
      default: (answers) =>
        answers.parent
          ? `${pathOf(answers.parent)}/{resources.${String(answers.parent)}.${String(answers.parentField)}}/${String(answers.name)}`
          : String(answers.name),
      validate: (value) => (typeof value === 'string' && value.trim() !== '' ? true : 'give the path'),
    },
    {
      name: 'dataSelector',
      message: 'JSON path of the records in the response (empty: let dlt find them)',
      default: '',
    },
    {
      name: 'primaryKey',
      message:
        'Primary key column(s), comma-separated (empty: none, or the field the probe finds identifies the records)',
      default: '',
    },
    {
      name: 'writeDisposition',
      message: 'How should new data be written?',
      type: 'select',
      choices: [
        { value: 'append', name: 'append' },
        { value: 'replace', name: 'replace' },
        { value: 'merge', name: 'merge (delete-insert on the primary key)' },
        ...MERGE_STRATEGIES.filter((s) => s !== 'delete-insert').map((s) => ({
          value: `merge:${s}`,
          name: `merge, ${s}`,
        })),
      ],
      default: (answers) => (answers.primaryKey ? 'merge' : 'append'),
    },
    {
      name: 'includeFromParent',
      message: 'Parent fields to copy into each child row, comma-separated (empty for none)',
      default: (answers) => String(answers.parentField ?? ''),
      when: (answers) => Boolean(answers.parent),
    },
    {
      name: 'params',
      message: 'Query parameters as key=value, space-separated (empty for none)',
      default: '',
    },
    {
      name: 'paginator',
      message: "Paginator (empty: the client's)",
      type: 'select',
      choices: [
        { value: '', name: "the client's" },
        ...PAGINATOR_TYPES.map((type) => ({ value: type, name: type })),
      ],
      default: '',
    },
    ...clientQuestions({ fromSpec: false }).filter((question) => PAGINATOR_DETAILS.has(question.name)),
    { name: 'more', message: 'Add another resource?', type: 'confirm', default: false },
  ];
}

const list = (text: unknown) =>
  String(text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** The resource dict for one round of answers. */
export function resourceFromAnswers(answers: Answers): ConfigDict {
  const endpoint: ConfigDict = { path: String(answers.path) };
  if (answers.dataSelector) endpoint.data_selector = String(answers.dataSelector);
  if (answers.params) {
    const params = parseCompactDefaults(
      String(answers.params)
        .split(/\s+/)
        .filter(Boolean)
        .map((pair) => `params.${pair}`)
        .join(' '),
      'query parameters',
    ).endpoint as ConfigDict | undefined;
    if (params?.params) endpoint.params = params.params;
  }
  const paginator = answers.paginator ? paginatorFor(answers as RestAnswers) : undefined;
  if (paginator) endpoint.paginator = paginator;
  const resource: ConfigDict = { name: String(answers.name), endpoint };
  const primaryKey = list(answers.primaryKey);
  if (primaryKey.length > 0) resource.primary_key = primaryKey.length === 1 ? primaryKey[0]! : primaryKey;
  const [disposition, strategy] = String(answers.writeDisposition ?? 'append').split(':');
  if (disposition !== 'append') {
    resource.write_disposition = strategy ? { disposition: disposition!, strategy } : disposition!;
  }
  const include = list(answers.includeFromParent);
  if (include.length > 0) resource.include_from_parent = include;
  return resource;
}

/** Asks for resources until the user is done; `taken` are names already in the pipeline script. */
export async function askResources(ask: Ask, taken: readonly string[]): Promise<ConfigDict[]> {
  const resources: ConfigDict[] = [];
  for (;;) {
    const names = [...taken, ...resources.map((resource) => String(resource.name))];
    const answers = await resolveAnswers(
      resourceQuestions(names, resources),
      { given: {}, file: {}, stored: {} },
      { canAsk: true, ask },
    );
    resources.push(resourceFromAnswers(answers));
    if (!answers.more) return resources;
  }
}
