import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePython } from '../../../shared/python/parser.js';
import {
  type FoundResource,
  listPythonFiles,
  moduleSection,
  restResourceByName,
  type ScannedFile,
  scanProject,
  scanPythonSource,
} from '../../../shared/python/pipeline-scan.js';
import { literalValue, NOT_LITERAL } from '../../../shared/python/pipeline-scan-literals.js';
import { tempProject } from '../../support/cli.js';

const corpus = fileURLToPath(new URL('../../fixtures/pipelines/', import.meta.url));

async function scan(source: string, file = 'pipeline.py'): Promise<ScannedFile> {
  const result = await scanPythonSource(source, file);
  if ('errors' in result) throw new Error(`does not parse: ${result.errors.join('; ')}`);
  return result;
}

const summary = (resource: FoundResource) =>
  [
    resource.kind,
    resource.name,
    resource.line,
    resource.incremental?.style ?? '-',
    resource.notEditable ? 'not editable' : 'editable',
  ].join(' ');

describe('pipeline scan', () => {
  it('finds the resources of every pipeline style in the corpus', async () => {
    const expected: Record<string, string[]> = {
      rest_generated: ['rest items 20 - editable'],
      rest_docs_style: ['rest users 22 - editable', 'rest issues 23 - editable', 'rest labels 34 - editable'],
      rest_already_incremental: ['rest issues 13 rest-endpoint editable'],
      rest_legacy_incremental: ['rest events 7 rest-param editable'],
      rest_loop: ['rest customers 14 - not editable'],
      python_bare_decorator: ['python items 8 - editable'],
      python_decorator_args: ['python issues 14 - editable'],
      python_multiline_signature: ['python orders 6 - editable'],
      python_transformer: ['python repos 6 - editable', 'python commits 11 - not editable'],
      python_in_loop: ['python fetch 13 - not editable'],
      python_from_import: ['python tickets 6 - editable'],
      python_already_incremental: ['python events 6 python-argument editable'],
      python_nested_in_source: ['python contacts 10 - editable', 'python deals 14 - editable'],
      two_space_indent: ['python items 6 - editable'],
      python_decorator_incremental: ['python tickets 10 python-decorator editable'],
    };
    for (const [fixture, resources] of Object.entries(expected)) {
      const found = await scan(readFileSync(join(corpus, `${fixture}.py`), 'utf8'), `${fixture}.py`);
      assert.deepEqual(found.resources.map(summary), resources, fixture);
    }
  });

  it('says why resources in loops or built by code cannot be edited', async () => {
    const loop = await scan(readFileSync(join(corpus, 'python_in_loop.py'), 'utf8'), 'python_in_loop.py');
    assert.match(loop.resources[0]!.notEditable!, /defined inside a loop \(line 10\)/);
    assert.deepEqual(
      loop.notes.map((note) => [note.line, note.message.split(':')[0]]),
      [[24, 'products']],
    );
    const rest = await scan(readFileSync(join(corpus, 'rest_loop.py'), 'utf8'), 'rest_loop.py');
    assert.deepEqual(
      rest.notes.map((note) => note.line),
      [13, 24],
    );
    assert.match(rest.notes[0]!.message, /name is set by code \(f"orders_\{region\}"\)/);
    assert.match(rest.notes[1]!.message, /built by code/);
  });

  it('reads the settings of incremental resources', async () => {
    const rest = await scan(readFileSync(join(corpus, 'rest_already_incremental.py'), 'utf8'));
    const issues = rest.resources[0]!;
    assert.equal(issues.incremental?.param, 'since');
    assert.equal(issues.incremental?.settings.cursor_path?.value, 'updated_at');
    assert.equal(issues.incremental?.settings.initial_value?.value, '2024-01-25T11:21:28Z');
    assert.equal(issues.writeDisposition?.value, 'merge');

    const legacy = await scan(readFileSync(join(corpus, 'rest_legacy_incremental.py'), 'utf8'));
    assert.equal(legacy.resources[0]!.incremental?.param, 'updated_since');

    const python = await scan(readFileSync(join(corpus, 'python_already_incremental.py'), 'utf8'));
    const events = python.resources[0]!;
    assert.equal(events.incremental?.argument, 'updated_at');
    assert.deepEqual(Object.keys(events.incremental!.settings), [
      'cursor_path',
      'initial_value',
      'last_value_func',
    ]);
    assert.equal(events.incremental?.settings.last_value_func?.value, NOT_LITERAL);
  });

  it('follows import aliases and the other ways to declare an incremental', async () => {
    const found = await scan(`import dlt as d
from dlt import resource as res, transformer
from dlt.sources import incremental
from dlt.extract.incremental import Incremental


@d.resource
def a(cursor=incremental("ts")):
    yield []


@res(name="bee", incremental=d.sources.incremental("ts"))
def b():
    yield []


@transformer(data_from=a)
def c(item, cursor=Incremental("ts")):
    yield item


@d.resource
def e(updated_at: d.sources.incremental[str] = d.config.value):
    yield []


@d.source
def not_a_resource():
    return a
`);
    assert.deepEqual(found.resources.map(summary), [
      'python a 8 python-argument editable',
      'python bee 13 python-decorator editable',
      'python c 18 python-argument not editable',
      'python e 23 python-argument not editable',
    ]);
    assert.match(
      found.resources[2]!.notEditable!,
      /@dlt\.transformer: dlt keeps one cursor for all its parent items/,
    );
    assert.match(found.resources[3]!.notEditable!, /set in config/);
  });

  it('gives dlt:rest the config dicts and their resources by name', async () => {
    const source = readFileSync(join(corpus, 'rest_docs_style.py'), 'utf8');
    const found = await scan(source);
    assert.equal(found.restConfigs.length, 1);
    const [config] = found.restConfigs;
    assert.equal(config!.variable, 'config');
    assert.equal(config!.line, 6);
    assert.deepEqual(
      config!.resources.map((resource) => resource.name),
      ['users', 'issues', 'labels'],
    );
    const issues = restResourceByName(config!, 'issues')!;
    assert.ok(
      source
        .slice(issues.dict!.startIndex, issues.dict!.endIndex)
        .startsWith('{\n            "name": "issues"'),
    );
    assert.equal(source.slice(config!.node.startIndex, config!.node.endIndex).at(-1), '}');
    assert.equal(issues.primaryKey?.value, 'id', 'inherited from resource_defaults');
    assert.equal(restResourceByName(config!, 'nope'), undefined);
  });

  it('sees an incremental block in resource_defaults as every resource being incremental', async () => {
    const found = await scan(`config = {
    "client": {"base_url": "https://example.com"},
    "resource_defaults": {
        "endpoint": {"incremental": {"cursor_path": "updated_at"}},
    },
    "resources": ["a", {"name": "b", "endpoint": {"path": "b"}}],
}
`);
    assert.deepEqual(
      found.resources.map((resource) => resource.incremental?.style),
      ['rest-defaults', 'rest-defaults'],
    );
  });

  it('reads every Python file of a project but virtual envs, packages, caches and hidden folders', async () => {
    const root = tempProject('scan-');
    copyFileSync(join(corpus, 'rest_generated.py'), join(root, 'sample_pipeline.py'));
    copyFileSync(join(corpus, 'broken.py'), join(root, 'broken.py'));
    mkdirSync(join(root, 'pipelines'));
    copyFileSync(join(corpus, 'python_transformer.py'), join(root, 'pipelines', 'github.py'));
    for (const folder of ['.venv', 'venv', 'node_modules', 'lib/site-packages', '__pycache__', '.hidden']) {
      mkdirSync(join(root, folder), { recursive: true });
      copyFileSync(join(corpus, 'python_bare_decorator.py'), join(root, folder, 'vendored.py'));
    }
    writeFileSync(join(root, 'notes.txt'), '@dlt.resource');
    assert.deepEqual(listPythonFiles(root), ['broken.py', 'pipelines/github.py', 'sample_pipeline.py']);
    const result = await scanProject(root);
    assert.deepEqual(
      result.resources.map((resource) => `${resource.file}:${resource.name}`),
      ['pipelines/github.py:repos', 'pipelines/github.py:commits', 'sample_pipeline.py:items'],
    );
    assert.deepEqual(result.unparseable, [{ file: 'broken.py', errors: ['line 5: missing )'] }]);
  });

  it('reads literals and nothing else as values', async () => {
    const { tree } = await parsePython(
      'x = ("a" "b", -3, 1_000, 2.5, None, True, [1, "x"], {"k": (1, 2)}, f"{y}", b"raw", "a\\\\nb", name)\n',
    );
    const tuple = tree.rootNode.descendantsOfType('tuple')[0]!;
    const values = tuple.namedChildren.map((child) => literalValue(child));
    assert.deepEqual(values, [
      'ab',
      -3,
      1000,
      2.5,
      null,
      true,
      [1, 'x'],
      { k: [1, 2] },
      NOT_LITERAL,
      NOT_LITERAL,
      NOT_LITERAL,
      NOT_LITERAL,
    ]);
  });

  it('names the config section of a module as dlt does', () => {
    assert.equal(moduleSection('github_pipeline.py'), 'github_pipeline');
    assert.equal(moduleSection('pipelines/github/__init__.py'), 'github');
    assert.equal(moduleSection('pipelines/crm.py'), 'crm');
  });
});
