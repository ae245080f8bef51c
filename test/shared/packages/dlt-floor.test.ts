import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DLT_FLOOR, withDltFloor } from '../../../shared/packages/dlt-floor.js';
import { formatRequirement, mergeRequirements } from '../../../shared/packages/requirements.js';
import { repoRoot } from '../../support/python.js';

const merged = (requirements: string[]) =>
  mergeRequirements(withDltFloor(requirements)).requirements.map(formatRequirement);

describe('the dlt floor', () => {
  it('is the version the floor test venv pins', () => {
    const pinned = readFileSync(join(repoRoot, 'test/python/floor-requirements.txt'), 'utf8');
    assert.match(pinned, new RegExp(`^dlt\\[[^\\]]*\\]==${DLT_FLOOR.replace(/\./g, '\\.')}$`, 'm'));
  });

  it('is the lower bound of every generated dlt requirement; a higher one asked for stays', () => {
    assert.deepEqual(merged(['dlt[duckdb]', 'dlt[hub]']), [`dlt[duckdb,hub]>=${DLT_FLOOR}`]);
    // a verified source's own requirements.txt (written before the hub extra existed)
    assert.deepEqual(merged(['dlt>=0.5.1', 'dlt[duckdb,hub]', 'requests']), [
      `dlt[duckdb,hub]>=${DLT_FLOOR}`,
      'requests',
    ]);
    assert.deepEqual(merged(['dlt[duckdb]>=9.1']), ['dlt[duckdb]>=9.1']);
    assert.deepEqual(merged(['requests']), ['requests']);
  });
});
