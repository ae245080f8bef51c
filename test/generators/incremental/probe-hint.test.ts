import assert from 'node:assert/strict';
import { hintedCursorFields, withoutIncrementalHint } from '../../../generators/incremental/probe-hint.js';

/** The comments dlt:rest writes above two resources, wrapped as it wraps them. */
const before = [
  '        "resources": [',
  '            # Paginator verified by the probe: json_link (next page URL at "next"); page',
  '            # 2 brought new records.',
  '            # No field identifies its records (no primary key), and every run fetches',
  '            # them all: write_disposition replace, so each run replaces the table instead',
  '            # of appending every record again. Set primary_key to merge on it, or',
  '            # write_disposition "append" to keep a copy from every run.',
  '            # Date-time fields for incremental loading: measured_at, updated_at',
  '            # (yo dlt:incremental adds it).',
  '            {',
  '                "name": "readings",',
  '            },',
  '            # No primary key, and every run reads all of its parents: write_disposition',
  '            # replace (append would load every row again).',
  '            {',
  '                "name": "comments",',
  '            },',
  '        ],',
].join('\n');
const row = (name: string) => before.split('\n').findIndex((line) => line.includes(`"name": "${name}"`)) - 1;

describe('dlt:incremental: what dlt:rest wrote above a resource', () => {
  it('reads the date-time fields the probe named, best first, across the wrapped lines', () => {
    assert.deepEqual(hintedCursorFields(before, row('readings')), ['measured_at', 'updated_at']);
    assert.deepEqual(hintedCursorFields(before, row('comments')), []);
  });

  it('once the resource is incremental, removes what became untrue, and nothing else', () => {
    const readings = withoutIncrementalHint(before, before, row('readings')).split('\n');
    assert.deepEqual(readings.slice(1, 4), [
      '            # Paginator verified by the probe: json_link (next page URL at "next"); page',
      '            # 2 brought new records.',
      '            {',
    ]);
    assert.ok(
      readings.includes('            # replace (append would load every row again).'),
      'the other resource keeps its own',
    );
    const comments = withoutIncrementalHint(before, before, row('comments'));
    assert.doesNotMatch(comments, /every run reads all of its parents/);
    assert.match(comments, /No field identifies its records/);
  });
});
