import assert from 'node:assert/strict';
import { removePlaceholderKeys } from '../../../shared/toml/remove.js';

describe('removePlaceholderKeys', () => {
  const text = [
    '# secrets',
    '',
    '[sources.crm]',
    '# where to get it',
    'api_key = "<configure me>"',
    'password = "<configure me>" # keep me',
    'token = "real value"',
    '',
    '[sources.other]',
    'api_key = "<configure me>"',
    '',
  ].join('\n');

  it('takes out a key still holding a placeholder, with the comment written above it; nothing else changes', () => {
    const result = removePlaceholderKeys(
      text,
      ['sources', 'crm'],
      [{ key: 'api_key', comment: 'where to get it' }],
    );
    assert.equal(result, text.replace('# where to get it\napi_key = "<configure me>"\n', ''));
  });

  it('leaves a filled-in value, another table, and a comment that is not the one written', () => {
    assert.equal(removePlaceholderKeys(text, ['sources', 'crm'], [{ key: 'token' }]), text);
    assert.equal(removePlaceholderKeys(text, ['sources', 'missing'], [{ key: 'api_key' }]), text);
    assert.equal(
      removePlaceholderKeys(text, ['sources', 'crm'], [{ key: 'api_key', comment: 'another comment' }]),
      text.replace('api_key = "<configure me>"\npassword', 'password'),
    );
    assert.equal(
      removePlaceholderKeys(text, ['sources', 'other'], [{ key: 'api_key' }]),
      text.replace('[sources.other]\napi_key = "<configure me>"\n', '[sources.other]\n'),
    );
  });

  it('takes out several keys, inline comments and CRLF line ends included', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    const result = removePlaceholderKeys(crlf, ['sources', 'crm'], [{ key: 'api_key' }, { key: 'password' }]);
    assert.equal(
      result,
      crlf.replace('api_key = "<configure me>"\r\npassword = "<configure me>" # keep me\r\n', ''),
    );
  });
});
