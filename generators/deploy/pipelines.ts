import { posix } from 'node:path';
import { itemValue } from '../../shared/python/edit.js';
import { descendantsOfType, type PyNode, stringValue } from '../../shared/python/parser.js';
import {
  findPipelineCalls,
  moduleSection,
  type ProjectScan,
  type ScannedFile,
} from '../../shared/python/pipeline-scan.js';
import { literalValue, NOT_LITERAL } from '../../shared/python/pipeline-scan-literals.js';

/**
 * The pipelines a project can deploy, read from its scripts' syntax trees: each `dlt.pipeline(...)`
 * with a literal name, where it is, and what an orchestrator needs to run it again (the source
 * call handed to `pipeline.run`, the destination and dataset), or why that cannot be read.
 */
export interface DeployablePipeline {
  name: string;
  /** Project-relative script path, forward slashes. */
  script: string;
  /** The script as an importable module: `shop_pipeline`, `pipelines.shop_pipeline`. */
  module?: string;
  destination?: string;
  datasetName?: string;
  /** The source call handed to `pipeline.run(...)`, rebuilt by orchestrators. */
  source?: SourceCall;
  /** Why the orchestrator targets cannot rebuild the run (the workflow target runs the script as is). */
  notRebuildable?: string;
  /** Config sections the script's sources read: its module, the modules it imports, its @dlt.source names. */
  sections: string[];
}

export interface SourceCall {
  /** The name the script calls, importable from its module. */
  function: string;
  /** The call as written: `shop_source()`, `github_reactions("dlt-hub", "dlt")`. */
  text: string;
  /** Literal keyword arguments of the script's `pipeline.run(...)` an orchestrator passes on, as written. */
  runArguments: string[];
}

/** The `pipeline.run` settings orchestrators take too (dagster-dlt's run and PipelineTasksGroup.add_run). */
const RUN_ARGUMENTS = new Set(['loader_file_format', 'write_disposition', 'table_name']);

const ORCHESTRATORS = /^(dagster|dagster_dlt|airflow)(\.|$)/;
/** pytest's files: their pipelines are test fixtures, not ones to deploy. */
const TEST_FILE = /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/;

/** Every deployable pipeline of a scanned project; tests and orchestrator files (ours included) are skipped. */
export function findPipelines(scan: ProjectScan): DeployablePipeline[] {
  const found: DeployablePipeline[] = [];
  for (const file of scan.files) {
    if (TEST_FILE.test(file.file)) continue;
    if (importedModules(file.tree.rootNode).some((module) => ORCHESTRATORS.test(module))) continue;
    for (const name of file.pipelineNames) {
      if (!found.some((pipeline) => pipeline.name === name)) found.push(describePipeline(file, name));
    }
  }
  return found;
}

function importedModules(root: PyNode): string[] {
  const modules: string[] = [];
  for (const statement of descendantsOfType(root, 'import_statement')) {
    for (const imported of statement.childrenForFieldName('name')) {
      const dotted = imported?.type === 'aliased_import' ? imported.childForFieldName('name') : imported;
      if (dotted) modules.push(dotted.text);
    }
  }
  for (const statement of descendantsOfType(root, 'import_from_statement')) {
    const module = statement.childForFieldName('module_name')?.text;
    if (module && !module.startsWith('.')) modules.push(module);
  }
  return modules;
}

function moduleOf(script: string): string | undefined {
  const parts = script.replace(/\.py$/, '').split('/');
  if (parts.at(-1) === '__init__') parts.pop();
  return parts.every((part) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) ? parts.join('.') : undefined;
}

const literalText = (node: PyNode | undefined) => {
  const value = node ? literalValue(node) : NOT_LITERAL;
  return typeof value === 'string' ? value : undefined;
};

function pipelineCall(file: ScannedFile, name: string): PyNode | undefined {
  return findPipelineCalls(file.tree.rootNode, file.dltNames).find((found) => found.name === name)?.call;
}

/** The first argument of `<x>.run(...)` calls in the file, resolved through one assignment. */
function sourceCall(file: ScannedFile): SourceCall | string {
  const root = file.tree.rootNode;
  const runs = descendantsOfType(root, 'call').filter((call) => {
    const callee = call.childForFieldName('function');
    return callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'run';
  });
  if (runs.length !== 1) {
    return `${file.file} calls pipeline.run(...) ${runs.length === 0 ? 'nowhere' : `${runs.length} times`}`;
  }
  const run = runs[0]!;
  let data = run.childForFieldName('arguments')?.namedChildren.find((child) => child?.type !== 'comment');
  if (data?.type === 'identifier') {
    const name = data.text;
    const assigned = descendantsOfType(root, 'assignment').filter(
      (assignment) => assignment.childForFieldName('left')?.text === name,
    );
    data = assigned.length === 1 ? (assigned[0]!.childForFieldName('right') ?? undefined) : undefined;
  }
  const callee = data?.type === 'call' ? data.childForFieldName('function') : undefined;
  const args = data?.childForFieldName('arguments');
  const literalArgs = (args?.namedChildren ?? [])
    .filter((arg) => arg && arg.type !== 'comment')
    .every((arg) =>
      arg!.type === 'keyword_argument'
        ? literalValue(arg!.childForFieldName('value')) !== NOT_LITERAL
        : literalValue(arg) !== NOT_LITERAL,
    );
  if (!data || callee?.type !== 'identifier' || !literalArgs) {
    return (
      `${file.file} line ${run.startPosition.row + 1}: pipeline.run(...) is not given a plain call of a ` +
      'source function with literal arguments (e.g. `pipeline.run(shop_source())`)'
    );
  }
  const runArguments = (run.childForFieldName('arguments')?.namedChildren ?? [])
    .filter(
      (arg) =>
        arg?.type === 'keyword_argument' &&
        RUN_ARGUMENTS.has(arg.childForFieldName('name')?.text ?? '') &&
        literalValue(arg.childForFieldName('value')) !== NOT_LITERAL,
    )
    .map((arg) => arg!.text);
  return { function: callee.text, text: data.text, runArguments };
}

/** Names of the script's @dlt.source functions and their `name=`: the config sections they read. */
function sourceNames(file: ScannedFile): string[] {
  const names: string[] = [];
  for (const decorated of descendantsOfType(file.tree.rootNode, 'decorated_definition')) {
    for (const decorator of decorated.namedChildren.filter((child) => child?.type === 'decorator')) {
      const expression = decorator!.namedChildren[0];
      const callee = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
      if (callee?.text !== 'dlt.source' && !(callee?.type === 'identifier' && callee.text === 'source'))
        continue;
      const functionName = decorated.childForFieldName('definition')?.childForFieldName('name')?.text;
      if (functionName) names.push(functionName);
      const args = expression?.type === 'call' ? expression.childForFieldName('arguments') : null;
      const name = args ? stringValue(itemValue(args, 'name')) : undefined;
      if (name) names.push(name);
    }
  }
  return names;
}

export function describePipeline(file: ScannedFile, name: string): DeployablePipeline {
  const call = pipelineCall(file, name);
  const args = call?.childForFieldName('arguments') ?? undefined;
  const source = sourceCall(file);
  const module = moduleOf(file.file);
  const imported = importedModules(file.tree.rootNode).map((module) => module.split('.')[0]!);
  const sections = [
    ...new Set([
      moduleSection(file.file),
      posix.basename(file.file, '.py'),
      ...imported,
      ...sourceNames(file),
    ]),
  ];
  return {
    name,
    script: file.file,
    ...(module ? { module } : {}),
    ...(args && literalText(itemValue(args, 'destination'))
      ? { destination: literalText(itemValue(args, 'destination')) }
      : {}),
    ...(args && literalText(itemValue(args, 'dataset_name'))
      ? { datasetName: literalText(itemValue(args, 'dataset_name')) }
      : {}),
    ...(typeof source === 'string' ? { notRebuildable: source } : { source }),
    ...(module ? {} : { notRebuildable: `${file.file} is not importable as a Python module (its path)` }),
    sections,
  };
}
