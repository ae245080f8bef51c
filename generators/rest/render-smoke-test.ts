/**
 * The offline smoke test of a REST pipeline: it replays the responses the probe recorded
 * (tests/fixtures/<pipeline>/<resource>.json, credentials scrubbed) with `responses`, runs the
 * source into a throw-away DuckDB and checks every recorded resource loads all its rows. Neither
 * the API nor its credentials are needed.
 */
import { call, statement } from '../../shared/python/code.js';
import { pyCode, pyString } from '../../shared/python/literal.js';
import { sourceFunctionName } from './render.js';
import type { SourceArg } from './settings.js';

export interface SmokeTestInput {
  pipelineName: string;
  datasetName: string;
  script: string;
  args: readonly SourceArg[];
  /** The base URL the fixtures were recorded from. */
  baseUrl: string;
}

export const smokeTestPath = (pipelineName: string) => `tests/test_${pipelineName}_pipeline.py`;
export const fixturePath = (pipelineName: string, resource: string) =>
  `tests/fixtures/${pipelineName}/${resource}.json`;

/** What the smoke test needs installed besides dlt. */
export const SMOKE_TEST_DEV_REQUIREMENTS = ['pytest', 'responses'];

export function renderRestSmokeTest(input: SmokeTestInput): string {
  const { pipelineName } = input;
  const module = input.script.replace(/\.py$/, '');
  const functionName = sourceFunctionName(pipelineName);
  const sourceArgs: Record<string, ReturnType<typeof pyCode>> = {};
  for (const arg of input.args) {
    if (arg.name === 'base_url') sourceArgs[arg.name] = pyCode('base_url');
    else if (arg.secret) sourceArgs[arg.name] = pyCode('OFFLINE_SECRET');
  }
  const pipeline = call('dlt.pipeline', [], {
    pipeline_name: `${pipelineName}_offline_test`,
    destination: call('dlt.destinations.duckdb', [pyCode(`str(tmp_path / "${pipelineName}.duckdb")`)]),
    dataset_name: input.datasetName,
    pipelines_dir: pyCode('str(tmp_path / "pipelines")'),
  });
  return [
    `"""Offline smoke test for ${input.script}: replays recorded API responses, loads every row.`,
    '',
    `The responses in tests/fixtures/${pipelineName}/ were recorded when the pipeline was generated`,
    '(credentials scrubbed). The test needs neither the API nor its credentials; run it from the',
    `project folder: python -m pytest ${smokeTestPath(pipelineName)}`,
    '"""',
    '',
    'import json',
    'from pathlib import Path',
    'from urllib.parse import parse_qsl, urlsplit',
    '',
    'import dlt',
    'import responses',
    '',
    `from ${module} import ${functionName}`,
    '',
    `FIXTURES = Path(__file__).parent / "fixtures" / ${pyString(pipelineName)}`,
    `BASE_URL = ${pyString(input.baseUrl)}`,
    'OFFLINE_SECRET = "offline-test"  # what the source gets for each credential',
    '',
    '',
    'def recorded_query(params: dict, ignored: list) -> object:',
    '    """Matches a request whose query, credentials (`ignored`) aside, is the recorded one."""',
    '',
    '    def match(request: object) -> tuple[bool, str]:',
    '        query = dict(parse_qsl(urlsplit(request.url).query))',
    '        query = {k: v for k, v in query.items() if k not in ignored}',
    '        return query == params, f"query {query} is not the recorded {params}"',
    '',
    '    return match',
    '',
    '',
    '@responses.activate',
    'def test_recorded_pages_load_every_row(tmp_path: Path) -> None:',
    '    expected = {}',
    '    by_base_url = {}',
    '    for path in sorted(FIXTURES.glob("*.json")):',
    '        fixture = json.loads(path.read_text(encoding="utf-8"))',
    '        expected[fixture["resource"]] = fixture["rows"]',
    '        # a resource added later may have been recorded from another base URL',
    '        base_url = fixture.get("base_url", BASE_URL)',
    '        by_base_url.setdefault(base_url, []).append(fixture["resource"])',
    '        for exchange in fixture["exchanges"]:',
    '            responses.add(',
    '                responses.GET,',
    '                exchange["url"],',
    '                json=exchange["body"],',
    '                status=exchange["status"],',
    '                headers=exchange["headers"],',
    '                match=[recorded_query(exchange["params"], fixture["ignored_params"])],',
    '            )',
    '    assert expected, f"no recorded responses in {FIXTURES}"',
    '',
    statement(1, 'pipeline = ', pipeline),
    '    for base_url, resources in by_base_url.items():',
    statement(2, 'source = ', call(functionName, [], sourceArgs)),
    '        pipeline.run(source.with_resources(*resources))',
    '',
    '    loaded = {}',
    '    with pipeline.sql_client() as client:',
    '        for resource in expected:',
    '            table = client.make_qualified_table_name(resource)',
    '            loaded[resource] = client.execute_sql(f"SELECT COUNT(*) FROM {table}")[0][0]',
    '    assert loaded == expected',
    '',
  ].join('\n');
}
