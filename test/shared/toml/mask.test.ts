import assert from 'node:assert/strict';
import { maskTomlValues } from '../../../shared/toml/mask.js';

describe('masking a secrets file for a dry-run diff', () => {
  it('replaces every value (inline tables included) with "***", keeping keys, comments, placeholders and layout', () => {
    const text = [
      '# keep this comment',
      '[sources.api]',
      'token = "hunter2" # the token',
      'url = "<configure me>"',
      'creds = { user = "me", password = "s3cret" }',
      'ports = [1, 2]',
      '',
    ].join('\n');
    assert.equal(
      maskTomlValues(text),
      [
        '# keep this comment',
        '[sources.api]',
        'token = "***" # the token',
        'url = "<configure me>"',
        'creds = { user = "***", password = "***" }',
        'ports = "***"',
        '',
      ].join('\n'),
    );
  });

  it('shows a document it cannot follow as its line count only', () => {
    assert.equal(maskTomlValues('a = "unclosed\n'), '# (2 lines, not shown: they hold secrets)\n');
  });
});
