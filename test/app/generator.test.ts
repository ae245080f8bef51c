import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import helpers, { result } from 'yeoman-test';

const appPath = fileURLToPath(new URL('../../app/index.js', import.meta.url));
const SUBS = ['dlt:verified', 'dlt:rest', 'dlt:custom', 'dlt:destination'];

function composedOptions(namespace: string): Record<string, unknown> {
  const mock = result.getGeneratorMock(namespace) as unknown as { calls: { arguments: unknown[] }[] };
  const call = mock.calls[0];
  assert.ok(call, `${namespace} was not composed`);
  return call.arguments[1] as Record<string, unknown>;
}

describe('yo dlt (app) composes the generator the decision tree picks', () => {
  it('a verified source: dlt:verified and dlt:destination, with what it already knows', async () => {
    await helpers
      .run(appPath)
      .withOptions(<never>{ source: 'stripe', yes: true, destination: 'bigquery' })
      .withMockedGenerators(SUBS);
    result.assertGeneratorComposedOnce('dlt:verified');
    result.assertGeneratorNotComposed('dlt:rest');
    result.assertGeneratorNotComposed('dlt:custom');
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(composedOptions('dlt:verified')).filter(([key]) =>
          ['source', 'pipelineName', 'datasetName', 'destination', 'fromApp', 'yes'].includes(key),
        ),
      ),
      {
        source: 'stripe_analytics',
        pipelineName: 'stripe_analytics',
        datasetName: 'stripe_analytics_data',
        destination: 'bigquery',
        fromApp: true,
        yes: true,
      },
    );
    assert.equal(composedOptions('dlt:verified').sourceHint, undefined);
    assert.equal(composedOptions('dlt:destination').destination, 'bigquery');
  });

  it('a spec file: dlt:rest with --openapi', async () => {
    await helpers
      .run(appPath)
      .withOptions(<never>{ source: 'specs/shop-openapi.yaml', yes: true })
      .withMockedGenerators(SUBS);
    result.assertGeneratorComposedOnce('dlt:rest');
    const options = composedOptions('dlt:rest');
    assert.equal(options.openapi, 'specs/shop-openapi.yaml');
    assert.equal(options.baseUrl, undefined);
    // dlt:rest names it once it has read the spec (its title first); a given name is passed on
    assert.equal(options.pipelineName, undefined);
    assert.equal(options.datasetName, undefined);
  });

  it('a spec with --pipeline-name: dlt:rest gets that name', async () => {
    await helpers
      .run(appPath)
      .withOptions(<never>{ source: 'https://shop.example/openapi.json', yes: true, pipelineName: 'mine' })
      .withMockedGenerators(SUBS);
    assert.equal(composedOptions('dlt:rest').pipelineName, 'mine');
  });

  it('an API URL: dlt:rest with the base URL', async () => {
    await helpers
      .run(appPath)
      .withOptions(<never>{ source: 'https://api.example.com/v2', yes: true })
      .withMockedGenerators(SUBS);
    result.assertGeneratorComposedOnce('dlt:rest');
    result.assertGeneratorComposedOnce('dlt:destination');
    const options = composedOptions('dlt:rest');
    assert.equal(options.baseUrl, 'https://api.example.com/v2');
    assert.equal(options.pipelineName, 'example');
    assert.equal(options.destination, 'duckdb');
  });

  it('anything else: dlt:custom with a source name', async () => {
    await helpers
      .run(appPath)
      .withOptions(<never>{ source: 'simple-salesforce', yes: true })
      .withMockedGenerators(SUBS);
    result.assertGeneratorComposedOnce('dlt:custom');
    assert.equal(composedOptions('dlt:custom').sourceName, 'simple_salesforce');
    assert.equal(composedOptions('dlt:custom').reader, 'package');
    assert.equal(composedOptions('dlt:custom').package, 'simple-salesforce');
  });

  it('--kind overrides the suggestion', async () => {
    await helpers
      .run(appPath)
      .withOptions(<never>{ source: 'github', kind: 'rest', yes: true, pipelineName: 'gh' })
      .withMockedGenerators(SUBS);
    result.assertGeneratorComposedOnce('dlt:rest');
    result.assertGeneratorNotComposed('dlt:verified');
    assert.equal(composedOptions('dlt:rest').pipelineName, 'gh');
  });

  it('asks, when it can, with the suggestion preselected', async () => {
    await helpers
      .run(appPath)
      .withOptions(<never>{ interactive: true })
      .withAnswers({ source: 'notion' })
      .withMockedGenerators(SUBS);
    result.assertGeneratorComposedOnce('dlt:verified');
    const asked = result.askedQuestions.map((question) => question.name);
    assert.deepEqual(asked, [
      'source',
      'kind',
      'destination',
      'pipelineName',
      'datasetName',
      'run',
      'packageManager',
    ]);
    result.assertJsonFileContent('.yo-rc.json', {
      'generator-dlt': { destination: 'duckdb', generators: { app: { source: 'notion' } } },
    });
  });
});

describe('yo dlt --run asking whether to open the dashboard', () => {
  for (const dashboard of [true, false]) {
    it(`${dashboard ? 'asks' : 'does not ask'} with ${dashboard ? '' : '--no-'}dashboard`, async () => {
      await helpers
        .run(appPath)
        .withOptions(<never>{ interactive: true, dashboard })
        .withAnswers({ source: 'notion', run: true, show: false })
        .withMockedGenerators(SUBS);
      const asked = result.askedQuestions.map((question) => question.name);
      assert.equal(asked.includes('show'), dashboard);
    });
  }
});

describe('yo dlt when several verified sources match', () => {
  it('leaves the pipeline and dataset names to dlt:verified, asked once the source is picked', async () => {
    await helpers
      .run(appPath)
      .withOptions(<never>{ interactive: true })
      .withAnswers({ source: 'google', kind: 'verified' })
      .withMockedGenerators(SUBS);
    const asked = result.askedQuestions.map((question) => question.name);
    assert.deepEqual(asked, ['source', 'kind', 'destination', 'run', 'packageManager']);
    const options = composedOptions('dlt:verified');
    assert.equal(options.source, undefined);
    assert.equal(options.pipelineName, undefined);
    // dlt:verified's list of sources opens filtered by it
    assert.equal(options.sourceHint, 'google');
  });

  it('passes on a pipeline name given for such a source', async () => {
    await helpers
      .run(appPath)
      .withOptions(<never>{ source: 'google', kind: 'verified', pipelineName: 'sheets', yes: true })
      .withMockedGenerators(SUBS);
    assert.equal(composedOptions('dlt:verified').pipelineName, 'sheets');
  });
});

describe('yo dlt --help', () => {
  it('ends with every generator of the package, one line each', async () => {
    const generator = await helpers.createGenerator(appPath);
    const help = (generator as unknown as { help(): string }).help();
    for (const name of ['custom', 'destination', 'incremental', 'rest', 'verified'])
      assert.match(help, new RegExp(`^ +dlt:${name} +\\S`, 'm'));
  });
});
