import assert from 'node:assert/strict';
import { apiPipelineName, validateHttpUrl, validateIdentifier } from '../../../shared/python/naming.js';

describe('validateHttpUrl: checked on the text as given', () => {
  it('takes http(s) URLs with a host', () => {
    for (const url of [
      'https://api.example.com/v1',
      'http://127.0.0.1:8080/x?y=1',
      'https://user@host.example/',
    ])
      assert.equal(validateHttpUrl(url), true, url);
  });

  it('refuses no host, line breaks, blanks, quotes and other schemes', () => {
    const cases: [string, RegExp][] = [
      ['http:///x', /not an http\(s\) URL with a host/],
      ['https://', /not an http\(s\) URL with a host/],
      ['https://a.example/\nimport os', /holds a blank, a line break, a quote/],
      ['https://a.example/"; import os; "', /holds a blank, a line break, a quote/],
      ["https://a.example/'x'", /holds a blank/],
      ['https://a.example/\tx', /holds a blank/],
      ['ftp://a.example', /not an http\(s\) URL with a host/],
    ];
    for (const [url, pattern] of cases)
      assert.match(String(validateHttpUrl(url)), pattern, JSON.stringify(url));
  });
});

describe('validateIdentifier: says what makes a name unusable', () => {
  it('names the fault before the rule', () => {
    const cases: [string, string][] = [
      ['class', 'it is a Python keyword'],
      ['1items', 'it starts with a digit'],
      ['my-pipe line', 'it holds "-", " "'],
      ['', 'it is empty'],
      ['a'.repeat(65), 'it is 65 characters long'],
    ];
    for (const [name, fault] of cases) {
      assert.equal(
        validateIdentifier(name),
        `"${name}" is not valid: ${fault}; use letters, digits and underscores, not starting with a digit (a Python identifier, at most 64 characters)`,
      );
    }
    assert.equal(validateIdentifier('class_data'), true);
  });
});

describe('apiPipelineName: a pipeline name from what names the API', () => {
  it('takes the OpenAPI title first, without generic words and versions, as a Python identifier', () => {
    assert.equal(apiPipelineName({ names: ['OpenAPI definition', 'stripe-openapi'] }), 'stripe');
    for (const [title, name] of [
      ['Swagger Petstore - OpenAPI 3.0', 'petstore'],
      ['Stripe API', 'stripe'],
      ['GitHub v3 REST API', 'github'],
      ['generator-dlt sample API', 'generator_dlt_sample'],
      ['The Shop.com API for partners, v2.1', 'shop_com_partners'],
      ['1Password Connect', '_1password_connect'],
      ['class', 'class_source'],
    ]) {
      assert.equal(apiPipelineName({ names: [title], urls: ['https://api.other.example'] }), name, title);
    }
  });

  it('takes the first URL with a named host when the title names nothing, else rest_api', () => {
    assert.equal(
      apiPipelineName({
        names: ['OpenAPI definition', 'API reference v1', undefined],
        urls: ['https://www.github.com/x'],
      }),
      'github',
    );
    assert.equal(apiPipelineName({ urls: ['https://api.shop-online.example.co.uk/v1'] }), 'shop_online');
    assert.equal(
      apiPipelineName({ urls: [undefined, 'http://127.0.0.1:8000', 'not a url', 'https://api.acme.io'] }),
      'acme',
    );
    assert.equal(
      apiPipelineName({ names: [''], urls: ['http://localhost:3000', 'http://[::1]:80'] }),
      'rest_api',
    );
    assert.equal(apiPipelineName({}), 'rest_api');
  });
});
