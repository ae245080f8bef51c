/**
 * Renders `<name>_pipeline.py`: a @dlt.source whose resources yield pages, read through dlt's
 * RESTClient, a Python package, or plain Python, and a `__main__` with a --dev trial mode.
 * The output is what `ruff format` would write and passes `ruff check` with its default rules.
 */

import {
  COMPILE_PATH_IMPORT,
  COMPILED_SELECTOR_COMMENT,
  compiledSelector,
} from '../../shared/dlt/compiled-selector.js';
import { destinationNote } from '../../shared/dlt/pipeline-destination.js';
import { pipelineRunLines } from '../../shared/dlt/pipeline-run.js';
import { AUTH_CLASSES, PAGINATORS, type PaginatorType } from '../../shared/dlt/rest-vocabulary.js';
import { dispositionSentence } from '../../shared/dlt/write-dispositions.js';
import {
  call,
  comment,
  docstring,
  indent,
  type PyExpr,
  type PyParam,
  signature,
  statement,
  withOpenComment,
  wrap,
} from '../../shared/python/code.js';
import { type PyValue, pyCode, pyString } from '../../shared/python/literal.js';
import type { ResourceSpec } from './resources.js';
import { authExpression, paginatorExpression } from './rest-client.js';
import { configSection, hasGuesses, pathFields, type SourceSpec } from './source-spec.js';

const PYTHON_BUILTINS = new Set([
  'id',
  'type',
  'hash',
  'min',
  'max',
  'input',
  'object',
  'format',
  'filter',
  'len',
]);

/** The pipeline script for a spec. */
export function renderPipelineScript(spec: SourceSpec): string {
  const sections = [
    `${moduleDocstring(spec)}\n\n${imports(spec)}\n\n${constants(spec)}`,
    ...(spec.reader === 'package' ? [pagesHelper()] : []),
    source(spec),
    main(spec),
    'if __name__ == "__main__":\n    main()',
  ];
  return `${sections.join('\n\n\n')}\n`;
}

const sentenceList = (names: readonly string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

function moduleDocstring(spec: SourceSpec): string {
  const lines = [
    `"""Loads the ${spec.sourceName} source with dlt.`,
    '',
    `    python ${spec.script}        # runs the pipeline`,
    `    python ${spec.script} --dev  # a quick trial: a few pages into a fresh dataset`,
  ];
  const notes: string[] = [destinationNote(spec.pipelineName, spec.destination)];
  if (spec.arguments.length > 0) {
    notes.push(
      `Settings come from .dlt/config.toml and secrets from .dlt/secrets.toml, section [${configSection(spec).join('.')}].`,
    );
  }
  if (spec.reader === 'python') {
    notes.push('Replace the sample rows of each resource with code that reads your data.');
    notes.push(
      'To call an HTTP API, use `from dlt.sources.helpers import requests`: it works like requests and ' +
        'retries failed and rate-limited calls.',
    );
  }
  if (spec.package) {
    const { module, client, read } = spec.package;
    if (read) {
      const version = read.version ? ` ${read.version}` : '';
      notes.push(`${module}.${client} and its parameters were read from the installed ${module}${version}.`);
    }
    if (hasGuesses(spec)) {
      notes.push(`The lines marked "adapt" guess how ${module} is called: check them against its docs.`);
    }
  }
  for (const note of notes) lines.push('', ...wrap(note, 88));
  lines.push('"""');
  return lines.join('\n');
}

/** Whether the REST client or a resource's paginate call takes a data_selector (compiled once). */
const compilesSelectors = (spec: SourceSpec) =>
  Boolean(spec.rest && (spec.rest.dataSelector || spec.resources.some((resource) => resource.dataSelector)));

function imports(spec: SourceSpec): string {
  const standard = ['import argparse'];
  const abc = spec.reader === 'package' ? 'Iterable, Iterator' : 'Iterator';
  standard.push(`from collections.abc import ${abc}`);
  if (spec.reader === 'package') standard.push('from itertools import islice');
  standard.push('from typing import Any');

  const straight = ['import dlt'];
  if (spec.package) straight.push(`import ${spec.package.module}`);
  straight.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  const from = ['from dlt.sources import DltResource'];
  if (compilesSelectors(spec)) from.unshift(COMPILE_PATH_IMPORT);
  if (spec.rest) {
    from.push('from dlt.sources.helpers.rest_client import RESTClient');
    const { auth, paginator } = spec.rest;
    if (auth.type !== 'none')
      from.push(`from dlt.sources.helpers.rest_client.auth import ${AUTH_CLASSES[auth.type]}`);
    const paginatorClasses = new Set<string>();
    for (const type of [paginator.type, ...spec.resources.map((resource) => resource.paginator)]) {
      const className = type ? PAGINATORS[type as PaginatorType].className : undefined;
      if (className) paginatorClasses.add(className);
    }
    if (paginatorClasses.size > 0) {
      from.push(fromImport('dlt.sources.helpers.rest_client.paginators', [...paginatorClasses]));
    }
  }
  return `${standard.join('\n')}\n\n${[...straight, ...from].join('\n')}`;
}

/** `from module import A, B` as ruff's isort writes it: sorted, wrapped in parentheses when long. */
function fromImport(module: string, names: readonly string[]): string {
  const sorted = [...names].sort();
  const line = `from ${module} import ${sorted.join(', ')}`;
  if (line.length <= 88) return line;
  return `from ${module} import (\n${sorted.map((name) => `    ${name},`).join('\n')}\n)`;
}

function constants(spec: SourceSpec): string {
  const lines = [
    '# Resources yield whole pages of rows: dlt processes a list much faster than single rows.',
    'Page = list[dict[str, Any]]',
    '',
    'DEV_PAGES = 2  # pages each top-level resource reads with --dev',
  ];
  if (spec.reader === 'package') lines.push('PAGE_SIZE = 1000  # rows per page');
  return lines.join('\n');
}

function pagesHelper(): string {
  return [
    'def pages(rows: Iterable[Any]) -> Iterator[Page]:',
    '    """Groups rows that come one by one into pages of PAGE_SIZE."""',
    '    iterator = iter(rows)',
    '    while page := list(islice(iterator, PAGE_SIZE)):',
    '        yield page',
  ].join('\n');
}

function source(spec: SourceSpec): string {
  const decorator = statement(
    0,
    '@',
    call('dlt.source', [], {
      name: spec.sourceName,
      max_table_nesting: spec.maxTableNesting,
    }),
  );
  const params: PyParam[] = spec.arguments.map((arg) => ({
    declaration: `${arg.name}: ${arg.type ?? 'str'}`,
    default: pyCode(arg.secret ? 'dlt.secrets.value' : 'dlt.config.value'),
  }));
  const body: string[] = [sourceDocstring(spec)];
  const setup = clientSetup(spec);
  if (setup) body.push(setup);
  const resources = spec.resources.map((resource) => renderResource(spec, resource));
  const names = spec.resources.map((resource) => pyCode(resource.name));
  return [
    decorator,
    signature(0, spec.functionName, params, 'list[DltResource]'),
    `${body.join('\n')}\n`,
    resources.join('\n\n'),
    '',
    statement(1, 'return ', names as PyValue),
  ].join('\n');
}

function sourceDocstring(spec: SourceSpec): string {
  const names = sentenceList(spec.resources.map((resource) => resource.name));
  const from =
    spec.reader === 'rest_client'
      ? ` from the ${spec.sourceName} API`
      : spec.reader === 'package'
        ? ` with ${spec.package!.module}`
        : '';
  const body: string[] = [];
  const settings = spec.arguments.filter((arg) => !arg.secret).map((arg) => arg.name);
  const secrets = spec.arguments.filter((arg) => arg.secret).map((arg) => arg.name);
  if (settings.length > 0 || secrets.length > 0) {
    const files = [
      ...(settings.length > 0 ? [`.dlt/config.toml (${settings.join(', ')})`] : []),
      ...(secrets.length > 0 ? [`.dlt/secrets.toml (${secrets.join(', ')})`] : []),
    ];
    body.push(
      `dlt passes the arguments from the [${configSection(spec).join('.')}] section of ${files.join(' and ')}.`,
    );
  }
  const summary = `Reads ${names}${from}.`;
  if (indent(1).length + summary.length + 6 <= 88) return docstring(1, summary, body);
  const reads = spec.reader === 'python' ? 'Reads' : `Reads${from}:`;
  return docstring(1, `The ${spec.sourceName} source.`, [`${reads} ${names}.`, ...body]);
}

function clientSetup(spec: SourceSpec): string | undefined {
  if (spec.rest) {
    const lines: string[] = [];
    if (spec.rest.paginator.type === 'auto') {
      lines.push(
        comment(
          1,
          'No paginator is set, so dlt detects one from the first response; set paginator= once you know how the API pages.',
        ),
      );
    }
    lines.push(
      comment(
        1,
        'RESTClient retries failed and rate-limited requests; an error response raises an HTTPError that names the URL.',
      ),
    );
    const client = call('RESTClient', [], {
      base_url: pyCode('base_url'),
      auth: authExpression(spec.rest.auth),
      paginator: paginatorExpression(spec.rest.paginator),
      data_selector: spec.rest.dataSelector ? compiledSelector(spec.rest.dataSelector) : undefined,
    });
    if (compilesSelectors(spec)) lines.push(comment(1, COMPILED_SELECTOR_COMMENT));
    lines.push(statement(1, 'client = ', client));
    return lines.join('\n');
  }
  if (spec.package) {
    const { module, client, read } = spec.package;
    const keywords = Object.fromEntries(spec.arguments.map((arg) => [arg.name, pyCode(arg.name)]));
    return [
      ...(read ? [] : [comment(1, `adapt: how ${module} creates a client from the secrets and settings`)]),
      statement(1, 'client = ', call(`${module}.${client}`, [], keywords)),
    ].join('\n');
  }
  return undefined;
}

function singular(name: string): string | undefined {
  if (/ies$/.test(name)) return name.replace(/ies$/, 'y');
  if (/(xes|ches|shes|sses|uses)$/.test(name)) return name.slice(0, -2);
  if (/(ss|us|is)$/.test(name)) return undefined;
  if (/s$/.test(name)) return name.slice(0, -1);
  return undefined;
}

/** How a transformer names its input page and each parent row. */
function transformerNames(spec: SourceSpec, parent: string): { page: string; row: string } {
  const taken = new Set([
    ...spec.arguments.map((arg) => arg.name),
    'client',
    'pages',
    'dlt',
    'Page',
    spec.functionName,
  ]);
  const row = singular(parent);
  return {
    page: `${parent}_page`,
    row: row && !taken.has(row) && !PYTHON_BUILTINS.has(row) ? row : `${parent}_row`,
  };
}

function incrementalArgument(resource: ResourceSpec, taken: readonly string[]): string {
  const base = resource
    .cursor!.replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  const name = /^[a-z_]/.test(base) ? base : `cursor_${base}`;
  return PYTHON_BUILTINS.has(name) || taken.includes(name) ? `${name}_cursor` : name;
}

function cursorType(resource: ResourceSpec): string {
  if (typeof resource.initialValue === 'number') return 'int';
  if (resource.initialValue === undefined && /(^|_)id$/.test(resource.cursor ?? '')) return 'int';
  return 'str';
}

function writeDisposition(resource: ResourceSpec): PyValue {
  if (!resource.mergeStrategy) return resource.writeDisposition;
  return { disposition: 'merge', strategy: resource.mergeStrategy };
}

function primaryKey(resource: ResourceSpec): PyValue | undefined {
  if (resource.primaryKey.length === 0) return undefined;
  return resource.primaryKey.length === 1 ? resource.primaryKey[0]! : [...resource.primaryKey];
}

function renderResource(spec: SourceSpec, resource: ResourceSpec): string {
  const names = resource.parent ? transformerNames(spec, resource.parent) : undefined;
  const decorator = statement(
    1,
    '@',
    resource.parent
      ? call('dlt.transformer', [], {
          data_from: pyCode(resource.parent),
          write_disposition: writeDisposition(resource),
          primary_key: primaryKey(resource),
        })
      : call('dlt.resource', [], {
          write_disposition: writeDisposition(resource),
          primary_key: primaryKey(resource),
        }),
  );
  const params: PyParam[] = names ? [{ declaration: `${names.page}: Page` }] : [];
  const cursorArg = resource.cursor
    ? incrementalArgument(resource, names ? [names.page, names.row] : [])
    : undefined;
  if (cursorArg) {
    const incremental = call('dlt.sources.incremental', [resource.cursor!], {
      initial_value: resource.initialValue,
    });
    params.push({
      declaration: `${cursorArg}: dlt.sources.incremental[${cursorType(resource)}]`,
      default: withOpenComment(incremental, 'noqa: B008'),
    });
  }
  const details = [dispositionSentence(resource)];
  if (cursorArg) {
    details.push(
      `Incremental on ${resource.cursor}: after the first run only rows at or after the last value loaded get through.`,
    );
  }
  return [
    decorator,
    signature(1, resource.name, params, 'Iterator[Page]'),
    resourceDocstring(spec, resource, details),
    ...resourceBody(spec, resource, names, cursorArg),
  ].join('\n');
}

/** The docstring's summary line, and where the rows come from (in the summary when it fits). */
function resourceDocstring(spec: SourceSpec, resource: ResourceSpec, details: readonly string[]): string {
  const title = resource.name.replace(/_/g, ' ');
  const capitalized = `${title.charAt(0).toUpperCase()}${title.slice(1)}`;
  const parentRow = resource.parent ? (singular(resource.parent) ?? `${resource.parent} row`) : undefined;
  const what = parentRow ? `${capitalized} of each ${parentRow.replace(/_/g, ' ')}` : capitalized;
  if (spec.reader === 'python') {
    return docstring(2, `${what}: sample rows to replace with code that reads yours.`, [details.join(' ')]);
  }
  const origin =
    spec.reader === 'rest_client'
      ? `from GET ${resource.path}`
      : `read with ${spec.package!.module} (client.${resource.call ?? resource.name})`;
  const summary = `${what}, ${origin}.`;
  if (indent(2).length + summary.length + 6 <= 88) return docstring(2, summary, [details.join(' ')]);
  return docstring(2, `${what}.`, [
    `${origin.charAt(0).toUpperCase()}${origin.slice(1)}. ${details.join(' ')}`,
  ]);
}

/** `row["field"]` (or `row['a']['b']` inside an f-string) for a field path of the parent row. */
function fieldAccess(row: string, field: string, quote: '"' | "'"): string {
  return `${row}${field
    .split('.')
    .map((part) => `[${quote}${part}${quote}]`)
    .join('')}`;
}

function restPath(resource: ResourceSpec, row: string | undefined): PyExpr {
  const path = resource.path!;
  const fields = pathFields(path, resource.parent);
  if (fields.length === 0 || !row) return path;
  let index = 0;
  const text = path.replace(/\{[^{}]*\}/g, () => `{${fieldAccess(row, fields[index++]!, "'")}}`);
  return pyCode(`f${pyString(text)}`);
}

function resourceBody(
  spec: SourceSpec,
  resource: ResourceSpec,
  names: { page: string; row: string } | undefined,
  cursorArg: string | undefined,
): string[] {
  const level = names ? 3 : 2;
  const lines: string[] = [];
  if (names) lines.push(`${indent(2)}for ${names.row} in ${names.page}:`);

  if (spec.reader === 'rest_client') {
    const params =
      resource.startParam && cursorArg
        ? { [resource.startParam]: pyCode(`${cursorArg}.start_value`) }
        : undefined;
    if (cursorArg && !params) {
      lines.push(
        comment(
          level,
          `dlt drops rows older than ${cursorArg}.start_value; if the API can filter, send it along, e.g. params={"since": ${cursorArg}.start_value}`,
        ),
      );
    }
    const paginate = call('client.paginate', [restPath(resource, names?.row)], {
      params,
      paginator: resource.paginator
        ? paginatorExpression({
            type: resource.paginator as PaginatorType,
            params: PAGINATORS[resource.paginator as PaginatorType].defaults,
          })
        : undefined,
      data_selector: resource.dataSelector ? compiledSelector(resource.dataSelector) : undefined,
    });
    lines.push(statement(level, 'yield from ', paginate));
    return lines;
  }

  if (spec.reader === 'package') {
    const method = `client.${resource.call ?? resource.name}`;
    const parentKey = names ? parentField(spec, resource) : undefined;
    const args = names && parentKey ? [pyCode(fieldAccess(names.row, parentKey, '"'))] : [];
    const what = names ? `the ${resource.name} of one ${singular(resource.parent!) ?? 'row'}` : resource.name;
    const hint = `pass ${cursorArg}.start_value if it can filter by ${resource.cursor}`;
    if (!spec.package!.read?.calls.includes(resource.name)) {
      const guess = `adapt: the ${spec.package!.module} call that lists ${what}`;
      lines.push(comment(level, cursorArg ? `${guess}; ${hint}` : guess));
    } else if (cursorArg) {
      lines.push(comment(level, `${method}: ${hint}`));
    }
    lines.push(statement(level, 'yield from ', call('pages', [call(method, args)])));
    return lines;
  }

  if (cursorArg) {
    lines.push(
      comment(level, `to read only what changed since the last run, start at ${cursorArg}.start_value`),
    );
  }
  lines.push(statement(level, 'yield ', sampleRows(spec, resource, names?.row)));
  return lines;
}

/** The parent field a transformer passes on: the parent's first primary key column, or id. */
function parentField(spec: SourceSpec, resource: ResourceSpec): string {
  const parent = spec.resources.find((candidate) => candidate.name === resource.parent);
  return parent?.primaryKey[0] ?? 'id';
}

const SAMPLE_ROWS = 3;
const SAMPLE_CHILD_ROWS = 2;

/** Rows that run as they are: the key, cursor and a name, so the first run shows the shape. */
function sampleRows(spec: SourceSpec, resource: ResourceSpec, row: string | undefined): PyValue {
  const count = row ? SAMPLE_CHILD_ROWS : SAMPLE_ROWS;
  const keys = resource.primaryKey.length > 0 ? resource.primaryKey : ['id'];
  const linkField = row ? parentField(spec, resource) : undefined;
  const link = row
    ? `${singular(resource.parent!) ?? resource.parent}_${linkField!.replace(/\./g, '_')}`
    : undefined;
  const rows: PyValue[] = [];
  for (let n = 1; n <= count; n += 1) {
    const values: Record<string, PyValue> = {};
    const parentValue = row ? pyCode(fieldAccess(row, linkField!, '"')) : undefined;
    for (const key of keys) {
      if (key === link) values[key] = parentValue!;
      else values[key] = row ? pyCode(`f"{${fieldAccess(row, linkField!, "'")}}-${n}"`) : n;
    }
    if (link && parentValue && !(link in values)) values[link] = parentValue;
    if (resource.cursor && !(resource.cursor in values)) values[resource.cursor] = sampleCursor(resource, n);
    if (!('name' in values)) values.name = `sample ${n}`;
    rows.push(values);
  }
  return rows;
}

function sampleCursor(resource: ResourceSpec, n: number): PyValue {
  const initial = resource.initialValue;
  if (typeof initial === 'number') return initial + n;
  if (cursorType(resource) === 'int') return n;
  const start = initial === undefined ? Date.parse('2024-01-01T00:00:00Z') : Date.parse(initial);
  if (Number.isNaN(start)) return initial ?? `sample ${n}`;
  return new Date(start + n * 86_400_000).toISOString().replace('.000Z', 'Z');
}

function main(spec: SourceSpec): string {
  const transformers = spec.resources.some((resource) => resource.parent);
  const lines = [
    'def main() -> None:',
    statement(
      1,
      'parser = ',
      call('argparse.ArgumentParser', [], {
        description: `Loads the ${spec.sourceName} source.`,
      }),
    ),
    statement(
      1,
      '',
      call('parser.add_argument', ['--dev'], {
        action: 'store_true',
        help: 'a quick trial: a few pages of each resource into a fresh dataset',
      }),
    ),
    '    args = parser.parse_args()',
    '',
    statement(
      1,
      'pipeline = ',
      call('dlt.pipeline', [], {
        pipeline_name: spec.pipelineName,
        dataset_name: spec.datasetName,
        dev_mode: pyCode('args.dev'),
      }),
    ),
    `    source = ${spec.functionName}()`,
    '    if args.dev:',
  ];
  if (transformers) {
    lines.push(
      '        # transformers read what their parents yield: limiting the parents is enough',
      '        for resource in source.resources.selected.values():',
      '            if not resource.is_transformer:',
      '                resource.add_limit(DEV_PAGES)',
    );
  } else {
    lines.push('        source.add_limit(DEV_PAGES)');
  }
  lines.push(...pipelineRunLines(1, 'source', spec.destination), '    print(load_info)');
  return lines.join('\n');
}
