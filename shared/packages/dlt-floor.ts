/**
 * The lowest dlt the generated code is tested on: the end-to-end tests run a pipeline of each kind
 * on exactly this version (test/python/floor-requirements.txt pins it; scripts/python-env.sh
 * provisions it). Every generated `dlt` requirement carries it as its lower bound. 1.27.2 is the first
 * dlt whose workspace keeps local data in .dlt/data/<profile> and state in .dlt/state/<profile>, as
 * the generated projects expect (see project/workspace.ts); 1.26 used _local/<profile> and
 * .dlt/.var/<profile>, so no relative bucket_url reached the same folder on both; 1.27.0 and 1.27.1
 * have that layout too but are yanked (data loss in incremental merge).
 */
export const DLT_FLOOR = '1.27.2';

/** The requirements, plus `dlt>=<floor>` when they ask for dlt (the merge keeps a higher bound). */
export function withDltFloor(requirements: readonly string[]): string[] {
  const asksForDlt = requirements.some((requirement) => /^dlt\s*(\[|[<>=!~;@]|$)/i.test(requirement));
  return asksForDlt ? [...requirements, `dlt>=${DLT_FLOOR}`] : [...requirements];
}
