import assert from 'node:assert/strict';
import { parse } from 'smol-toml';
import {
  PERFORMANCE_MARKER,
  PERFORMANCE_SETTINGS,
  performanceAdvice,
  settingEnvironment,
} from '../../../shared/project/performance-advice.js';

describe('performance advice', () => {
  it('is a commented block that, uncommented, is the measured settings as TOML', () => {
    const block = performanceAdvice();
    assert.ok(block.startsWith(PERFORMANCE_MARKER));
    assert.ok(block.split('\n').every((line) => line === '' || line.startsWith('# ')));
    const uncommented = block
      .split('\n')
      .filter((line) => /^# (\[|\w+ = )/.test(line))
      .map((line) => line.slice(2))
      .join('\n');
    assert.deepEqual(JSON.parse(JSON.stringify(parse(uncommented))), {
      normalize: { workers: 2 },
      data_writer: { file_max_items: 10000 },
    });
  });

  it('gives each setting as the environment variables dlt reads, for the benchmark', () => {
    assert.deepEqual(PERFORMANCE_SETTINGS.map(settingEnvironment), [
      { NORMALIZE__WORKERS: '2', DATA_WRITER__FILE_MAX_ITEMS: '10000' },
    ]);
  });
});
