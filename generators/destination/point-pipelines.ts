import { PythonRewriter } from '../../shared/python/edit.js';
import { raw } from '../../shared/python/edit-layout.js';
import { pyString } from '../../shared/python/literal.js';
import { descendantsOfType, type PyNode, parsePython, stringValue } from '../../shared/python/parser.js';

/**
 * Pipelines this generator set made (`<name>_pipeline.py` scripts with a
 * `dlt.pipeline(..., destination="...")` call) and the edit that points one at another destination:
 * only the call's arguments change, laid out as ruff would.
 */

export interface PipelineScript {
  path: string;
  pipelineName: string;
  /** The destination the script loads into now. */
  destination: string;
}

interface PipelineCall {
  pipelineName: string;
  destination: string;
  arguments: PyNode;
}

function pipelineCalls(root: PyNode): PipelineCall[] {
  const calls: PipelineCall[] = [];
  for (const call of descendantsOfType(root, 'call')) {
    if (call.childForFieldName('function')?.text !== 'dlt.pipeline') continue;
    const args = call.childForFieldName('arguments');
    if (!args) continue;
    const keyword = (name: string) =>
      args.namedChildren.find(
        (child) => child?.type === 'keyword_argument' && child.childForFieldName('name')?.text === name,
      );
    const destination = stringValue(keyword('destination')?.childForFieldName('value'));
    const pipelineName = stringValue(keyword('pipeline_name')?.childForFieldName('value'));
    if (destination !== undefined && pipelineName !== undefined) {
      calls.push({ pipelineName, destination, arguments: args });
    }
  }
  return calls;
}

/** The pipeline a script runs, when it has exactly one dlt.pipeline call with literal names; else undefined. */
export async function readPipelineScript(path: string, source: string): Promise<PipelineScript | undefined> {
  const { tree, errors } = await parsePython(source);
  if (errors.length > 0) return undefined;
  const calls = pipelineCalls(tree.rootNode);
  if (calls.length !== 1) return undefined;
  const [call] = calls;
  return { path, pipelineName: call!.pipelineName, destination: call!.destination };
}

/** The script with its pipeline loading into `reference` (and through filesystem staging if asked). */
export async function pointPipeline(source: string, reference: string, staging: boolean): Promise<string> {
  const { tree } = await parsePython(source);
  const [call] = pipelineCalls(tree.rootNode);
  if (!call) throw new Error('no dlt.pipeline(...) call with a literal destination');
  const rewriter = new PythonRewriter(source, tree.rootNode);
  rewriter.setKeyword(call.arguments, 'destination', raw(pyString(reference)));
  if (staging) rewriter.setKeyword(call.arguments, 'staging', raw(pyString('filesystem')));
  const edited = rewriter.apply();
  const check = await parsePython(edited);
  if (check.errors.length > 0) throw new Error(`the edit would break the script (${check.errors[0]})`);
  return edited;
}

/**
 * Which scripts to point: 'all', 'none', or pipeline names separated by commas. Names that match
 * no script are returned apart, to be reported.
 */
export function selectScripts(
  scripts: readonly PipelineScript[],
  selection: string,
): { selected: PipelineScript[]; unknown: string[] } {
  const wanted = selection.trim();
  if (wanted === '' || wanted === 'none') return { selected: [], unknown: [] };
  if (wanted === 'all') return { selected: [...scripts], unknown: [] };
  const names = wanted
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return {
    selected: scripts.filter((script) => names.includes(script.pipelineName)),
    unknown: names.filter((name) => !scripts.some((script) => script.pipelineName === name)),
  };
}
