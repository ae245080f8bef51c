/**
 * How many times this process has parsed (smol-toml) and scanned (scan.ts) TOML text. The TOML
 * writer reads a file once per merge; the test that keeps it so and `npm run bench:toml` read
 * these counts, which cost one addition each.
 */
export const tomlWorkCount = { parses: 0, scans: 0 };
