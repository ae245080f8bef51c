import assert from 'node:assert/strict';
import { validateHttpUrl } from '../../../shared/python/naming.js';

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
