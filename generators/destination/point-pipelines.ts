import { PARQUET_RUN_COMMENT } from '../../shared/dlt/pipeline-run.js';
import { UsageError } from '../../shared/plan/errors.js';
import { itemValue, PythonRewriter } from '../../shared/python/edit.js';
import { descendantsOfType, type PyNode, parsePython, stringValue } from '../../shared/python/parser.js';
import { quotedWithNearest } from '../../shared/questions/did-you-mean.js';
import type { DestinationPlan } from './plan.js';

/**
 * Pipelines this generator set made (`<name>_pipeline.py` scripts with a `dlt.pipeline(...)` call
 * whose pipeline_name is a literal) and the edit that lets the configuration say where one loads:
 * dlt takes a destination= in the call over any configuration, under every profile, so it goes
 * (see shared/dlt/pipeline-destination.ts); only the call's arguments change, laid out as ruff would.
 */

export interface PipelineScript {
  path: string;
  pipelineName: string;
  /** The destination the script names in its dlt.pipeline(destination=...) call, if it does. */
  inCode?: string;
  /** Where it loads now (under the run's profile): what the code names, else what the config says. */
  destination?: string;
}

interface PipelineCall {
  pipelineName: string;
  destination?: string;
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
    // a destination= that is not a literal is the user's code: such a script is not ours to point
    if (keyword('destination') && destination === undefined) continue;
    if (pipelineName !== undefined) calls.push({ pipelineName, destination, arguments: args });
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
  return {
    path,
    pipelineName: call!.pipelineName,
    ...(call!.destination === undefined ? {} : { inCode: call!.destination }),
  };
}

/** Where a script is pointed: the run's file format (staging and the destination go to the config). */
export type PipelineTarget = Pick<DestinationPlan, 'loaderFileFormat'>;

/**
 * The script with its destination left to the configuration: a destination= in its dlt.pipeline
 * call goes. A `loader_file_format="parquet"` the generators wrote on pipeline.run goes too, with its
 * comment, when the new destination does not take parquet as written (postgres needs an ADBC
 * driver): a script keeps parquet only while every destination it was pointed at takes it.
 */
export async function pointPipeline(source: string, target: PipelineTarget): Promise<string> {
  const { tree } = await parsePython(source);
  const [call] = pipelineCalls(tree.rootNode);
  if (!call) throw new Error('no dlt.pipeline(...) call with a literal pipeline_name');
  const rewriter = new PythonRewriter(source, tree.rootNode);
  rewriter.removeItem(call.arguments, 'destination');
  if (target.loaderFileFormat !== 'parquet') dropParquetRuns(tree.rootNode, rewriter);
  const edited = rewriter.apply();
  const check = await parsePython(edited);
  if (check.errors.length > 0) throw new Error(`the edit would break the script (${check.errors[0]})`);
  return edited;
}

/**
 * Which scripts to point: 'all', 'none', or pipeline names separated by commas. A name that
 * matches no script of the project is a mistake (a typo, or a script this generator cannot read):
 * refused with the names that exist, before anything is written.
 */
export function selectScripts(scripts: readonly PipelineScript[], selection: string): PipelineScript[] {
  const wanted = selection.trim();
  if (wanted === '' || wanted === 'none') return [];
  if (wanted === 'all') return [...scripts];
  const names = wanted
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const known = scripts.map((script) => script.pipelineName);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new UsageError(unknownPipelinesProblem(unknown, scripts));
  return scripts.filter((script) => names.includes(script.pipelineName));
}

function unknownPipelinesProblem(unknown: readonly string[], scripts: readonly PipelineScript[]): string {
  const named = quotedWithNearest(
    unknown,
    scripts.map((script) => script.pipelineName),
  );
  const exist =
    scripts.length === 0
      ? 'this project has no pipeline script (a <name>_pipeline.py with one dlt.pipeline(pipeline_name="...") call)'
      : `its pipelines are ${scripts.map((script) => `${script.pipelineName} (${script.path})`).join(', ')}`;
  return (
    `--point-pipelines: no pipeline of this project is named ${named}; ${exist}. ` +
    'Give pipeline names, comma-separated, or all or none. Nothing was written.'
  );
}

/** Removes `loader_file_format="parquet"` from pipeline.run(...) calls, and the comment above each. */
function dropParquetRuns(root: PyNode, rewriter: PythonRewriter): void {
  for (const call of descendantsOfType(root, 'call')) {
    if (!call.childForFieldName('function')?.text.endsWith('.run')) continue;
    const args = call.childForFieldName('arguments');
    if (!args || stringValue(itemValue(args, 'loader_file_format')) !== 'parquet') continue;
    rewriter.removeItem(args, 'loader_file_format');
    const statement = enclosingStatement(call);
    const above = statement?.previousNamedSibling;
    if (above?.type === 'comment' && above.text === `# ${PARQUET_RUN_COMMENT}`) rewriter.removeLines(above);
  }
}

function enclosingStatement(node: PyNode): PyNode | undefined {
  let current: PyNode | null = node;
  while (current && current.type !== 'expression_statement') current = current.parent;
  return current ?? undefined;
}
