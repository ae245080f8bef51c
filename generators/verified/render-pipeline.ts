import { destinationNote } from '../../shared/dlt/pipeline-destination.js';
import { pipelineRunLines } from '../../shared/dlt/pipeline-run.js';
import { commentLines, escapeDocstring, PyCall, statement, wrap } from '../../shared/python/code.js';
import { INDENT, type PyValue } from '../../shared/python/literal.js';

/**
 * Renders `<pipeline>_pipeline.py`: one function that builds the pipeline, makes the source and
 * runs it, written so that `ruff check` and `ruff format --check` leave it unchanged.
 */

export type CallArg = [name: string | null, value: PyValue];

/**
 * `prefix + callee(args)` at `indent`: on one line when it fits, else one argument per line with
 * a trailing comma (which ruff's magic trailing comma keeps exploded).
 */
export function pyCall(prefix: string, callee: string, args: readonly CallArg[], indent = 1): string {
  const call = new PyCall(
    callee,
    args.map(([name, value]) => (name ? { name, value } : { value })),
  );
  return statement(indent, prefix, call);
}

/** `# text` comment lines at `indent`, wrapped before 88 columns. */
export function pyComment(text: string, indent = 1): string[] {
  return commentLines(indent, text);
}

export interface ScriptFrame {
  /** Docstring lines (the first is the summary). */
  docstring: string[];
  /** `from x import y` lines of dlt itself (third-party, sorted with `import dlt`). */
  dltImports: string[];
  /** `from <package> import y` lines of the copied source package (first-party). */
  localImports: string[];
  pipelineName: string;
  destination: string;
  datasetName: string;
  /** Lines of the load function after the pipeline is made, indented one level. */
  body: string[];
}

function docstringBlock(lines: readonly string[], indent = 0): string {
  const pad = INDENT.repeat(indent);
  const text = lines.map(escapeDocstring);
  if (text.length === 1) return `${pad}"""${text[0]}"""`;
  const [first, ...rest] = text;
  return [`${pad}"""${first}`, ...rest.map((line) => (line ? `${pad}${line}` : '')), `${pad}"""`].join('\n');
}

export function renderScript(frame: ScriptFrame): string {
  const loader = `load_${frame.pipelineName}`;
  const imports = ['import dlt', ...[...frame.dltImports].sort()];
  if (frame.localImports.length > 0) imports.push('', ...[...frame.localImports].sort());
  const pipeline = pyCall('pipeline = ', 'dlt.pipeline', [
    ['pipeline_name', frame.pipelineName],
    ['dataset_name', frame.datasetName],
  ]);
  const docstring = [...frame.docstring, '', ...wrap(destinationNote(frame.pipelineName, frame.destination))];
  return [
    docstringBlock(docstring),
    '',
    ...imports,
    '',
    '',
    `def ${loader}() -> None:`,
    docstringBlock(['Runs the pipeline once; later runs continue from the state dlt keeps.'], 1),
    pipeline,
    ...frame.body,
    ...pipelineRunLines(1, 'source', frame.destination),
    `${INDENT}print(load_info)`,
    '',
    '',
    'if __name__ == "__main__":',
    `${INDENT}${loader}()`,
    '',
  ].join('\n');
}

/** `"a", "b"` for with_resources(...). */
export function resourceArgs(names: readonly string[]): CallArg[] {
  return names.map((name) => [null, name]);
}
