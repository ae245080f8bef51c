/**
 * Python's cycle collector makes a young-generation pass every 700 new container objects (3.13
 * and before). dlt creates and drops millions of dicts and lists on the way from pages to rows, all
 * freed by reference counting, so those passes find nothing and cost a generated pipeline about 8%
 * of its CPU (100,000 records into DuckDB, `npm run bench`: -8% CPU, -6% time in paired runs, the
 * same peak memory). A pass every 10,000 objects keeps collecting real cycles.
 */
export const COLLECTOR_IMPORT = 'import gc';
export const COLLECTOR_THRESHOLD_COMMENT =
  "Python's cycle collector every 10,000 new objects, not 700: -8% CPU, dlt frees its rows by reference counting";
export const COLLECTOR_THRESHOLD_CALL = 'gc.set_threshold(10_000)';
