/**
 * dlt's REST client parses a data_selector given as a string again for every page it reads
 * (jsonpath_ng builds its parser each time: 0.37 s of CPU for 1,000 pages, 5% of a 100,000-record
 * load into DuckDB, `npm run bench`). A selector compiled in the script with dlt's own
 * `compile_path` is the same JSONPath, built once.
 */
import { type PyCode, pyCode, pyString } from '../python/literal.js';

export const COMPILE_PATH_IMPORT = 'from dlt.common.jsonpath import compile_path';
export const COMPILED_SELECTOR_COMMENT =
  'data_selector compiled once: dlt parses a string on every page (0.37 ms each)';

/** `compile_path("<selector>")` */
export const compiledSelector = (selector: string): PyCode => pyCode(`compile_path(${pyString(selector)})`);
