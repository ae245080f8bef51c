import { call, comment, statement } from '../python/code.js';
import { pyCode } from '../python/literal.js';
import { fastLoaderFileFormat } from './destinations.js';

/** The comment a generated pipeline writes above a run that loads parquet. */
export const PARQUET_RUN_COMMENT =
  'parquet files (pyarrow) load faster and with less memory than the default';

/**
 * `load_info = pipeline.run(<source>)` as a generated pipeline writes it: with the loader file
 * format that loads fastest into the destination, and a comment saying why.
 */
export function pipelineRunLines(level: number, source: string, destination: string): string[] {
  const format = fastLoaderFileFormat(destination);
  const run = statement(
    level,
    'load_info = ',
    call('pipeline.run', [pyCode(source)], { loader_file_format: format }),
  );
  if (!format) return [run];
  return [comment(level, PARQUET_RUN_COMMENT), run];
}
