/**
 * dlt's performance settings as a block for .dlt/config.toml: only settings measured to help, each
 * with the figure behind it, written active (a setting that paid off only for some loads would be
 * written commented out, for the user to switch on). `npm run bench` with
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
        comment:
          "extract's temporary files not gzipped: -4% to -7% time and CPU at load 2 to 2.7, +2% with both cores busy",
        dltDefault: false,
      },
    ],
  },
  {
    name: 'normalize in 2 processes',
    active: true,
    entries: [
      {
        section: 'normalize',
        key: 'workers',
        value: 2,
        comment:
          'processes (default 1): -6% time at load 2.5 (100,000 rows), -7% with one more core busy, +7% CPU, 235 MiB not 312; +0.25 s on tiny loads; forked on Linux, started anew on macOS/Windows (~0.7 s)',
        dltDefault: 1,
      },
      {
        section: 'sources.data_writer',
        key: 'file_max_items',
        value: 5000,
        comment: 'rows per extracted file (default: no limit): files the 2 normalize processes share out',
        // dlt's default is no limit, which an environment variable cannot say: a limit no load reaches
        dltDefault: 1_000_000_000,
      },
    ],
  },
];

/**
 * The settings in words, as the block writes them: "written active: extract files not compressed
 * (disable_compression), ...", then "; commented out: ..." for any that is not active. The help
 * texts say it from here, so they stay true when a setting changes.
 */
export function performanceSettingsInWords(): string {
  const described = (settings: readonly PerformanceSetting[]) =>
    settings
      .map((setting) => `${setting.name} (${setting.entries.map((entry) => entry.key).join(', ')})`)
      .join(', ');
  const active = PERFORMANCE_SETTINGS.filter((setting) => setting.active);
  const commented = PERFORMANCE_SETTINGS.filter((setting) => !setting.active);
  return [
    ...(active.length > 0 ? [`written active: ${described(active)}`] : []),
    ...(commented.length > 0 ? [`commented out: ${described(commented)}`] : []),
  ].join('; ');
}

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

/** The settings' lines, each TOML table once (two settings may share one), prefixed by `prefix`. */
function tableLines(settings: readonly PerformanceSetting[], prefix: string): string[] {
  const tables = new Map<string, string[]>();
  for (const { entries } of settings) {
    for (const entry of entries) {
      const lines = tables.get(entry.section) ?? [];
      lines.push(`${prefix}${entry.key} = ${entry.value}  # ${entry.comment}`);
      tables.set(entry.section, lines);
    }
  }
  return [...tables].flatMap(([section, lines]) => [`${prefix}[${section}]`, ...lines]);
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
  const active = options.allCommented ? [] : PERFORMANCE_SETTINGS.filter((each) => each.active);
  const commented = PERFORMANCE_SETTINGS.filter((each) => !active.includes(each));
  lines.push(...tableLines(active, ''));
  if (commented.length > 0) {
    lines.push(
      '# Commented out: uncomment, or merge into the tables of the same name above.',
      ...tableLines(commented, '# '),
    );
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
