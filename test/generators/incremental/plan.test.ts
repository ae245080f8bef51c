import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planIncremental } from '../../../generators/incremental/plan.js';
import type { IncrementalSettings } from '../../../generators/incremental/settings.js';
import { parsePython } from '../../../shared/python/parser.js';
import {
  type PythonResource,
  type ScannedFile,
  scanPythonSource,
} from '../../../shared/python/pipeline-scan.js';
import { tempProject } from '../../support/cli.js';
import { ruffProblems, run, runtimeBin } from '../../support/python.js';

/**
 * The edits dlt:incremental makes, on a corpus of pipelines in several styles, compared with
 * reviewed results in test/fixtures/incremental/<fixture>.<resource>.py (UPDATE_GOLDEN=1 rewrites
 * them; review the diff before committing).
 */

const corpus = fileURLToPath(new URL('../../fixtures/pipelines/', import.meta.url));
const golden = fileURLToPath(new URL('../../fixtures/incremental/', import.meta.url));

const base: IncrementalSettings = {
  cursorPath: 'updated_at',
  initialValue: { kind: 'datetime', value: '2024-01-01T00:00:00Z' },
  onCursorValueMissing: 'raise',
  writeDisposition: 'merge',
  primaryKey: ['id'],
  mergeStrategy: 'delete-insert',
  param: 'since',
  initialValueInConfig: false,
};

interface Case {
  fixture: string;
  resource: string;
  settings?: Partial<IncrementalSettings>;
  /** The fixture is not ruff-formatted, so only `ruff check` applies to the result. */
  unformatted?: boolean;
}

const cases: Case[] = [
  { fixture: 'rest_generated', resource: 'items' },
  // the probe's "(yo dlt:incremental adds it)" hint goes from above items only
  { fixture: 'rest_probed', resource: 'items', settings: { param: undefined } },
  { fixture: 'rest_docs_style', resource: 'users' },
  {
    fixture: 'rest_docs_style',
    resource: 'issues',
    settings: { param: undefined, rowOrder: 'asc', lag: 3600, onCursorValueMissing: 'include' },
  },
  {
    fixture: 'rest_docs_style',
    resource: 'labels',
    settings: {
      writeDisposition: 'append',
      initialValue: { kind: 'date', value: '2020-01-01' },
      primaryKey: undefined,
      param: 'updated_since',
    },
  },
  {
    fixture: 'rest_already_incremental',
    resource: 'issues',
    settings: {
      param: 'updated_after',
      initialValue: { kind: 'datetime', value: '2024-01-25T11:21:28Z' },
      endValue: { kind: 'datetime', value: '2025-01-01T00:00:00Z' },
      endParam: 'until',
    },
  },
  {
    fixture: 'rest_legacy_incremental',
    resource: 'events',
    settings: { param: 'updated_since', mergeStrategy: 'upsert' },
  },
  { fixture: 'python_bare_decorator', resource: 'items' },
  { fixture: 'python_decorator_args', resource: 'issues', settings: { primaryKey: ['id', 'number'] } },
  { fixture: 'python_multiline_signature', resource: 'orders', settings: { initialValueInConfig: true } },
  { fixture: 'python_from_import', resource: 'tickets' },
  {
    fixture: 'python_already_incremental',
    resource: 'events',
    settings: { initialValue: { kind: 'date', value: '2024-06-01' }, rowOrder: 'desc' },
  },
  { fixture: 'python_nested_in_source', resource: 'deals', settings: { writeDisposition: 'append' } },
  {
    fixture: 'python_decorator_incremental',
    resource: 'tickets',
    settings: { initialValue: { kind: 'date', value: '2024-01-01' }, lag: 86400 },
  },
  { fixture: 'python_custom_docstring', resource: 'orders' },
  { fixture: 'python_custom_docstring', resource: 'customers', settings: { mergeStrategy: 'upsert' } },
  { fixture: 'python_custom_docstring', resource: 'refunds' },
  {
    fixture: 'two_space_indent',
    resource: 'items',
    settings: { cursorPath: 'id', initialValue: { kind: 'number', value: 100 } },
    unformatted: true,
  },
];

const scanned = new Map<string, ScannedFile>();

async function scanFixture(fixture: string): Promise<ScannedFile> {
  let result = scanned.get(fixture);
  if (!result) {
    const source = readFileSync(join(corpus, `${fixture}.py`), 'utf8');
    const scan = await scanPythonSource(source, `${fixture}.py`);
    assert.ok(!('errors' in scan), `${fixture} parses`);
    result = scan as ScannedFile;
    scanned.set(fixture, result);
  }
  return result;
}

async function planFor(entry: Case) {
  const file = await scanFixture(entry.fixture);
  const resource = file.resources.find((candidate) => candidate.name === entry.resource);
  assert.ok(resource, `${entry.resource} found in ${entry.fixture}`);
  return planIncremental(file, resource, { ...base, ...entry.settings });
}

/** Lines of `before` that `after` no longer has (a multiset difference). */
function removedLines(before: string, after: string): string[] {
  const remaining = new Map<string, number>();
  for (const line of after.split('\n')) remaining.set(line, (remaining.get(line) ?? 0) + 1);
  return before.split('\n').filter((line) => {
    const count = remaining.get(line) ?? 0;
    if (count === 0) return true;
    remaining.set(line, count - 1);
    return false;
  });
}

describe('dlt:incremental edits (corpus)', () => {
  for (const entry of cases) {
    it(`${entry.fixture}: ${entry.resource}`, async () => {
      const plan = await planFor(entry);
      const expectedFile = join(golden, `${entry.fixture}.${entry.resource}.py`);
      if (process.env.UPDATE_GOLDEN) {
        mkdirSync(golden, { recursive: true });
        writeFileSync(expectedFile, plan.after);
      }
      assert.equal(plan.after, readFileSync(expectedFile, 'utf8'));
      assert.deepEqual((await parsePython(plan.after)).errors, []);
    });
  }

  it('changes only the lines it must', async () => {
    const expectations: Record<string, number> = {
      'rest_generated.items': 1, // the one-line endpoint grows
      'rest_docs_style.issues': 0, // inserts only
      'rest_already_incremental.issues': 1, // "since" becomes "updated_after"
      'python_multiline_signature.orders': 0,
      'python_decorator_args.issues': 1, // write_disposition
      'python_from_import.tickets': 3, // the import, the decorator, the signature
    };
    for (const [name, removed] of Object.entries(expectations)) {
      const [fixture, resource] = name.split('.') as [string, string];
      const plan = await planFor({
        fixture,
        resource,
        ...cases.find((c) => c.fixture === fixture && c.resource === resource),
      });
      assert.equal(
        removedLines(plan.before, plan.after).length,
        removed,
        `${name}: ${removedLines(plan.before, plan.after).join(' | ')}`,
      );
    }
  });

  it("moves the initial value to dlt's incremental config section", async () => {
    const plan = await planFor(cases.find((entry) => entry.fixture === 'python_multiline_signature')!);
    assert.deepEqual(plan.toml, [
      {
        table: ['sources', 'python_multiline_signature', 'orders', 'updated_at'],
        key: 'initial_value',
        value: '2024-01-01T00:00:00Z',
        secret: false,
      },
    ]);
    assert.doesNotMatch(plan.after, /initial_value/);
  });

  it('keeps the line endings of the file', async () => {
    const source = readFileSync(join(corpus, 'python_bare_decorator.py'), 'utf8').replaceAll('\n', '\r\n');
    const file = (await scanPythonSource(source, 'crlf.py')) as ScannedFile;
    const plan = await planIncremental(file, file.resources[0]!, base);
    const expected = readFileSync(join(golden, 'python_bare_decorator.items.py'), 'utf8').replaceAll(
      '\n',
      '\r\n',
    );
    assert.equal(plan.after, expected);
  });

  it('leaves a resource that has the settings already as it is', async () => {
    const plan = await planFor({
      fixture: 'python_already_incremental',
      resource: 'events',
      settings: { param: 'since' },
    });
    assert.equal(plan.after, plan.before);
  });

  it('warns when the API filters nothing or append would load everything again', async () => {
    const clientSide = await planFor({
      fixture: 'rest_generated',
      resource: 'items',
      settings: { param: undefined },
    });
    assert.match(clientSide.warnings.join('\n'), /every run still requests all records/);
    const append = await planFor({
      fixture: 'python_bare_decorator',
      resource: 'items',
      settings: { writeDisposition: 'append', initialValue: undefined },
    });
    assert.match(append.warnings.join('\n'), /first incremental run loads every record again/);
    assert.match(
      append.nextSteps.join('\n'),
      /items in python_bare_decorator\.py ask the API only for new records/,
    );
  });

  it('refuses what it cannot edit safely, saying why', async () => {
    const loop = await scanFixture('python_in_loop');
    const fetch = loop.resources.find((resource) => resource.name === 'fetch')!;
    await assert.rejects(planIncremental(loop, fetch, base), /defined inside a loop \(line 10\)/);
    const transformer = await scanFixture('python_transformer');
    const commits = transformer.resources.find((resource) => resource.name === 'commits')!;
    await assert.rejects(
      planIncremental(transformer, commits, base),
      /commits \(python_transformer\.py:11\) cannot be made incremental by this tool: it is a @dlt\.transformer: dlt keeps one cursor for all its parent items/,
    );
    const rest = await scanFixture('rest_generated');
    await assert.rejects(
      planIncremental(rest, rest.resources[0]!, { ...base, initialValueInConfig: true }),
      /rest_api reads the incremental settings .* only from its config dict/,
    );
    // rest_api would send since=None on the first run, and the API would return nothing
    await assert.rejects(
      planIncremental(rest, rest.resources[0]!, { ...base, initialValue: undefined }),
      /--initial-value: .*first run sends since=None/,
    );
    const nested = await scanFixture('python_nested_in_source');
    const dynamic: PythonResource = { ...(nested.resources[0] as PythonResource), dynamicName: true };
    await assert.rejects(
      planIncremental(nested, dynamic, { ...base, initialValueInConfig: true }),
      /its config section is not known/,
    );
  });

  it('@e2e results pass ruff check, and ruff format --check where the original did', async function () {
    this.timeout(60_000);
    const cwd = tempProject('incremental-ruff-');
    const formatted: string[] = [];
    const unformatted: string[] = [];
    for (const entry of cases) {
      const plan = await planFor(entry);
      const name = `${entry.fixture}__${entry.resource}.py`;
      writeFileSync(join(cwd, name), plan.after);
      (entry.unformatted ? unformatted : formatted).push(name);
    }
    assert.equal(await ruffProblems(cwd, formatted), '');
    const check = await run(runtimeBin('ruff'), ['check', '--no-cache', ...unformatted], { cwd });
    assert.equal(check.code, 0, check.stdout);
  });
});
