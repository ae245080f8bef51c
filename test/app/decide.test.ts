import assert from 'node:assert/strict';
import { decideKind, suggestPipelineName } from '../../app/decide.js';
import { searchCatalog } from '../../shared/dlt/verified-catalog.js';

describe('the decision tree of yo dlt', () => {
  const cases: [string, string, string?][] = [
    ['github', 'verified', 'github'],
    ['stripe', 'verified', 'stripe_analytics'],
    ['Shopify', 'verified', 'shopify_dlt'],
    ['google_sheets', 'verified', 'google_sheets'],
    ['sql_database', 'verified', 'sql_database'],
    ['https://api.example.com/v1', 'rest'],
    ['http://127.0.0.1:8080', 'rest'],
    ['REST API', 'rest'],
    ['rest_api', 'rest'],
    ['simple-salesforce', 'custom'],
    ['my internal database', 'custom'],
    ['boto3', 'custom'],
    ['postgres', 'verified', 'sql_database'],
    ['MySQL', 'verified', 'sql_database'],
  ];
  for (const [source, kind, verified] of cases) {
    it(`"${source}" leads to a ${kind} pipeline${verified ? ` (${verified})` : ''}`, () => {
      const decision = decideKind(source);
      assert.equal(decision.kind, kind, decision.reason);
      assert.equal(decision.verified?.name, verified);
    });
  }

  it('sends a spec file or spec URL to dlt:rest --openapi (which names the pipeline from the spec)', () => {
    for (const source of [
      'specs/stripe-openapi.yaml',
      './petstore.json',
      'https://api.shop.example/openapi.json',
      'https://api.shop.example/v3/api-docs',
      'http://127.0.0.1:8000/swagger.yml',
    ]) {
      const decision = decideKind(source);
      assert.equal(decision.kind, 'rest', source);
      assert.equal(decision.openapi, source);
      assert.equal(decision.baseUrl, undefined);
    }
    assert.equal(decideKind('https://api.shop.example/v2').openapi, undefined);
  });

  it('leaves the choice to the user when several verified sources match', () => {
    const decision = decideKind('google');
    assert.equal(decision.kind, 'verified');
    assert.equal(decision.verified, undefined);
    assert.match(decision.reason, /google_ads, google_analytics, google_sheets/);
  });

  it('does not take a word found only in a description for a verified source', () => {
    assert.ok(searchCatalog('video').length > 0, 'mux describes video');
    assert.equal(decideKind('video').kind, 'custom');
  });

  it('wraps what looks like a Python package with the package reader, and free text with plain Python', () => {
    assert.equal(decideKind('simple-salesforce').package, 'simple-salesforce');
    assert.equal(decideKind('boto3').package, 'boto3');
    assert.equal(decideKind('my internal database').package, undefined);
  });

  it('suggests pipeline names a user would pick', () => {
    assert.equal(suggestPipelineName('stripe', decideKind('stripe')), 'stripe_analytics');
    assert.equal(
      suggestPipelineName('https://api.example.com/v1', decideKind('https://api.example.com/v1')),
      'example',
    );
    assert.equal(
      suggestPipelineName('http://127.0.0.1:8080', decideKind('http://127.0.0.1:8080')),
      'rest_api',
    );
    assert.equal(
      suggestPipelineName('simple-salesforce', decideKind('simple-salesforce')),
      'simple_salesforce',
    );
  });
});

describe('the verified catalog search', () => {
  it('finds stripe_analytics for "stripe" and the three Google sources first for "google"', () => {
    assert.equal(searchCatalog('stripe')[0]?.name, 'stripe_analytics');
    assert.deepEqual(
      searchCatalog('google')
        .slice(0, 3)
        .map((entry) => entry.name)
        .sort(),
      ['google_ads', 'google_analytics', 'google_sheets'],
    );
  });
});
