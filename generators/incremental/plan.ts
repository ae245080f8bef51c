import { dltPipelineCommand } from '../../shared/packages/run-prefix.js';
import { UsageError } from '../../shared/plan/errors.js';
import { emptyPlan, type Plan } from '../../shared/plan/plan.js';
import { PythonRewriter } from '../../shared/python/edit.js';
import { raw } from '../../shared/python/edit-layout.js';
import { descendantsOfType, parsePython } from '../../shared/python/parser.js';
import {
  type FoundResource,
  moduleSection,
  type PythonResource,
  type RestResource,
  type ScannedFile,
  scanPythonSource,
} from '../../shared/python/pipeline-scan.js';
import { NOT_LITERAL } from '../../shared/python/pipeline-scan-literals.js';
import type { TomlEntry } from '../../shared/toml/entry.js';
import { normalizedDisposition } from './desired.js';
import { ignoreParamsInFixture } from './fixture-edit.js';
import { editFunctionResource } from './function-edit.js';
import { withoutChildReplaceReason, withoutIncrementalHint } from './probe-hint.js';
import { initialValueNeeded } from './questions.js';
import { editRestResource, wantedParams } from './rest-edit.js';
import type { IncrementalSettings } from './settings.js';

/**
 * What making one resource incremental changes: the file's new text (its one planned file, when it
 * changes), config entries, and notes.
 */
export interface IncrementalPlan extends Plan {
  file: string;
  before: string;
  after: string;
  /** Python resources: the function parameter holding the incremental. */
  argument?: string;
  /** What changed, in words. */
  said: string[];
}

const where = (resource: FoundResource) => `${resource.name} (${resource.file}:${resource.line})`;

/** Throws the UsageError that says why `resource` cannot be edited, when it cannot. */
export function refuseNotEditable(resource: FoundResource): void {
  if (resource.notEditable) {
    throw new UsageError(
      `${where(resource)} cannot be made incremental by this tool: ${resource.notEditable}.`,
    );
  }
}

/** A file of the project as read, by its project-relative path. */
export interface ReadFile {
  path: string;
  text: string;
}

/**
 * Plans the edit that makes `resource` (found in `scanned`) load incrementally with `settings`.
 * `request.fixtures`: the probe's recordings of a REST resource (see fixture-edit.ts), as read.
 * No I/O: the caller writes `after` and `toml`. Throws a UsageError when the resource cannot be
 * edited safely, and an Error if the edited file would not parse (nothing is written then).
 */
export async function planIncremental(
  scanned: ScannedFile,
  resource: FoundResource,
  settings: IncrementalSettings,
  request: { editRequested?: boolean; fixtures?: readonly ReadFile[] } = {},
): Promise<IncrementalPlan> {
  refuseNotEditable(resource);
  const plan: IncrementalPlan = {
    ...emptyPlan(),
    file: scanned.file,
    before: scanned.source,
    after: scanned.source,
    said: [],
  };
  const rewriter = new PythonRewriter(scanned.source, scanned.tree.rootNode);
  if (resource.kind === 'rest') {
    if (settings.initialValueInConfig) {
      throw new UsageError(
        `--initial-value-in-config: rest_api reads the incremental settings of ${where(resource)} only ` +
          'from its config dict, not from .dlt/config.toml; leave the option out.',
      );
    }
    if (settings.param && !settings.initialValue) {
      throw new UsageError(`--initial-value: ${initialValueNeeded(settings.param)}.`);
    }
    plan.said.push(...editRestResource(rewriter, resource, settings));
    const children = childrenThatReplace(scanned, resource.name);
    const pipelineName = pipelineNameOf(scanned);
    for (const child of children) {
      // it is fetched for the changed parents only now: replace would drop the other parents' rows
      rewriter.setDictEntry(child.dict!, 'write_disposition', raw('"append"'));
      plan.warnings.push(
        `${child.name} reads the records of ${resource.name}, which now come incrementally: each run fetches ` +
          `the ${child.name} of changed ${resource.name} only, so it appends them instead of replacing its ` +
          `table (which would drop the others). The first incremental run reads ${resource.name} from the ` +
          `initial value on (all of them without one) and appends their ${child.name} on top of the rows loaded ` +
          `before: when it reads them all, run \`${dltPipelineCommand(undefined, pipelineName, 'drop', child.name)}\` ` +
          'once before it; or give it a primary_key to merge instead.',
      );
    }
    plan.after = withoutIncrementalHint(scanned.source, rewriter.apply(), resource.node.startPosition.row);
    for (const child of children) plan.after = withoutChildReplaceReason(plan.after, child.name);
    const params = wantedParams(settings).map(([name]) => name);
    for (const fixture of request.fixtures ?? []) {
      const contents = ignoreParamsInFixture(fixture.text, params);
      if (contents === undefined) continue;
      plan.files.push({ path: fixture.path, contents, rule: editRule(request) });
      plan.said.push(
        `${fixture.path}: the offline smoke test ignores ${params.join(' and ')} (the probe recorded ` +
          `its pages without ${params.length === 1 ? 'it' : 'them'}).`,
      );
    }
    if (!settings.param) {
      plan.warnings.push(
        `${resource.name}: no query parameter takes the start value, so every run still requests all ` +
          `records and dlt keeps only those with a newer "${settings.cursorPath}"; if the API can filter, ` +
          'run again with --param <its parameter>.',
      );
    }
  } else {
    const result = editFunctionResource(rewriter, scanned, resource, settings);
    plan.argument = result.argument;
    plan.said.push(...result.said);
    plan.after = rewriter.apply();
    if (!resource.incremental) {
      plan.after = await silenceDefaultCallWarning(plan.after, scanned.file, resource, result.argument);
      plan.nextSteps.push(
        `Make ${resource.functionName} in ${scanned.file} ask the API only for new records, as the comment ` +
          `there shows (${result.argument}.start_value); until then dlt filters what it fetches.`,
      );
    }
    plan.toml.push(...initialValueEntries(resource, settings, result.argument));
  }
  const switchToMerge = mergeSwitchStep(scanned, resource, settings);
  if (switchToMerge) plan.nextSteps.push(switchToMerge);
  if (settings.writeDisposition === 'append' && !settings.initialValue) {
    plan.warnings.push(
      `${resource.name}: append without an initial value: its first incremental run loads every record ` +
        'again, on top of the rows earlier runs loaded.',
    );
  }

  const { errors } = await parsePython(plan.after);
  if (errors.length > 0) {
    throw new Error(
      `Editing ${scanned.file} went wrong (the result would not parse: ${errors[0]}); nothing was written. ` +
        'Please report this with the file.',
    );
  }
  if (plan.after !== plan.before) {
    plan.files.push({
      path: plan.file,
      contents: plan.after,
      rule: editRule(request),
    });
  }
  plan.gitignore = plan.toml.length > 0;
  return plan;
}

/** --file or --yes: the edit is the request, as --point-pipelines is dlt:destination's. */
const editRule = (request: { editRequested?: boolean }) =>
  request.editRequested ? ('edit-the-user-named' as const) : ('create' as const);

/**
 * dlt cannot turn tables it loaded with append or replace into merge tables when the records hold
 * lists: merge needs a NOT NULL _dlt_root_id column in the nested tables, which cannot be added
 * to tables with rows. Dropping the resource's tables once is the way through.
 */
function mergeSwitchStep(
  scanned: ScannedFile,
  resource: FoundResource,
  settings: IncrementalSettings,
): string | undefined {
  if (settings.writeDisposition !== 'merge') return undefined;
  const current = resource.writeDisposition;
  const before =
    current === undefined
      ? 'append'
      : current.value === NOT_LITERAL
        ? undefined
        : normalizedDisposition(current.value).disposition;
  if (before === undefined || before === 'merge') return undefined;
  const name = pipelineNameOf(scanned);
  const how = current === undefined ? "append (dlt's default)" : before;
  // a rest_api query param needs a start value: there, only an early one loads everything
  const reload =
    resource.kind === 'rest' && settings.param
      ? 'give an initial value no later than the oldest record'
      : 'give no initial value (or an early one)';
  return (
    `If ${name} has loaded ${resource.name} before (with ${how}), run ` +
    `\`${dltPipelineCommand(undefined, name, 'drop', resource.name)}\` once before its next run: dlt cannot ` +
    'switch tables it has loaded to merge when the records hold lists (nested tables need a NOT NULL ' +
    `_dlt_root_id; after a run that failed on it, run \`${dltPipelineCommand(undefined, name, 'drop-pending-packages')}\` ` +
    `first). The drop empties those tables, so ${reload} ` +
    'for that run to load everything again.'
  );
}

/** The initial value as dlt's incremental config key, when the user wants it in config.toml. */
function initialValueEntries(
  resource: PythonResource,
  settings: IncrementalSettings,
  argument: string,
): TomlEntry[] {
  if (!settings.initialValueInConfig || !settings.initialValue) return [];
  const { initialValue } = settings;
  if (resource.dynamicName) {
    throw new UsageError(
      `--initial-value-in-config: the name of ${where(resource)} is set by code, so its config section ` +
        'is not known; keep the initial value in the code.',
    );
  }
  if (initialValue.kind === 'code') {
    throw new UsageError(
      `--initial-value-in-config: the initial value of ${where(resource)} is code (${initialValue.value}), ` +
        'not a value config.toml can hold; give --initial-value.',
    );
  }
  return [
    {
      // dlt resolves an incremental argument under sources.<module>.<resource>.<argument>
      table: ['sources', moduleSection(resource.file), resource.name, argument],
      key: 'initial_value',
      value: initialValue.value,
      secret: false,
    },
  ];
}

/**
 * `dlt.sources.incremental(...)` as a parameter default is dlt's idiom, and it is what ruff's
 * default rule B008 reports; mark the line the call starts on.
 */
async function silenceDefaultCallWarning(
  source: string,
  file: string,
  resource: PythonResource,
  argument: string,
): Promise<string> {
  const rescanned = await scanPythonSource(source, file);
  if ('errors' in rescanned) return source;
  const edited = rescanned.resources.find(
    (found): found is PythonResource =>
      found.kind === 'python' &&
      found.functionName === resource.functionName &&
      found.incremental?.argument === argument,
  );
  const call = edited?.incremental?.node;
  if (!call) return source;
  const row = call.startPosition.row;
  const marked = descendantsOfType(rescanned.tree.rootNode, 'comment').some(
    (comment) => comment.startPosition.row === row && comment.text.includes('noqa'),
  );
  if (marked) return source;
  const lineEnd = source.indexOf('\n', call.startIndex);
  let end = lineEnd === -1 ? source.length : lineEnd;
  if (source[end - 1] === '\r') end--;
  const text = source.slice(0, end).trimEnd();
  return `${text}  # noqa: B008${source.slice(end)}`;
}

/** The rest_api resources of the file whose path reads `parent`'s records and that replace their table. */
function childrenThatReplace(scanned: ScannedFile, parent: string): RestResource[] {
  return scanned.resources.filter(
    (child): child is RestResource =>
      child.kind === 'rest' &&
      child.dict !== undefined &&
      child.name !== parent &&
      child.writeDisposition?.value === 'replace' &&
      child.dict.text.includes(`{resources.${parent}.`),
  );
}

/** The pipeline the file runs, for a command to print: its name when it makes one, else a stand-in. */
function pipelineNameOf(scanned: ScannedFile): string {
  const [pipeline] = scanned.pipelineNames;
  return scanned.pipelineNames.length === 1 && pipeline ? pipeline : '<pipeline name>';
}
