/**
 * dlt's performance settings as a commented block for .dlt/config.toml: only settings measured to
 * help, each with the figure behind it. `npm run bench` with BENCH_KNOBS=1 times each one against
 * dlt's defaults on a generated pipeline (100,000 records, 1,000 pages, into DuckDB as parquet).
 */
export const PERFORMANCE_MARKER = '# Performance knobs';

export interface PerformanceSetting {
  /** What it does, for the benchmark's output. */
  name: string;
  /** The config.toml keys it sets, each with the comment its line carries. */
  entries: readonly { section: string; key: string; value: number; comment: string }[];
}

export const PERFORMANCE_SETTINGS: readonly PerformanceSetting[] = [
  {
    name: 'normalize in 2 processes',
    entries: [
      {
        section: 'normalize',
        key: 'workers',
        value: 2,
        comment: 'processes (default 1): -16% time, +2% CPU, peak 260 MiB, not 324',
      },
      {
        section: 'data_writer',
        key: 'file_max_items',
        value: 10000,
        comment: 'rows a file (default: no limit): the files the normalize workers share',
      },
    ],
  },
];

/** The environment variables dlt reads for a setting (SECTION__KEY), for the benchmark. */
export function settingEnvironment(setting: PerformanceSetting): Record<string, string> {
  return Object.fromEntries(
    setting.entries.map((entry) => [`${entry.section}__${entry.key}`.toUpperCase(), String(entry.value)]),
  );
}

export function performanceAdvice(): string {
  const lines = [
    `${PERFORMANCE_MARKER} measured with dlt 1.31 (100,000 records into DuckDB): uncomment for large loads.`,
    '# The file format is an argument of pipeline.run in the script: dlt ignores loader_file_format here.',
  ];
  for (const setting of PERFORMANCE_SETTINGS) {
    for (const entry of setting.entries) {
      lines.push(`# [${entry.section}]`, `# ${entry.key} = ${entry.value}  # ${entry.comment}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
