/**
 * dlt's performance settings as a block for .dlt/config.toml: only settings measured to help, each
 * with the figure behind it. Those that help every load are written active; those that pay off
 * only for large loads (or cost memory) are written commented out. `npm run bench` with
 * BENCH_KNOBS=1 times each one against dlt's defaults on a generated pipeline (100,000 records,
 * 1,000 pages, into DuckDB as parquet).
 */
import { parse } from 'smol-toml';

export const PERFORMANCE_MARKER = '# Performance knobs';

type SettingValue = number | boolean;

export interface PerformanceSetting {
  /** What it does, for the benchmark's output. */
  name: string;
  /** Written as TOML dlt reads (true), or commented out for the user to switch on (false). */
  active: boolean;
  /** The config.toml keys it sets, each with the comment its line carries and dlt's default. */
  entries: readonly {
    section: string;
    key: string;
    value: SettingValue;
    comment: string;
    dltDefault?: SettingValue;
  }[];
}

export const PERFORMANCE_SETTINGS: readonly PerformanceSetting[] = [
  {
    name: 'extract files not compressed',
    active: true,
    entries: [
      {
        section: 'sources.data_writer',
        key: 'disable_compression',
        value: true,
        comment: "extract's temporary files not gzipped: -6% to -10% CPU, -3% time",
        dltDefault: false,
      },
    ],
  },
  {
    name: 'normalize in 2 processes',
    active: false,
    entries: [
      {
        section: 'normalize',
        key: 'workers',
        value: 2,
        comment:
          'processes (default 1): -3% time on a busy 2-core machine (-16% idle), +4% CPU, peak 244 MiB not 312',
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

const envName = (section: string, key: string) => `${section.replaceAll('.', '__')}__${key}`.toUpperCase();

/** The environment variables dlt reads for a setting (SECTION__KEY), for the benchmark. */
export function settingEnvironment(setting: PerformanceSetting): Record<string, string> {
  return Object.fromEntries(
    setting.entries.map((entry) => [envName(entry.section, entry.key), String(entry.value)]),
  );
}

/** The environment that puts the active settings back to dlt's defaults: the benchmark's baseline. */
export function defaultsEnvironment(): Record<string, string> {
  return Object.fromEntries(
    PERFORMANCE_SETTINGS.filter((setting) => setting.active).flatMap((setting) =>
      setting.entries.map((entry) => [envName(entry.section, entry.key), String(entry.dltDefault)]),
    ),
  );
}

/**
 * The block. `allCommented` writes the active settings commented out too: for a config.toml that
 * already has their tables (a second table of the same name would not parse).
 */
export function performanceAdvice(options: { allCommented?: boolean } = {}): string {
  const lines = [
    `${PERFORMANCE_MARKER} measured with dlt 1.31 (100,000 records into DuckDB, npm run bench).`,
    '# The file format is an argument of pipeline.run in the script: dlt ignores loader_file_format here.',
  ];
  const setting = (active: boolean) =>
    PERFORMANCE_SETTINGS.filter((each) => each.active === active && !options.allCommented);
  for (const { entries } of setting(true)) {
    for (const entry of entries) {
      lines.push(`[${entry.section}]`, `${entry.key} = ${entry.value}  # ${entry.comment}`);
    }
  }
  const commented = options.allCommented ? PERFORMANCE_SETTINGS : setting(false);
  if (commented.length > 0) lines.push('# Uncomment for large loads:');
  for (const { entries } of commented) {
    for (const entry of entries) {
      lines.push(`# [${entry.section}]`, `# ${entry.key} = ${entry.value}  # ${entry.comment}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The config.toml text with the block appended after a blank line; all commented when the text
 * already has a table the block would repeat (or does not parse: then nothing is made worse).
 */
export function withPerformanceAdvice(text: string): string {
  const separator = text === '' || text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  const active = `${text}${separator}${performanceAdvice()}`;
  try {
    parse(active);
    return active;
  } catch {
    return `${text}${separator}${performanceAdvice({ allCommented: true })}`;
  }
}
