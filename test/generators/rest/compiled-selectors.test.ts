import assert from 'node:assert/strict';
import { withCompiledSelectors } from '../../../generators/rest/compiled-selectors.js';
import { renderPipelineScript } from '../../../generators/rest/render.js';
import type { RestApiConfig } from '../../../generators/rest/vocabulary.js';

const script = (config: RestApiConfig) =>
  renderPipelineScript({
    pipelineName: 'shop',
    datasetName: 'shop_data',
    destination: 'duckdb',
    args: [{ name: 'base_url', secret: false, value: 'https://api.shop.example', comment: 'the API' }],
    config,
  });

describe('dlt:rest compiled data selectors', () => {
  const config: RestApiConfig = {
    client: { base_url: 'https://api.shop.example' },
    resource_defaults: { endpoint: { data_selector: '$.results[*]' } },
    resources: [
      'plain',
      { name: 'items', endpoint: { path: 'items', data_selector: 'data' } },
      { name: 'orders', endpoint: 'orders' },
      { name: 'users', endpoint: { path: 'users' } },
    ],
  };

  it('compiles every string data_selector once, in the script, and nothing else', () => {
    const text = script(config);
    assert.match(text, /^from dlt\.common\.jsonpath import compile_path$/m);
    assert.match(text, /"data_selector": compile_path\("\$\.results\[\*\]"\)/);
    assert.match(text, /"data_selector": compile_path\("data"\)/);
    assert.equal(text.match(/compile_path\(/g)?.length, 2);
    assert.match(text, /# data_selector compiled once: dlt parses a string on every page \(0\.37 ms each\)/);
    assert.match(text, /"plain",/);
    assert.match(text, /"endpoint": "orders"/);
  });

  it('leaves the config it was given as it was', () => {
    const before = JSON.stringify(config);
    withCompiledSelectors(config);
    assert.equal(JSON.stringify(config), before);
  });

  it('imports nothing and says nothing when no resource has a data_selector', () => {
    const text = script({ client: { base_url: 'https://x.example' }, resources: ['items'] });
    assert.doesNotMatch(text, /compile_path/);
    assert.doesNotMatch(text, /compiled once/);
  });
});
