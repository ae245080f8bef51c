import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'smol-toml';
import type { TomlEntry, TomlValue } from '../../../shared/toml/entry.js';
import { isTomlTable, tomlValuesEqual } from '../../../shared/toml/format.js';
import { isPlaceholder } from '../../../shared/toml/placeholders.js';
import { scanToml, type TomlKeyValue } from '../../../shared/toml/scan.js';
import { mergeToml } from '../../../shared/toml/writer.js';

/*
 * Random valid TOML documents (comments, blank lines, dotted and quoted keys, inline tables,
 * arrays of tables, multi-line strings, CRLF) and random entries, few key names so that entries
 * often meet what the document already has.
 */

const KEY_PARTS = [
  'a',
  'b',
  'c',
  'destination',
  'postgres',
  'credentials',
  'x-y',
  'snake_key',
  '1',
  'with space',
  'dot.ted',
  'quo"te',
  'ünï',
  '',
  'tab\there',
];
const keyPart = fc.constantFrom(...KEY_PARTS);

const BARE = /^[A-Za-z0-9_-]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: checks what a literal string may hold
const LITERAL_SAFE = /^[^'\u0000-\u001f\u007f]*$/;

function basicString(text: string): string {
  return `"${[...text]
    .map((char) => {
      const code = char.codePointAt(0)!;
      if (char === '"' || char === '\\') return `\\${char}`;
      if (code < 0x20 || code === 0x7f) return `\\u${code.toString(16).padStart(4, '0')}`;
      return char;
    })
    .join('')}"`;
}

const renderKeyPart = (part: string) =>
  fc.constantFrom('bare', 'basic', 'literal').map((style) => {
    if (style === 'bare' && BARE.test(part)) return part;
    if (style === 'literal' && LITERAL_SAFE.test(part)) return `'${part}'`;
    return basicString(part);
  });

const dottedKey = fc
  .array(keyPart, { minLength: 1, maxLength: 3 })
  .chain((parts) =>
    fc
      .tuple(fc.tuple(...parts.map(renderKeyPart)), fc.constantFrom('.', ' . ', '. '))
      .map(([rendered, dot]) => rendered.join(dot)),
  );

const text = fc.string({
  maxLength: 12,
  unit: fc.constantFrom('a', 'Z', ' ', '"', "'", '\\', '#', '=', 'é', '😀', '\t', '<', '>', '[', ']'),
});

const stringValue = fc.oneof(
  text.map(basicString),
  text.filter((t) => LITERAL_SAFE.test(t)).map((t) => `'${t}'`),
  // multi-line strings never start a line with '#': that would look like a comment line in the checks
  fc
    .array(
      text.filter((t) => !t.trimStart().startsWith('#') && !t.includes('"') && !t.includes('\\')),
      {
        maxLength: 3,
      },
    )
    .map((lines) => `"""\n${lines.join('\n')}"""`),
  fc
    .array(
      text.filter((t) => !t.trimStart().startsWith('#') && !t.includes("'")),
      { maxLength: 3 },
    )
    .map((lines) => `'''\n${lines.join('\n')}'''`),
  fc.constant('"<configure me>"'),
  // a backslash at the end of a line joins lines inside a multi-line basic string
  fc.constant('"""one \\\n    two"""'),
  fc.constant("'''it's'''"),
);

const scalarValue = fc.oneof(
  stringValue,
  fc.integer({ min: -1000, max: 100000 }).map(String),
  fc.constantFrom('0x1F', '1_000', '+7', '1.5', '-0.25', '6e3', 'inf', 'nan', 'true', 'false'),
  fc.constantFrom('1979-05-27T07:32:00Z', '1979-05-27 07:32:00', '1979-05-27', '07:32:00'),
);

const { value: anyValue } = fc.letrec<{ value: string; inline: string; array: string }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalarValue, tie('array'), tie('inline')),
  array: fc
    .tuple(fc.array(tie('value'), { maxLength: 3 }), fc.boolean())
    .map(([items, multiline]) =>
      multiline ? `[\n  ${items.join(',\n  ')}, # end\n]` : `[${items.join(', ')}]`,
    ),
  inline: fc
    .array(fc.tuple(dottedKey, tie('value')), { maxLength: 3 })
    .map((pairs) => `{ ${pairs.map(([key, value]) => `${key} = ${value}`).join(', ')} }`),
}));

const comment = text.map((t) => `# ${t.replace(/[\r\n]/g, ' ')}`);

const chunk = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(
        fc.constantFrom('', '  ', '\t'),
        dottedKey,
        fc.constantFrom('=', ' = ', '  =  '),
        anyValue,
        fc.option(comment),
      )
      .map(
        ([indent, key, eq, value, trailing]) =>
          `${indent}${key}${eq}${value}${trailing ? ` ${trailing}` : ''}`,
      ),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom('', '  '), comment).map(([indent, line]) => indent + line),
  },
  { weight: 1, arbitrary: fc.constantFrom('', '   ') },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.boolean(), dottedKey, fc.constantFrom('', ' '), fc.option(comment), fc.constantFrom('', '  '))
      .map(([array, key, pad, trailing, indent]) => {
        const [open, close] = array ? ['[[', ']]'] : ['[', ']'];
        return `${indent}${open}${pad}${key}${pad}${close}${trailing ? ` ${trailing}` : ''}`;
      }),
  },
);

/** Keeps the chunks that leave the document valid, so every generated document parses. */
function assemble(chunks: readonly string[], eol: string, finalNewline: boolean): string {
  let document = '';
  for (const piece of chunks) {
    const candidate = document + piece.replace(/\n/g, eol) + eol;
    try {
      parse(candidate);
      document = candidate;
    } catch {
      // a duplicate key or table: leave this chunk out
    }
  }
  return finalNewline ? document : document.replace(/\r?\n$/, '');
}

const tomlDocument = fc
  .tuple(fc.array(chunk, { maxLength: 25 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([chunks, eol, finalNewline]) => assemble(chunks, eol, finalNewline));

const entryValue: fc.Arbitrary<TomlValue> = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.constant('<configure me>'),
  fc.integer(),
  fc.double({ noDefaultInfinity: false }),
  fc.boolean(),
  fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }),
);

const entry: fc.Arbitrary<TomlEntry> = fc.record({
  table: fc.array(keyPart, { maxLength: 3 }),
  key: keyPart,
  value: entryValue,
  secret: fc.boolean(),
  comment: fc.option(text, { nil: undefined }),
});
const entries = fc.array(entry, { minLength: 1, maxLength: 6 });

type Leaf = { path: string[]; value: unknown };

/** Every value that is not a table, with its path; arrays count as values. */
function leaves(table: Record<string, unknown>, path: string[] = []): Leaf[] {
  return Object.entries(table).flatMap(([key, value]) =>
    isTomlTable(value) ? leaves(value, [...path, key]) : [{ path: [...path, key], value }],
  );
}

function valueAt(table: Record<string, unknown>, path: readonly string[]): unknown {
  let node: unknown = table;
  for (const part of path) {
    if (!isTomlTable(node)) return undefined;
    node = node[part];
  }
  return node;
}

const samePath = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((part, index) => part === b[index]);
const entryPath = (e: TomlEntry) => [...e.table, e.key];
const lines = (t: string) => t.split(/\r?\n/);

function isSubsequence(small: readonly string[], big: readonly string[]): boolean {
  let index = 0;
  for (const line of big) if (index < small.length && line === small[index]) index += 1;
  return index === small.length;
}

function linesOutsideInlineTables(document: string): string[] {
  const spans: [number, number][] = [];
  const collect = (found: readonly TomlKeyValue[]) => {
    for (const kv of found) if (kv.inline) spans.push([kv.inline.open, kv.inline.close]);
  };
  for (const section of scanToml(document).sections) collect(section.entries);
  const kept: string[] = [];
  let start = 0;
  for (const line of lines(document)) {
    const end = start + line.length;
    if (!spans.some(([open, close]) => open <= end && close >= start)) kept.push(line);
    start = document.indexOf('\n', end) + 1;
  }
  return kept;
}

const RUNS = 2000;

describe('TOML writer properties', function () {
  this.timeout(60_000);
  it('keeping every conflict: parses, keeps every value and every original line, and is idempotent', () => {
    fc.assert(
      fc.property(tomlDocument, entries, (document, toAdd) => {
        const before = parse(document) as Record<string, unknown>;
        const { text: merged, results } = mergeToml(document, toAdd);
        const after = parse(merged) as Record<string, unknown>;

        for (const leaf of leaves(before)) {
          const replacedPlaceholder = results.some(
            (r) => r.outcome === 'updated' && samePath(entryPath(r.entry), leaf.path),
          );
          if (!replacedPlaceholder)
            assert.ok(tomlValuesEqual(valueAt(after, leaf.path), leaf.value), leaf.path.join('.'));
        }
        for (const result of results) {
          if (result.outcome === 'updated')
            assert.ok(isPlaceholder(result.existing), 'only a placeholder is replaced');
        }
        // lines inside an inline table change when a key is added between its braces; all others stay
        if (!results.some((r) => r.outcome === 'updated')) {
          assert.ok(isSubsequence(linesOutsideInlineTables(document), lines(merged)));
        }
        assert.equal(mergeToml(merged, toAdd).text, merged);
      }),
      { numRuns: RUNS },
    );
  });

  it('taking every conflict: parses, changes only the entries it took, keeps every comment line, and is idempotent', () => {
    fc.assert(
      fc.property(tomlDocument, entries, (document, toAdd) => {
        const before = parse(document) as Record<string, unknown>;
        const { text: merged, results } = mergeToml(document, toAdd, { take: () => true });
        const after = parse(merged) as Record<string, unknown>;

        const taken = results.filter((r) => r.outcome === 'updated').map((r) => entryPath(r.entry));
        for (const leaf of leaves(before)) {
          if (taken.some((path) => samePath(path, leaf.path))) continue;
          assert.ok(tomlValuesEqual(valueAt(after, leaf.path), leaf.value), leaf.path.join('.'));
        }
        for (const result of results) {
          const path = entryPath(result.entry);
          const alone = toAdd.filter((e) => samePath(entryPath(e), path)).length === 1;
          if (alone && result.outcome === 'added')
            assert.ok(tomlValuesEqual(valueAt(after, path), result.entry.value));
          if (result.outcome === 'conflict')
            assert.ok(result.reason, 'a conflict the writer could take has a reason');
        }
        const commentLines = (t: string) => lines(t).filter((line) => line.trimStart().startsWith('#'));
        assert.ok(isSubsequence(commentLines(document), commentLines(merged)));
        assert.equal(mergeToml(merged, toAdd, { take: () => true }).text, merged);
      }),
      { numRuns: RUNS },
    );
  });

  it('finds every key and value where they are: each value text parses to the value at its path', () => {
    fc.assert(
      fc.property(tomlDocument, (document) => {
        const parsed = parse(document) as Record<string, unknown>;
        const check = (path: readonly string[], found: readonly TomlKeyValue[], arrays: boolean) => {
          for (const kv of found) {
            const full = [...path, ...kv.key];
            const value = (parse(`v = ${document.slice(kv.valueStart, kv.valueEnd)}`) as { v: unknown }).v;
            if (!arrays) assert.ok(tomlValuesEqual(valueAt(parsed, full), value), full.join('.'));
            if (kv.inline) check(full, kv.inline.entries, arrays);
          }
        };
        for (const section of scanToml(document).sections) {
          const throughArray =
            section.kind === 'array' ||
            (section.path.length > 0 && !isTomlTable(valueAt(parsed, section.path)));
          check(section.path, section.entries, throughArray);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
