/**
 * The generated `<name>_pipeline.py`: a @dlt.source named after the pipeline whose arguments are
 * read by dlt from config.toml and secrets.toml, returning `rest_api_resources(config)`, and a
 * `__main__` that runs the pipeline. Output is what `ruff format` leaves unchanged.
 */

import {
  COLLECTOR_IMPORT,
  COLLECTOR_THRESHOLD_CALL,
  COLLECTOR_THRESHOLD_COMMENT,
} from '../../shared/dlt/collector-threshold.js';
import { COMPILE_PATH_IMPORT, COMPILED_SELECTOR_COMMENT } from '../../shared/dlt/compiled-selector.js';
import { destinationNote } from '../../shared/dlt/pipeline-destination.js';
import { pipelineRunLines } from '../../shared/dlt/pipeline-run.js';
import { dltPipelineCommand } from '../../shared/packages/run-prefix.js';
import { commentLines, wrap } from '../../shared/python/code.js';
import { INDENT, LINE_LENGTH, type PyValue, pyLiteral, pyString } from '../../shared/python/literal.js';
import { withCompiledSelectors } from './compiled-selectors.js';
import type { SourceArg } from './settings.js';
import type { ConfigDict, RestApiConfig } from './vocabulary.js';

export interface PipelineScript {
  pipelineName: string;
  datasetName: string;
  destination: string;
  args: readonly SourceArg[];
  config: RestApiConfig;
  /** Comment lines to write above resources, by resource name (what dlt:rest --openapi detected). */
  resourceComments?: ReadonlyMap<string, readonly string[]>;
}

export const sourceFunctionName = (pipelineName: string) => `${pipelineName}_source`;
export const scriptName = (pipelineName: string) => `${pipelineName}_pipeline.py`;

/** `name: str = dlt.secrets.value` */
export function renderParameter(arg: SourceArg): string {
  return `${arg.name}: str = dlt.${arg.secret ? 'secrets' : 'config'}.value`;
}

/** `def name(a, b):` on one line when it fits, else one parameter per line (ruff's layout). */
export function renderSignature(functionName: string, parameters: readonly string[], indent = 0): string {
  const pad = INDENT.repeat(indent);
  const flat = `${pad}def ${functionName}(${parameters.join(', ')}):`;
  if (flat.length <= LINE_LENGTH || parameters.length === 0) return flat;
  const lines = parameters.map((parameter) => `${pad}${INDENT}${parameter},`);
  return `${pad}def ${functionName}(\n${lines.join('\n')}\n${pad}):`;
}

/**
 * One resource as an element of the `resources` list, at the given indent level, after its
 * comments. A comment is prose, wrapped to the line length; one that starts with a blank is code,
 * written as it is.
 */
export function renderListElement(
  resource: string | ConfigDict,
  indent: number,
  comments: readonly string[] = [],
): string {
  const above = comments.flatMap((text) =>
    text.startsWith(' ') ? [`${INDENT.repeat(indent)}#${text}`] : commentLines(indent, text),
  );
  return [...above, `${INDENT.repeat(indent)}${pyLiteral(resource as PyValue, indent, 0, 1)},`].join('\n');
}

/** The comments of a resource in a by-name map. */
export function commentsOf(
  resource: string | ConfigDict,
  comments: ReadonlyMap<string, readonly string[]> | undefined,
): readonly string[] {
  const name = typeof resource === 'string' ? resource : resource.name;
  return (typeof name === 'string' && comments?.get(name)) || [];
}

function configValue(config: RestApiConfig): PyValue {
  const value: ConfigDict = { client: config.client };
  if (config.resource_defaults !== undefined) value.resource_defaults = config.resource_defaults;
  value.resources = config.resources as PyValue[];
  return value;
}

/** The config dict, always exploded so that each resource sits on its own lines. */
function renderConfig(config: RestApiConfig, comments?: ReadonlyMap<string, readonly string[]>): string {
  const inner = INDENT.repeat(2);
  const entries = Object.entries(configValue(config) as ConfigDict).map(([key, item]) => {
    if (key === 'resources') {
      const elements = (item as PyValue[]).map((resource) =>
        renderListElement(resource as ConfigDict, 3, commentsOf(resource as ConfigDict, comments)),
      );
      return `${inner}"resources": [\n${elements.join('\n')}\n${inner}],`;
    }
    const keyText = `${pyString(key)}: `;
    return `${inner}${keyText}${pyLiteral(item, 2, keyText.length, 1)},`;
  });
  return `${INDENT}config: RESTAPIConfig = {\n${entries.join('\n')}\n${INDENT}}`;
}

export function renderPipelineScript(script: PipelineScript): string {
  const { pipelineName, datasetName, destination } = script;
  const functionName = sourceFunctionName(pipelineName);
  const { config, changed: selectorsCompiled } = withCompiledSelectors(script.config);
  return [
    ...wrap(`"""The ${pipelineName} pipeline: loads a REST API with dlt's rest_api source.`),
    '',
    ...wrap(
      `Settings come from .dlt/config.toml, secrets from .dlt/secrets.toml, both under [sources.${pipelineName}]. ` +
        `${destinationNote(pipelineName, destination)} ` +
        `Run it from the project folder with \`python ${scriptName(pipelineName)}\`, then see what it loaded with ` +
        `\`${dltPipelineCommand(undefined, pipelineName, 'show')}\`.`,
    ),
    '"""',
    '',
    COLLECTOR_IMPORT,
    '',
    'import dlt',
    ...(selectorsCompiled ? [COMPILE_PATH_IMPORT] : []),
    'from dlt.sources.rest_api import RESTAPIConfig, rest_api_resources',
    '',
    '',
    `@dlt.source(name=${pyString(pipelineName)})`,
    renderSignature(functionName, script.args.map(renderParameter)),
    ...(selectorsCompiled ? commentLines(1, COMPILED_SELECTOR_COMMENT) : []),
    renderConfig(config, script.resourceComments),
    `${INDENT}return rest_api_resources(config)`,
    '',
    '',
    'if __name__ == "__main__":',
    ...commentLines(1, COLLECTOR_THRESHOLD_COMMENT),
    `${INDENT}${COLLECTOR_THRESHOLD_CALL}`,
    `${INDENT}pipeline = dlt.pipeline(`,
    `${INDENT.repeat(2)}pipeline_name=${pyString(pipelineName)},`,
    `${INDENT.repeat(2)}dataset_name=${pyString(datasetName)},`,
    `${INDENT})`,
    ...pipelineRunLines(1, `${functionName}()`, destination),
    `${INDENT}print(load_info)`,
    '',
  ].join('\n');
}
