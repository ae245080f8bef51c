/**
 * Renders the pytest smoke test of a custom source: a page of every top-level resource (and what
 * its transformers make of it) loads into a throw-away DuckDB, and every resource yields a table.
 */
import { call, statement } from '../../shared/python/code.js';
import { pyCode } from '../../shared/python/literal.js';
import type { SourceSpec } from './source-spec.js';

export function renderSmokeTest(spec: SourceSpec): string {
  const transformers = spec.resources.some((resource) => resource.parent);
  const limit = transformers
    ? [
        '    for resource in source.resources.selected.values():',
        '        if not resource.is_transformer:',
        '            resource.add_limit(SAMPLE_PAGES)',
      ]
    : ['    source.add_limit(SAMPLE_PAGES)'];
  const pipeline = call('dlt.pipeline', [], {
    pipeline_name: `${spec.pipelineName}_smoke_test`,
    destination: call('dlt.destinations.duckdb', [pyCode(`str(tmp_path / "${spec.pipelineName}.duckdb")`)]),
    dataset_name: spec.datasetName,
    pipelines_dir: pyCode('str(tmp_path / "pipelines")'),
  });
  const sdk = spec.package;
  // the client's methods a resource calls that were not found in the installed package
  const read = sdk?.read;
  const guessedCalls = read
    ? spec.resources
        .filter((resource) => !read.calls.includes(resource.name))
        .map((resource) => (resource.call ?? resource.name).split('.')[0]!)
    : [];
  // the client call is a guess: without the package, or without that callable, say what to adapt
  const guarded = sdk
    ? [
        statement(
          1,
          sdk.read && guessedCalls.length === 0 ? '' : 'sdk = ',
          call('pytest.importorskip', [sdk.module], {
            reason: `install ${sdk.requirement} first (the project's requirements list it)`,
          }),
        ),
        // a client read from the installed package exists: only a guessed one, or guessed calls, may be missing
        ...(sdk.read
          ? guessedCalls.length === 0
            ? []
            : [
                '    for method in GUESSED_CALLS:',
                `        if not hasattr(sdk.${sdk.client}, method):`,
                statement(
                  3,
                  '',
                  call('pytest.skip', [
                    pyCode(`f"{method} is a guess: adapt the lines marked 'adapt' in ${spec.script}"`),
                  ]),
                ),
              ]
          : [
              `    if not callable(getattr(sdk, "${sdk.client}", None)):`,
              '        pytest.skip(',
              `            "${sdk.module}.${sdk.client} does not exist: adapt the lines marked 'adapt' in "`,
              `            "${spec.script} to how ${sdk.module} creates its client and reads its data"`,
              '        )',
            ]),
        `    from ${spec.module} import ${spec.functionName}`,
        '',
      ]
    : [];
  return [
    `"""Smoke test for ${spec.script}: every resource of the ${spec.sourceName} source loads into DuckDB.`,
    '',
    'It reads the same .dlt/config.toml and .dlt/secrets.toml as the pipeline, so run it from the',
    `project folder: python -m pytest ${spec.testScript}`,
    '"""',
    '',
    'from pathlib import Path',
    '',
    'import dlt',
    ...(sdk ? ['import pytest'] : ['', `from ${spec.module} import ${spec.functionName}`]),
    '',
    'SAMPLE_PAGES = 1  # pages each top-level resource reads',
    ...(guessedCalls.length > 0
      ? [
          '# methods of the client the generator did not find in the package: the lines marked',
          `# "adapt" in ${spec.script} call them; once adapted, empty this list`,
          statement(0, 'GUESSED_CALLS = ', [...new Set(guessedCalls)]),
        ]
      : []),
    '',
    '',
    'def test_every_resource_loads_a_table(tmp_path: Path) -> None:',
    ...guarded,
    statement(1, 'pipeline = ', pipeline),
    `    source = ${spec.functionName}()`,
    ...limit,
    '    pipeline.run(source)',
    '',
    '    tables = set(pipeline.default_schema.data_table_names())',
    '    missing = sorted(set(source.resources) - tables)',
    '    assert not missing, f"these resources loaded no table: {missing}"',
    '',
  ].join('\n');
}
