import assert from 'node:assert/strict';
import { parse } from 'smol-toml';
import {
  defaultsEnvironment,
  PERFORMANCE_MARKER,
  PERFORMANCE_SETTINGS,
  performanceAdvice,
  settingEnvironment,
  withPerformanceAdvice,
} from '../../../shared/project/performance-advice.js';

const asData = (text: string) => JSON.parse(JSON.stringify(parse(text)));
const uncomment = (block: string) =>
  block
    .split('\n')
    .map((line) => (/^# (\[|\w+ = )/.test(line) ? line.slice(2) : line))
    .join('\n');

describe('performance advice', () => {
  it('sets the settings measured to help, each table once, each line with its figure', () => {
    const block = performanceAdvice();
    assert.ok(block.startsWith(PERFORMANCE_MARKER));
    assert.deepEqual(asData(block), {
      sources: { data_writer: { disable_compression: true, file_max_items: 5000 } },
      normalize: { workers: 2 },
    });
    for (const line of block.split('\n').filter((text) => / = /.test(text))) {
      assert.match(line, / {2}# \S/, `${line} has no comment`);
    }
  });

  it('holds every setting commented out when asked, the same settings once uncommented', () => {
    const block = performanceAdvice({ allCommented: true });
    assert.deepEqual(asData(block), {});
    assert.deepEqual(asData(uncomment(block)), asData(performanceAdvice()));
  });

  it('appends after a blank line, all commented when the file has a table the block would repeat', () => {
    const appended = withPerformanceAdvice('[sources.shop]\nbase_url = "x"\n');
    assert.ok(appended.startsWith('[sources.shop]\nbase_url = "x"\n\n# Performance knobs'));
    assert.equal(asData(appended).sources.data_writer.disable_compression, true);

    const own = '[sources.data_writer]\nbuffer_max_items = 100\n';
    const commented = withPerformanceAdvice(own);
    assert.ok(commented.startsWith(own));
    assert.deepEqual(asData(commented), { sources: { data_writer: { buffer_max_items: 100 } } });
    assert.ok(commented.includes('# disable_compression = true  # '));
  });

  it('gives each setting, and the defaults it changes, as the environment variables dlt reads', () => {
    assert.deepEqual(PERFORMANCE_SETTINGS.map(settingEnvironment), [
      { SOURCES__DATA_WRITER__DISABLE_COMPRESSION: 'true' },
      { NORMALIZE__WORKERS: '2', SOURCES__DATA_WRITER__FILE_MAX_ITEMS: '5000' },
    ]);
    assert.deepEqual(defaultsEnvironment(), {
      SOURCES__DATA_WRITER__DISABLE_COMPRESSION: 'false',
      NORMALIZE__WORKERS: '1',
      SOURCES__DATA_WRITER__FILE_MAX_ITEMS: '1000000000',
    });
  });
});
