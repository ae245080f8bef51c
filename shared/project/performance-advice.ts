/**
 * dlt's performance knobs as a commented block for .dlt/config.toml: what to raise when a load is
 * slow, with dlt's defaults, left for the user to switch on (dlt docs: reference/performance).
 */
export const PERFORMANCE_MARKER = '# Performance knobs (dlt reference/performance)';

export function performanceAdvice(): string {
  return [
    `${PERFORMANCE_MARKER}: uncomment what a large load needs.`,
    '# [extract]',
    '# workers = 5  # threads for parallelized resources (child resources fetch in parallel)',
    '# max_parallel_items = 20',
    '#',
    '# [normalize]',
    '# workers = 3  # processes (dlt default 1); they help once extract writes several files',
    '#',
    '# [load]',
    '# workers = 20  # parallel load jobs',
    '#',
    '# [data_writer]',
    '# buffer_max_items = 5000  # rows held in memory per table before they are written',
    '# file_max_items = 100000  # start a new file after this many rows (rotation; default: none)',
    '# file_max_bytes = 100000000  # ... or after this many bytes',
    '',
  ].join('\n');
}
