import assert from 'node:assert/strict';
import { findPlaceholders, unfilledPlaceholders } from '../../../shared/toml/placeholders.js';

describe('placeholders left to fill in', () => {
  it('finds them by table and key, nested tables included', () => {
    const text =
      '[destination.postgres.credentials]\nhost = "<configure me>"\nport = 5432\n[sources.x]\ntoken = "t"\n';
    assert.deepEqual(findPlaceholders('.dlt/config.toml', text), [
      { file: '.dlt/config.toml', table: 'destination.postgres.credentials', key: 'host' },
    ]);
  });

  it('does not list one whose key the other file sets to a real value', () => {
    const config =
      '[destination.postgres.credentials]\nhost = "<configure me>"\ndatabase = "<configure me>"\n';
    const secrets = '[destination.postgres.credentials]\nhost = "db.internal"\npassword = "<configure me>"\n';
    assert.deepEqual(
      unfilledPlaceholders([
        { file: '.dlt/config.toml', text: config },
        { file: '.dlt/secrets.toml', text: secrets },
      ]).map((p) => `${p.file} ${p.key}`),
      ['.dlt/config.toml database', '.dlt/secrets.toml password'],
    );
  });
});
