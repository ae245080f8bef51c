import assert from 'node:assert/strict';
import { isUsageError } from '../../../shared/plan/errors.js';
import { validateIdentifier } from '../../../shared/python/naming.js';
import { namingQuestions } from '../../../shared/questions/common.js';
import { type Question, resolveAnswers, searchChoices } from '../../../shared/questions/question.js';

const questions: Question[] = [
  { name: 'source', message: 'What to load' },
  {
    name: 'pipelineName',
    message: 'Pipeline',
    default: (a) => `${String(a.source)}_pipe`,
    validate: validateIdentifier,
  },
  { name: 'kind', message: 'Kind', choices: ['rest', 'custom'], default: 'rest' },
  { name: 'run', message: 'Run?', type: 'confirm', default: false },
  { name: 'token', message: 'Token', secret: true, when: (a) => a.kind === 'rest' },
];

const noAsk = { canAsk: false, ask: async () => assert.fail('must not ask') };

describe('resolveAnswers', () => {
  it('takes given options first, then the answers file, then defaults', async () => {
    const answers = await resolveAnswers(
      questions,
      { given: { source: 'github' }, file: { source: 'ignored', kind: 'custom', run: 'yes' }, stored: {} },
      noAsk,
    );
    assert.deepEqual(answers, { source: 'github', pipelineName: 'github_pipe', kind: 'custom', run: true });
  });

  it('uses stored values as defaults, never a stored secret', async () => {
    const answers = await resolveAnswers(
      questions,
      { given: {}, file: {}, stored: { source: 'stripe', pipelineName: 'old', token: 'leaked' } },
      { canAsk: false, ask: async () => undefined },
    ).catch((error: unknown) => error);
    assert.ok(isUsageError(answers), 'token has no default and must be reported missing');
    assert.match((answers as Error).message, /--token is required/);
    assert.doesNotMatch((answers as Error).message, /leaked/);
  });

  it('names every missing option and every invalid value in one error', async () => {
    const error = await resolveAnswers(
      questions,
      { given: { pipelineName: '1bad-name', kind: 'graphql' }, file: {}, stored: {} },
      noAsk,
    ).catch((e: unknown) => e);
    assert.ok(isUsageError(error));
    const message = (error as Error).message;
    assert.match(
      message,
      /--pipeline-name: "1bad-name" is not valid: it holds "-"; use letters, digits and underscores/,
    );
    assert.match(message, /--kind: "graphql" is not one of: rest, custom/);
    assert.match(message, /--source is required/);
  });

  it('reports an invalid value once, not again in a default derived from it (the dataset name)', async () => {
    const naming = namingQuestions('rest_api');
    const error = await resolveAnswers(
      naming,
      { given: { pipelineName: 'bad name' }, file: {}, stored: {} },
      noAsk,
    ).catch((e: unknown) => e);
    assert.ok(isUsageError(error));
    assert.match((error as Error).message, /--pipeline-name: "bad name" is not valid/);
    assert.doesNotMatch((error as Error).message, /--dataset-name/);
    // a dataset name given wrong is still reported, beside the pipeline name
    const both = await resolveAnswers(
      naming,
      { given: { pipelineName: 'bad name', datasetName: 'bad-set' }, file: {}, stored: {} },
      noAsk,
    ).catch((e: unknown) => e);
    assert.match((both as Error).message, /--dataset-name: "bad-set" is not valid/);
  });

  it('asks what was not given when it can, with the default as the initial value', async () => {
    const asked: string[] = [];
    const answers = await resolveAnswers(
      questions,
      { given: { source: 'notion', token: 'secret' }, file: {}, stored: {} },
      {
        canAsk: true,
        ask: async (question, _answers, initial) => {
          asked.push(`${question.name}=${String(initial)}`);
          return initial;
        },
      },
    );
    assert.deepEqual(asked, ['pipelineName=notion_pipe', 'kind=rest', 'run=false']);
    assert.equal(answers.token, 'secret');
  });

  it('skips questions whose condition is false', async () => {
    const answers = await resolveAnswers(
      questions,
      { given: { source: 'x', kind: 'custom' }, file: {}, stored: {} },
      noAsk,
    );
    assert.equal('token' in answers, false);
  });
});

describe('answers of the wrong type (an answers file can give any)', () => {
  const typed: Question[] = [
    { name: 'resources', message: 'Resources' },
    { name: 'port', message: 'Port', validate: (value) => (/^\d+$/.test(String(value)) ? true : 'whole') },
    { name: 'run', message: 'Run?', type: 'confirm', default: false },
  ];
  const resolve = (file: Record<string, unknown>) =>
    resolveAnswers(typed, { given: {}, file, stored: {} }, noAsk).catch((error: unknown) => error as Error);

  it('refuses a number, list or object for a text question, a non-boolean for a yes/no one', async () => {
    const error = await resolve({ resources: 5, port: 5432, run: 'maybe' });
    assert.ok(isUsageError(error));
    assert.match(error.message, /--resources: 5 is not text: give it as a string/);
    assert.match(error.message, /--run: "maybe": give true or false/);
    assert.doesNotMatch(error.message, /--port/);
    const nested = await resolve({ resources: { items: 1 }, port: '1' });
    assert.match((nested as Error).message, /--resources: \{"items":1\} is not text/);
  });

  it('takes a whole number for a text question that checks its text (a port)', async () => {
    assert.deepEqual(await resolve({ resources: 'items', port: 5432 }), {
      resources: 'items',
      port: 5432,
      run: false,
    });
  });
});

describe('searchChoices (the search prompt)', () => {
  const choices = [
    { value: 'google_ads', name: 'google_ads: Google Ads campaigns' },
    { value: 'google_sheets', name: 'google_sheets: spreadsheets' },
    { value: 'github', name: 'github: issues and pull requests' },
  ];

  it('keeps the choices whose value or label holds every word typed, in order', () => {
    assert.deepEqual(searchChoices(choices, undefined), choices);
    assert.deepEqual(
      searchChoices(choices, 'GOOGLE').map((choice) => choice.value),
      ['google_ads', 'google_sheets'],
    );
    assert.deepEqual(
      searchChoices(choices, 'google spread').map((choice) => choice.value),
      ['google_sheets'],
    );
    assert.deepEqual(
      searchChoices(choices, 'pull').map((choice) => choice.value),
      ['github'],
    );
    assert.deepEqual(searchChoices(choices, 'nothing'), []);
  });
});
