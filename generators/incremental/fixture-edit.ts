/**
 * dlt:rest's probe recorded a resource's pages (tests/fixtures/<pipeline>/<resource>.json) before
 * it was incremental; its smoke test replays them only for the recorded query, minus the
 * parameters the fixture lists as ignored. The query parameters that now carry the incremental
 * values were never recorded, so they join that list, or the replay would refuse every request.
 */
import { fixturePath } from '../rest/render-smoke-test.js';

/** Where dlt:rest put the fixture of `resource` for each of the script's pipelines. */
export const fixturePaths = (pipelineNames: readonly string[], resource: string): string[] =>
  pipelineNames.map((pipeline) => fixturePath(pipeline, resource));

/**
 * The fixture's text with `params` among its ignored_params (sorted, as dlt:rest writes them);
 * undefined when they are there already or the text is not such a fixture.
 */
export function ignoreParamsInFixture(text: string, params: readonly string[]): string | undefined {
  let fixture: unknown;
  try {
    fixture = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof fixture !== 'object' || fixture === null || Array.isArray(fixture)) return undefined;
  const ignored = (fixture as { ignored_params?: unknown }).ignored_params;
  if (!Array.isArray(ignored) || !ignored.every((name) => typeof name === 'string')) return undefined;
  const missing = params.filter((name) => !ignored.includes(name));
  if (missing.length === 0) return undefined;
  const edited = { ...fixture, ignored_params: [...new Set([...ignored, ...missing])].sort() };
  return `${JSON.stringify(edited, null, 2)}\n`;
}
