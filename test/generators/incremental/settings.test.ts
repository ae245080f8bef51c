import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { settingQuestions, settingsFromAnswers } from '../../../generators/incremental/questions.js';
import {
  endsAfter,
  parseCursorValue,
  parsePrimaryKey,
  validateParamName,
} from '../../../generators/incremental/settings.js';
import { checkTarget, chosenResource, normalizeFile } from '../../../generators/incremental/target.js';
import { scanProject, scanPythonSource } from '../../../shared/python/pipeline-scan.js';
import { check, defaultFor } from '../../../shared/questions/question.js';
import { tempProject } from '../../support/cli.js';

const corpus = fileURLToPath(new URL('../../fixtures/pipelines/', import.meta.url));

describe('dlt:incremental settings', () => {
  it('types cursor values and says what is allowed otherwise', () => {
    assert.deepEqual(parseCursorValue('9007199254740991'), { kind: 'number', value: 9007199254740991 });
    assert.match(
      String(parseCursorValue('100000000000000000000000')),
      /has more digits than can be kept exactly/,
    );
    assert.match(String(parseCursorValue(1e23)), /has more digits than can be kept exactly/);
    assert.deepEqual(parseCursorValue('2024-01-31T10:00:00Z'), {
      kind: 'datetime',
      value: '2024-01-31T10:00:00Z',
    });
    assert.deepEqual(parseCursorValue('2024-01-31T10:00:00.123+02:00'), {
      kind: 'datetime',
      value: '2024-01-31T10:00:00.123+02:00',
    });
    assert.deepEqual(parseCursorValue('2024-02-29'), { kind: 'date', value: '2024-02-29' });
    assert.deepEqual(parseCursorValue('42'), { kind: 'number', value: 42 });
    assert.deepEqual(parseCursorValue('-1.5'), { kind: 'number', value: -1.5 });
    assert.equal(parseCursorValue(''), undefined);
    assert.equal(parseCursorValue('none'), undefined);
    assert.match(String(parseCursorValue('2023-02-29')), /not a real date/);
    assert.match(String(parseCursorValue('2024-01-31T25:00:00Z')), /not a real date-time/);
    assert.match(String(parseCursorValue('yesterday')), /give an ISO date-time .* a date .* or a number/);
    assert.deepEqual(parseCursorValue('pendulum.now()', 'pendulum.now()'), {
      kind: 'code',
      value: 'pendulum.now()',
    });
  });

  it('compares start and end values of the same kind only', () => {
    const day = (value: string) => ({ kind: 'date' as const, value });
    assert.equal(endsAfter(day('2024-01-01'), day('2024-02-01')), true);
    assert.equal(endsAfter(day('2024-02-01'), day('2024-01-01')), false);
    assert.equal(endsAfter({ kind: 'number', value: 5 }, { kind: 'number', value: 3 }), false);
    assert.equal(endsAfter({ kind: 'number', value: 5 }, day('2024-01-01')), true);
  });

  it('reads primary keys and query parameter names', () => {
    assert.deepEqual(parsePrimaryKey('id'), ['id']);
    assert.deepEqual(parsePrimaryKey(' org_id , id '), ['org_id', 'id']);
    assert.equal(validateParamName('updated_since'), true);
    assert.equal(validateParamName('none'), true);
    assert.match(String(validateParamName('since=x')), /not a query parameter name/);
  });

  it('defaults every question to what an incremental resource has already', async () => {
    const source = `import dlt


@dlt.resource(primary_key=("org", "id"), write_disposition={"disposition": "merge", "strategy": "upsert"})
def events(
    cursor=dlt.sources.incremental("ts", initial_value=pendulum.datetime(2024, 1, 1), lag=60, row_order="asc"),
):
    yield []
`;
    const scanned = await scanPythonSource(source, 'events.py');
    assert.ok(!('errors' in scanned));
    const [resource] = scanned.resources;
    const questions = settingQuestions(resource!);
    const answers: Record<string, unknown> = { writeDisposition: 'merge' };
    const defaults = Object.fromEntries(
      questions.map((question) => [question.name, defaultFor(question, answers)]),
    );
    assert.deepEqual(defaults, {
      cursorPath: 'ts',
      initialValue: 'pendulum.datetime(2024, 1, 1)',
      endValue: '',
      lag: '60',
      rowOrder: 'asc',
      onCursorValueMissing: 'raise',
      writeDisposition: 'merge',
      primaryKey: 'org, id',
      mergeStrategy: 'upsert',
      param: '',
      endParam: '',
      initialValueInConfig: false,
    });
    const settings = settingsFromAnswers(
      { ...defaults, file: 'events.py', resource: 'events' } as never,
      resource!,
    );
    assert.deepEqual(settings.initialValue, { kind: 'code', value: 'pendulum.datetime(2024, 1, 1)' });
    assert.deepEqual(settings.primaryKey, ['org', 'id']);
    const initial = questions.find((question) => question.name === 'initialValue')!;
    assert.equal(check(initial, 'pendulum.datetime(2024, 1, 1)', answers), true);
    const end = questions.find((question) => question.name === 'endValue')!;
    assert.match(String(check(end, '2023-01-01', { initialValue: '2024-01-01' })), /must come after/);
    assert.match(String(check(end, '2023-01-01', { initialValue: '' })), /needs an initial value/);
  });

  it('checks --file and --resource against what the scan found', async () => {
    const root = tempProject('incremental-target-');
    copyFileSync(join(corpus, 'python_from_import.py'), join(root, 'tickets.py'));
    copyFileSync(join(corpus, 'python_decorator_incremental.py'), join(root, 'support.py'));
    mkdirSync(join(root, 'more'));
    copyFileSync(join(corpus, 'broken.py'), join(root, 'more', 'broken.py'));
    const scan = await scanProject(root);

    assert.throws(
      () => checkTarget(scan, { resource: 'tickets' }),
      /"tickets" is in support\.py and tickets\.py; say which with --file/,
    );
    assert.equal(checkTarget(scan, { file: './more/../tickets.py', resource: 'tickets' }), 'tickets.py');
    assert.throws(() => checkTarget(scan, { file: '../elsewhere.py' }), /is outside the project/);
    // a folder whose name starts with two dots is inside the project
    assert.equal(normalizeFile(root, '..drafts/p.py'), '..drafts/p.py');
    assert.throws(() => checkTarget(scan, { file: 'missing.py' }), /there is no missing\.py/);
    assert.throws(() => checkTarget(scan, { file: 'more/broken.py' }), /more\/broken\.py does not parse/);
    assert.throws(
      () => checkTarget(scan, { file: 'support.py', resource: 'orders' }),
      /no resource named "orders" in support\.py; found: tickets \(support\.py:10\)/,
    );
    assert.equal(chosenResource(scan, 'tickets.py', 'tickets').line, 6);
  });

  it('with --file, reads and parses that file alone', async () => {
    const root = tempProject('incremental-only-');
    copyFileSync(join(corpus, 'python_from_import.py'), join(root, 'tickets.py'));
    copyFileSync(join(corpus, 'python_decorator_incremental.py'), join(root, 'support.py'));
    copyFileSync(join(corpus, 'broken.py'), join(root, 'broken.py'));
    const read: string[] = [];
    const readFile = (file: string) => {
      read.push(file);
      return readFileSync(join(root, file), 'utf8');
    };
    const scan = await scanProject(root, readFile, 'support.py');
    assert.deepEqual(read, ['support.py']);
    assert.deepEqual(
      scan.resources.map((resource) => `${resource.file} ${resource.name}`),
      ['support.py tickets'],
    );
    assert.equal(checkTarget(scan, { file: 'support.py', resource: 'tickets' }), 'support.py');
    assert.deepEqual((await scanProject(root, readFile, 'missing.py')).files, []);
    writeFileSync(join(root, 'helpers.py'), 'LIMIT = 10\n');
    const helpers = await scanProject(root, readFile, 'helpers.py');
    assert.throws(
      () => checkTarget(helpers, { file: 'helpers.py' }),
      /--file: no dlt resources found in helpers\.py; run without --file to list the files that have some/,
    );
  });
});
