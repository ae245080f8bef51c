/**
 * The lowest dlt the generated code is tested on: the end-to-end tests run a pipeline of each kind
 * on exactly this version (test/python/floor-requirements.txt pins it; scripts/python-env.sh
 * provisions it). Every generated `dlt` requirement carries it as its lower bound.
 */
export const DLT_FLOOR = '1.26.0';

/** The requirements, plus `dlt>=<floor>` when they ask for dlt (the merge keeps a higher bound). */
export function withDltFloor(requirements: readonly string[]): string[] {
  const asksForDlt = requirements.some((requirement) => /^dlt\s*(\[|[<>=!~;@]|$)/i.test(requirement));
  return asksForDlt ? [...requirements, `dlt>=${DLT_FLOOR}`] : [...requirements];
}
