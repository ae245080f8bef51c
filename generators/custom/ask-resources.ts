/**
 * Asks for resources one after another in a terminal (name, parent, write disposition, key,
 * incremental cursor, and what the reader needs), until the user has no more. Returns them in
 * the compact form --resources takes, so that what was asked is checked and stored like an option.
 */
import { type Answers, type Ask, type Question, resolveAnswers } from '../../shared/questions/question.js';
import { formatResources, MERGE_STRATEGIES, type ResourceSpec } from './resources.js';
import { checkResources, type Reader } from './source-spec.js';

const DISPOSITIONS = [
  'append',
  'replace',
  'merge',
  ...MERGE_STRATEGIES.map((strategy) => `merge:${strategy}`),
];

function resourceQuestions(reader: Reader, earlier: readonly ResourceSpec[], context: Answers): Question[] {
  const splitKey = (value: unknown) =>
    String(value ?? '')
      .split(/[\s,+]+/)
      .filter(Boolean);
  return [
    {
      name: 'name',
      message: 'Resource name (also its table name)',
      default: earlier.length === 0 ? 'items' : undefined,
      validate: (value) => {
        const problems = checkResources(
          [...earlier, { name: String(value), writeDisposition: 'append', primaryKey: [] }],
          context,
        );
        return problems.length === 0 ? true : problems.join('; ');
      },
    },
    {
      name: 'parent',
      message: 'Does it read the pages of another resource (a transformer)? Which one?',
      type: 'select',
      choices: [{ value: '', name: 'no' }, ...earlier.map((resource) => ({ value: resource.name }))],
      default: '',
      when: () => earlier.length > 0,
    },
    {
      name: 'path',
      message: 'Endpoint path ({field} takes a field of the parent row)',
      when: () => reader === 'rest_client',
      default: (answers) => {
        const parent = earlier.find((resource) => resource.name === answers.parent);
        if (!parent) return `/${String(answers.name)}`;
        const base = parent.path && !parent.path.includes('{') ? parent.path : `/${parent.name}`;
        return `${base}/{${parent.primaryKey[0] ?? 'id'}}/${String(answers.name)}`;
      },
    },
    {
      name: 'call',
      message: 'Method of the client that lists the rows',
      when: () => reader === 'package',
      default: (answers) => String(answers.name),
    },
    {
      name: 'writeDisposition',
      message: 'How is each run written?',
      type: 'select',
      choices: [
        { value: 'append', name: 'append: add what it reads' },
        { value: 'replace', name: 'replace: the table becomes what it reads' },
        { value: 'merge', name: 'merge: update rows by primary key (delete-insert)' },
        { value: 'merge:upsert', name: 'merge:upsert: update or insert by primary key' },
        { value: 'merge:scd2', name: 'merge:scd2: keep every version of a row' },
        { value: 'merge:insert-only', name: 'merge:insert-only: add rows with a new key only' },
        { value: 'merge:delete-insert', name: 'merge:delete-insert: as merge' },
      ],
      default: 'append',
      validate: (value) => (DISPOSITIONS.includes(String(value)) ? true : `use ${DISPOSITIONS.join(', ')}`),
    },
    {
      name: 'primaryKey',
      message: 'Primary key column(s), "+"-separated (empty for none)',
      default: (answers) => (String(answers.writeDisposition).startsWith('merge') ? 'id' : ''),
      validate: (value, answers) =>
        splitKey(value).length > 0 ||
        !/^merge(:delete-insert|:upsert|:insert-only)?$/.test(String(answers.writeDisposition))
          ? true
          : 'this merge needs a primary key',
    },
    {
      name: 'cursor',
      message: 'Incremental cursor field, e.g. updated_at (empty: read everything every run)',
      default: '',
    },
    {
      name: 'initialValue',
      message: 'Where the cursor starts on the first run (empty: from the beginning)',
      default: '',
      when: (answers) => Boolean(answers.cursor),
    },
    {
      name: 'startParam',
      message: 'Query parameter that gets the cursor start value (empty: dlt filters the rows)',
      default: '',
      when: (answers) => reader === 'rest_client' && Boolean(answers.cursor),
    },
    { name: 'more', message: 'Add another resource?', type: 'confirm', default: false },
  ];
}

function toResource(answers: Answers): ResourceSpec {
  const [disposition, strategy] = String(answers.writeDisposition).split(':');
  const text = (key: string) => (answers[key] ? String(answers[key]) : undefined);
  const initial = text('initialValue');
  return {
    name: String(answers.name),
    writeDisposition: disposition as ResourceSpec['writeDisposition'],
    ...(strategy ? { mergeStrategy: strategy as ResourceSpec['mergeStrategy'] } : {}),
    primaryKey: String(answers.primaryKey ?? '')
      .split(/[\s,+]+/)
      .filter(Boolean),
    ...(text('cursor') ? { cursor: text('cursor') } : {}),
    ...(initial ? { initialValue: /^-?\d+$/.test(initial) ? Number(initial) : initial } : {}),
    ...(text('parent') ? { parent: text('parent') } : {}),
    ...(text('path') ? { path: text('path') } : {}),
    ...(text('startParam') ? { startParam: text('startParam') } : {}),
    ...(text('call') && answers.call !== answers.name ? { call: text('call') } : {}),
  };
}

/** The resources, asked one by one; `context` holds the answers so far (reader, secrets...). */
export async function askResources(ask: Ask, context: Answers): Promise<string> {
  const resources: ResourceSpec[] = [];
  for (;;) {
    const answers = await resolveAnswers(
      resourceQuestions(context.reader as Reader, resources, context),
      { given: {}, file: {}, stored: {} },
      { canAsk: true, ask },
    );
    resources.push(toResource(answers));
    if (answers.more !== true) return formatResources(resources);
  }
}
