import assert from 'node:assert/strict';
import { configFromAnswers } from '../../../generators/rest/answers-config.js';
import { parseCompactResources } from '../../../generators/rest/compact.js';
import { addToExistingPipeline, readExistingPipeline } from '../../../generators/rest/existing.js';
import { planRest } from '../../../generators/rest/plan.js';
import type { RestAnswers } from '../../../generators/rest/questions.js';
import type { SourceArg } from '../../../generators/rest/settings.js';
import { isUsageError } from '../../../shared/plan/errors.js';

const answers: RestAnswers = {
  pipelineName: 'shop',
  datasetName: 'shop_data',
  destination: 'duckdb',
  baseUrl: 'https://api.shop.example',
  auth: 'bearer',
  token: '',
  paginator: 'auto',
};

function plan(resources: string, existing?: Awaited<ReturnType<typeof readExistingPipeline>>) {
  return planRest({
    pipelineName: 'shop',
    datasetName: 'shop_data',
    destination: 'duckdb',
    config: configFromAnswers(answers, parseCompactResources(resources), undefined),
    fromSpec: false,
    existing,
  });
}

/** A script as a user may have left it: edited values, comments, an inline list without trailing comma. */
const HAND_EDITED = `import dlt
from dlt.sources.rest_api import rest_api_resources


@dlt.source(name="shop")
def shop_source(base_url=dlt.config.value, token: str = dlt.secrets.value):
    # my own comment
    config = {
        "client": {"base_url": base_url, "auth": {"token": token}},
        "resources": ["orders", {"name": "items", "endpoint": "products"}]
    }
    return rest_api_resources(config)
`;

describe('dlt:rest on an existing pipeline script', () => {
  it('adds new resources below the existing ones and leaves every other line alone', async () => {
    const first = plan('items');
    const existing = await readExistingPipeline(first.contents!, 'shop_pipeline.py');
    assert.deepEqual(existing.resourceNames, ['items']);
    assert.deepEqual(existing.parameters, ['base_url', 'token']);
    assert.equal(existing.authType, 'bearer');

    const second = plan('items; comments path=items/{resources.items.id}/comments', existing);
    assert.deepEqual(second.added, ['comments']);
    assert.deepEqual(second.kept, ['items']);
    assert.match(second.warnings.join('\n'), /already has items; kept as they are/);
    const before = first.contents!.split('\n');
    const after = second.contents!.split('\n');
    const inserted = after.filter((line) => !before.includes(line));
    assert.deepEqual(inserted, [
      '            {',
      '                "name": "comments",',
      '                "endpoint": {"path": "items/{resources.items.id}/comments"},',
      '                "parallelized": True,',
      '            },',
    ]);
    assert.deepEqual(
      after.filter((line) => !inserted.includes(line)),
      before.filter((line) => line !== '            {' && line !== '            },'),
      'only lines were added',
    );
    assert.deepEqual(
      second.toml.map((entry) => entry.key),
      ['base_url', 'token'],
    );
  });

  it("compiles an added resource's data_selector only in a script that imports compile_path", async () => {
    const compiling = await readExistingPipeline(
      plan('items data_selector=data').contents!,
      'shop_pipeline.py',
    );
    assert.equal(compiling.compilesSelectors, true);
    assert.match(
      plan('items; orders data_selector=results', compiling).contents!,
      /"data_selector": compile_path\("results"\)/,
    );

    const plainScript = await readExistingPipeline(HAND_EDITED, 'shop_pipeline.py');
    assert.equal(plainScript.compilesSelectors, false);
    const added = plan('users data_selector=results', plainScript).contents!;
    assert.match(added, /"data_selector": "results"/);
    assert.doesNotMatch(added, /compile_path/);
  });

  it('changes nothing when every resource is already there', async () => {
    const first = plan('items');
    const existing = await readExistingPipeline(first.contents!, 'shop_pipeline.py');
    const again = plan('items', existing);
    assert.equal(again.contents, undefined);
    assert.deepEqual(again.added, []);
  });

  it('edits a hand-written script: explodes an inline list, keeps the user text, adds parameters', async () => {
    const existing = await readExistingPipeline(HAND_EDITED, 'shop_pipeline.py');
    assert.deepEqual(existing.resourceNames, ['orders', 'items']);
    assert.equal(existing.authType, 'bearer');
    const newArg: SourceArg = { name: 'reviews_api_key', secret: true, value: 'x', comment: 'API key' };
    const edited = addToExistingPipeline(
      existing,
      [{ name: 'reviews', endpoint: { path: 'reviews' } }],
      [newArg],
    );
    assert.equal(
      edited,
      `import dlt
from dlt.sources.rest_api import rest_api_resources


@dlt.source(name="shop")
def shop_source(
    base_url=dlt.config.value,
    token: str = dlt.secrets.value,
    reviews_api_key: str = dlt.secrets.value,
):
    # my own comment
    config = {
        "client": {"base_url": base_url, "auth": {"token": token}},
        "resources": [
            "orders",
            {"name": "items", "endpoint": "products"},
            {"name": "reviews", "endpoint": {"path": "reviews"}},
        ]
    }
    return rest_api_resources(config)
`,
    );
  });

  it('adds the missing comma after the last element of an exploded list', async () => {
    const source = HAND_EDITED.replace(
      '"resources": ["orders", {"name": "items", "endpoint": "products"}]',
      '"resources": [\n            "orders"  # first\n            # more later\n        ]',
    );
    const existing = await readExistingPipeline(source, 'shop_pipeline.py');
    const edited = addToExistingPipeline(existing, ['reviews'], []);
    assert.match(edited, /"orders", {2}# first\n {12}# more later\n {12}"reviews",\n {8}\]/);
  });

  it('refuses a file it cannot edit safely, and says why', async () => {
    const cases: [string, RegExp][] = [
      ['def broken(:\n', /does not parse as Python/],
      ['import dlt\n', /has no rest_api config dict/],
      ['config = {"client": {}, "resources": []}\n', /outside a function/],
    ];
    for (const [source, pattern] of cases) {
      await assert.rejects(readExistingPipeline(source, 'shop_pipeline.py'), (error: unknown) => {
        assert.ok(isUsageError(error));
        assert.match((error as Error).message, pattern);
        assert.match((error as Error).message, /nothing was written/);
        return true;
      });
    }
  });
});
