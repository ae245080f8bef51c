import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';
import type { TomlEntry, TomlValue } from '../../../shared/toml/entry.js';
import { formatTomlString, formatTomlValue } from '../../../shared/toml/format.js';
import { PLACEHOLDER } from '../../../shared/toml/placeholders.js';
import { findTomlConflicts, mergeToml, TomlSyntaxError } from '../../../shared/toml/writer.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/toml/${name}`, import.meta.url)), 'utf8');

const entry = (
  table: string[],
  key: string,
  value: TomlValue,
  extra: Partial<TomlEntry> = {},
): TomlEntry => ({
  table,
  key,
  value,
  secret: false,
  ...extra,
});

const merged = (text: string, entries: TomlEntry[], take?: () => boolean) =>
  mergeToml(text, entries, take ? { take } : {}).text;
const outcomes = (text: string, entries: TomlEntry[]) =>
  mergeToml(text, entries).results.map((result) => result.outcome);

describe('TOML writer', () => {
  describe('where it adds a key', () => {
    it('creates a new file with a header comment, root keys first, then tables', () => {
      const text = mergeToml(
        '',
        [
          entry(['destination', 'postgres', 'credentials'], 'host', PLACEHOLDER, {
            comment: 'the server host name',
          }),
          entry(['destination', 'postgres', 'credentials'], 'port', 5432),
          entry([], 'dataset_prefix', 'raw'),
        ],
        { header: 'dlt settings for this project' },
      ).text;
      assert.equal(
        text,
        [
          '# dlt settings for this project',
          '',
          'dataset_prefix = "raw"',
          '',
          '[destination.postgres.credentials]',
          '# the server host name',
          'host = "<configure me>"',
          'port = 5432',
          '',
        ].join('\n'),
      );
    });

    it('adds a key after its table’s last key, before the blank lines and comments that follow', () => {
      const text = '[a]\nx = 1 # one\n\n# about b\n[b]\ny = 2\n';
      assert.equal(
        merged(text, [entry(['a'], 'z', 3)]),
        '[a]\nx = 1 # one\nz = 3\n\n# about b\n[b]\ny = 2\n',
      );
    });

    it('adds a key right under the header of a table without keys, and at the end of a file without newline', () => {
      assert.equal(merged('[a]\n[b]\nx = 1', [entry(['a'], 'y', 2)]), '[a]\ny = 2\n[b]\nx = 1');
      assert.equal(merged('[b]\nx = 1', [entry(['b'], 'y', 2)]), '[b]\nx = 1\ny = 2\n');
    });

    it('puts a root key before the first table and the comment lines attached to it', () => {
      const text = '# file comment\n\n# about a\n[a]\nx = 1\n';
      assert.equal(merged(text, [entry([], 'y', 2)]), '# file comment\n\ny = 2\n\n# about a\n[a]\nx = 1\n');
    });

    it('creates a missing table at the end, after a blank line', () => {
      assert.equal(merged('[a]\nx = 1\n', [entry(['b', 'c'], 'y', 2)]), '[a]\nx = 1\n\n[b.c]\ny = 2\n');
    });

    it('writes a table that exists only through its sub-tables as a new [table] (valid TOML)', () => {
      assert.equal(merged('[a.b]\nx = 1\n', [entry(['a'], 'y', 2)]), '[a.b]\nx = 1\n\n[a]\ny = 2\n');
    });

    it('adds to a table defined by dotted keys with a dotted key, next to its siblings', () => {
      const text = '[destination]\npostgres.credentials.host = "h"\nother = 1\n';
      assert.equal(
        merged(text, [entry(['destination', 'postgres', 'credentials'], 'port', 5432)]),
        '[destination]\npostgres.credentials.host = "h"\npostgres.credentials.port = 5432\nother = 1\n',
      );
    });

    it('adds inside an inline table, since one cannot be extended elsewhere', () => {
      const text = '[destination.postgres]\ncredentials = { host = "h" }\nempty = {}\n';
      assert.equal(
        merged(text, [
          entry(['destination', 'postgres', 'credentials'], 'port', 5432),
          entry(['destination', 'postgres', 'credentials', 'query'], 'sslmode', 'require'),
          entry(['destination', 'postgres', 'empty'], 'k', true),
        ]),
        '[destination.postgres]\ncredentials = { host = "h", port = 5432, query.sslmode = "require" }\nempty = { k = true }\n',
      );
    });

    it('keeps the indentation of the table’s keys and spells keys that need quotes with quotes', () => {
      assert.equal(merged('[a]\n  x = 1\n', [entry(['a'], 'y', 2)]), '[a]\n  x = 1\n  y = 2\n');
      assert.equal(
        merged('[a."b c"]\n"x y" = 1\n', [entry(['a', 'b c'], 'w z', 2), entry(['a', 'b.c'], 'k', 3)]),
        '[a."b c"]\n"x y" = 1\n"w z" = 2\n\n[a."b.c"]\nk = 3\n',
      );
    });

    it('uses CRLF for what it adds to a CRLF file', () => {
      const text = '# c\r\n[a]\r\nx = 1\r\n';
      assert.equal(
        merged(text, [entry(['a'], 'y', 2), entry(['b'], 'z', 3)]),
        '# c\r\n[a]\r\nx = 1\r\ny = 2\r\n\r\n[b]\r\nz = 3\r\n',
      );
    });
  });

  describe('when the key is there', () => {
    it('leaves an equal value alone, to the byte', () => {
      const text = "[a]\nx = 'same'   # mine\ny = 1_000\n";
      const result = mergeToml(text, [entry(['a'], 'x', 'same'), entry(['a'], 'y', 1000)]);
      assert.equal(result.text, text);
      assert.deepEqual(
        result.results.map((r) => r.outcome),
        ['same', 'same'],
      );
    });

    it('keeps a different value by default and reports the conflict; takes it when told, keeping the line’s comment', () => {
      const text = '[a]\nx = 1 # mine\n';
      assert.deepEqual(outcomes(text, [entry(['a'], 'x', 2)]), ['conflict']);
      assert.equal(merged(text, [entry(['a'], 'x', 2)]), text);
      assert.equal(
        merged(text, [entry(['a'], 'x', 2)], () => true),
        '[a]\nx = 2 # mine\n',
      );
    });

    it('never replaces a value with a placeholder, even when told to take new values', () => {
      const text = '[a]\nx = "real"\n';
      const result = mergeToml(text, [entry(['a'], 'x', PLACEHOLDER)], { take: () => true });
      assert.equal(result.text, text);
      assert.equal(result.results[0]!.outcome, 'kept');
    });

    it('replaces a placeholder with a value without asking', () => {
      const result = mergeToml('[a]\nx = "<configure me>" # fill this in!\n', [entry(['a'], 'x', 'real')]);
      assert.equal(result.text, '[a]\nx = "real" # fill this in!\n');
      assert.equal(result.results[0]!.outcome, 'updated');
    });

    it('lists only the conflicts that can be decided', () => {
      const text = 'a = 1\n[b]\nx = 1\n[[c]]\ny = 1\n';
      const conflicts = findTomlConflicts(text, [
        entry(['b'], 'x', 2),
        entry(['a'], 'k', 1),
        entry(['c'], 'y', 2),
        entry(['b'], 'x', PLACEHOLDER),
      ]);
      assert.deepEqual(
        conflicts.map((c) => [c.entry.table, c.entry.key, c.existing]),
        [[['b'], 'x', 1]],
      );
    });

    it('never writes under a value or an array of tables: a conflict with a reason instead', () => {
      const text = 'destination.postgres.credentials = "postgresql://x"\n[[c]]\ny = 1\n';
      const result = mergeToml(
        text,
        [
          entry(['destination', 'postgres', 'credentials'], 'port', 5432),
          entry(['c'], 'z', 1),
          entry(['destination', 'postgres'], 'credentials', 'other'),
        ],
        { take: () => true },
      );
      assert.equal(result.text, 'destination.postgres.credentials = "other"\n[[c]]\ny = 1\n');
      assert.deepEqual(
        result.results.map((r) => r.reason ?? r.outcome),
        ['destination.postgres.credentials is a value, not a table', 'c is an array, not a table', 'updated'],
      );
      const table = mergeToml('[a.b]\nx = 1\n', [entry(['a'], 'b', 'v')], { take: () => true });
      assert.equal(table.results[0]!.reason, 'a.b is a table, not a value');
    });
  });

  it('refuses a document that does not parse, with its line and column', () => {
    assert.throws(
      () => mergeToml('[a]\nx = 1\nx = 2\n', [entry(['a'], 'y', 1)]),
      (error: unknown) =>
        error instanceof TomlSyntaxError &&
        error.line === 3 &&
        error.column === 1 &&
        /redefine/.test(error.problem) &&
        !error.problem.includes('\n'),
    );
  });

  it('writes values TOML and dlt read back exactly: escapes, floats, arrays', () => {
    const values: TomlValue[] = [
      'quote " backslash \\ tab \t newline \n del \u007f bell \u0007 é 😀',
      0.5,
      1e21,
      -0,
      Number.NaN,
      Number.NEGATIVE_INFINITY,
      [1, 2, 3],
      ['a', 'b'],
      true,
    ];
    for (const value of values) {
      const back = (parse(`v = ${formatTomlValue(value)}`) as { v: unknown }).v;
      assert.deepEqual(back, value, formatTomlValue(value));
    }
    assert.throws(() => formatTomlString('lone \ud800 surrogate'), /unpaired surrogate/);
  });

  describe('on files shaped like real projects’ (golden files)', () => {
    const P = PLACEHOLDER;
    const cases: Record<string, TomlEntry[]> = {
      'dlt-init.config.toml': [
        entry(['destination', 'postgres', 'credentials'], 'host', P, { comment: 'the server host name' }),
        entry(['destination', 'postgres', 'credentials'], 'port', 5432),
        entry(['runtime'], 'log_level', 'INFO'),
        entry(['sources', 'github'], 'access_token_owner', 'octocat'),
        entry(['sources', 'github'], 'repo_name', 'dlt'),
      ],
      'dotted-destinations.secrets.toml': [
        entry(['destination', 'postgres', 'credentials'], 'password', P, { secret: true }),
        entry(['destination', 'bigquery', 'credentials'], 'private_key', P, { secret: true }),
        entry(['destination', 'bigquery'], 'location', 'US'),
        entry(['destination', 'snowflake', 'credentials'], 'password', P, {
          secret: true,
          comment: 'the loader user’s password',
        }),
        entry(['sources', 'chess'], 'secret_str', 'a string secret', { secret: true }),
      ],
      'inline-credentials.secrets.toml': [
        entry(['destination', 'postgres', 'credentials'], 'port', 5432),
        entry(['destination', 'postgres', 'credentials'], 'password', 'another', { secret: true }),
        entry(['destination', 'snowflake', 'credentials'], 'password', P, { secret: true }),
      ],
      'windows-crlf.config.toml': [
        entry(['runtime'], 'dlthub_telemetry', false),
        entry(['load'], 'workers', 8),
        entry(['destination', 'filesystem'], 'bucket_url', 'data'),
      ],
      'mixed-styles.config.toml': [
        entry(['destination', 'duckdb'], 'create_indexes', true),
        entry(['destination', 'duckdb'], 'naming', 'direct'),
        entry(['sources', 'my_api', 'endpoints'], 'method', 'GET'),
        entry([], 'owner', 'data team'),
        entry(['sources', 'my_api'], 'page size', 100),
        entry(['normalize', 'data_writer'], 'buffer_max_items', 5000),
      ],
    };
    for (const [name, entries] of Object.entries(cases)) {
      it(name, () => {
        const text = fixture(name);
        const expected = fixture(name.replace(/\.toml$/, '.expected.toml'));
        const result = mergeToml(text, entries);
        assert.equal(result.text, expected);
        assert.equal(mergeToml(result.text, entries).text, expected, 'a second merge changes nothing');
      });
    }
  });
});
