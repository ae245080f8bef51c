import type { PipelineInfo } from '../../shared/plan/run-state.js';
import { wrap } from '../../shared/python/code.js';
import type { PyValue } from '../../shared/python/literal.js';
import type { TomlEntry } from '../../shared/toml/entry.js';
import { PLACEHOLDER } from '../../shared/toml/placeholders.js';
import type { FetchedSource } from './fetch.js';
import { type CallArg, pyCall, pyComment, renderScript } from './render-pipeline.js';
import { decideFile, type FileDecision, removedFiles, type SourceRecord, sha256 } from './source-record.js';
import { type DecoratedFunction, sectionOf } from './source-signature.js';
import type { DerivedSetting, DerivedSettings } from './source-signature-settings.js';

/**
 * The plan for a pipeline around a verified source, from what was asked and fetched and what the
 * project holds: the files to copy or update, the settings to merge, the requirements. Pure.
 */

export interface VerifiedPlanInput {
  fetched: FetchedSource;
  fn: DecoratedFunction;
  /** The module to import the function from (the package, or one of its sub-packages). */
  importFrom: string;
  /** One line about what the source loads (catalog description or docstring). */
  description?: string;
  /** The resources chosen; empty means all. */
  resources: readonly string[];
  /** Every resource name known for the function (for the comment listing the others). */
  knownResources: readonly string[];
  /** Resource -> cursor path, for the resources that load incrementally. */
  cursors: ReadonlyMap<string, string>;
  args: ReadonlyMap<string, PyValue>;
  rawSourceArgs: string;
  settings: DerivedSettings;
  pipelineName: string;
  datasetName: string;
  destination: string;
  /** Project-relative path -> sha256 of what the project holds now (undefined: absent). */
  disk: ReadonlyMap<string, string | undefined>;
  record?: SourceRecord;
}

/** A file of the copied source package, with what to do about the project's copy of it. */
export interface SourceFile {
  path: string;
  contents: Buffer;
  decision: FileDecision;
}

export interface VerifiedPlan {
  files: SourceFile[];
  /** Files an earlier run copied that upstream dropped and the user did not change. */
  remove: string[];
  /** Files upstream dropped that the user changed: left alone. */
  keep: string[];
  toml: TomlEntry[];
  requirements: string[];
  record: SourceRecord;
  pipeline: PipelineInfo;
  warnings: string[];
}

const RESERVED_NAMES = new Set(['source', 'resource', 'dlt', 'pipeline', 'load_info']);

export function scriptPath(pipelineName: string): string {
  return `${pipelineName}_pipeline.py`;
}

/** `dlt >= 0.5.1` -> `dlt>=0.5.1`; markers after `;` keep their spacing. */
export function normalizeRequirement(line: string): string {
  const [spec = '', ...markers] = line.split(';');
  const head = spec.replace(/\s+/g, '');
  return markers.length > 0 ? `${head}; ${markers.join(';').trim()}` : head;
}

const requirementName = (line: string) => /^[A-Za-z0-9._-]+/.exec(line)?.[0]?.toLowerCase() ?? '';

export function sourceRequirements(lines: readonly string[]): string[] {
  const requirements = lines.map(normalizeRequirement).filter(Boolean);
  if (!requirements.some((line) => requirementName(line) === 'dlt')) requirements.unshift('dlt');
  return [...new Set(requirements)];
}

const KIND_HINTS: Record<DerivedSetting['kind'], string | undefined> = {
  text: undefined,
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
};

function tomlEntry(setting: DerivedSetting): TomlEntry {
  const comment = [KIND_HINTS[setting.kind], setting.description, setting.note].filter(Boolean).join('; ');
  return {
    table: setting.table,
    key: setting.key,
    value: PLACEHOLDER,
    secret: setting.secret,
    ...(comment ? { comment } : {}),
  };
}

/** Settings as TOML placeholders, minus the function's own values that the script passes in code. */
export function settingsEntries(
  settings: DerivedSettings,
  fn: DecoratedFunction,
  passed: ReadonlySet<string>,
): TomlEntry[] {
  const ownTable = ['sources', sectionOf(fn)].join('.');
  return settings.settings
    .filter((setting) => !(setting.table.join('.') === ownTable && passed.has(setting.key)))
    .map(tomlEntry);
}

function scriptBody(input: VerifiedPlanInput, callee: string): string[] {
  const { fn, resources, knownResources, cursors } = input;
  const args: CallArg[] = [...input.args].map(([name, value]) => [name, value]);
  const body = [pyCall('source = ', callee, args)];
  if (fn.kind === 'source' && resources.length > 0) {
    body.push(
      pyCall(
        'source = ',
        'source.with_resources',
        resources.map((name) => [null, name]),
      ),
    );
    const others = knownResources.filter((name) => !resources.includes(name));
    if (others.length > 0) {
      body.push(
        ...pyComment(`The source also has: ${others.join(', ')} (add them to with_resources to load them).`),
      );
    }
  }
  const loaded = fn.kind === 'source' && resources.length > 0 ? resources : [...cursors.keys()];
  const incremental = loaded.filter((name) => cursors.has(name));
  if (incremental.length > 0) {
    const list = incremental.map((name) => `${name} (cursor: ${cursors.get(name)})`).join(', ');
    body.push(
      ...pyComment(
        `Incremental: ${list} load only new and changed records on later runs; dlt keeps the last cursor value in the pipeline state.`,
      ),
    );
  }
  return body;
}

function renderVerifiedScript(input: VerifiedPlanInput): string {
  const { fn, fetched } = input;
  const alias = RESERVED_NAMES.has(fn.function) ? `${fetched.name}_${fn.function}` : undefined;
  const callee = alias ?? fn.function;
  const origin = fetched.commit ? `${fetched.repo} at commit ${fetched.commit.slice(0, 12)}` : fetched.repo;
  const docstring = [
    `Loads data with the dlt verified source \`${fetched.name}\` (${fn.function}).`,
    '',
    ...(input.description ? [...wrap(input.description), ''] : []),
    ...wrap(`${fetched.name}/ holds the source's code, copied from ${origin}.`),
    ...wrap(
      `dlt reads its credentials and settings from .dlt/secrets.toml and .dlt/config.toml, in [sources.${sectionOf(fn)}].`,
    ),
  ];
  return renderScript({
    docstring,
    dltImports: [],
    localImports: [`from ${input.importFrom} import ${fn.function}${alias ? ` as ${alias}` : ''}`],
    pipelineName: input.pipelineName,
    destination: input.destination,
    datasetName: input.datasetName,
    body: scriptBody(input, callee),
  });
}

export function planVerifiedPipeline(input: VerifiedPlanInput): VerifiedPlan {
  const { fetched, record, disk } = input;
  const script = scriptPath(input.pipelineName);
  const wanted: { path: string; contents: Buffer }[] = [
    ...fetched.files.map((file) => ({ path: `${fetched.name}/${file.path}`, contents: file.contents })),
    { path: script, contents: Buffer.from(renderVerifiedScript(input)) },
  ];
  const files = wanted.map(({ path, contents }) => {
    const hash = sha256(contents);
    return { path, contents, decision: decideFile(hash, disk.get(path), record?.files[path]) };
  });
  const { remove, keep } = removedFiles(record, fetched.name, new Set(wanted.map((file) => file.path)), disk);
  const passed = new Set(input.args.keys());
  return {
    files,
    remove,
    keep,
    toml: settingsEntries(input.settings, input.fn, passed),
    requirements: sourceRequirements(fetched.requirements),
    record: {
      repo: fetched.repo,
      ...(fetched.ref ? { ref: fetched.ref } : {}),
      ...(fetched.commit ? { commit: fetched.commit } : {}),
      function: input.fn.function,
      resources: [...input.resources],
      ...(input.rawSourceArgs ? { sourceArgs: input.rawSourceArgs } : {}),
      pipelineName: input.pipelineName,
      datasetName: input.datasetName,
      files: Object.fromEntries(files.map((file) => [file.path, sha256(file.contents)])),
    },
    pipeline: {
      name: input.pipelineName,
      script,
      datasetName: input.datasetName,
      destination: input.destination,
    },
    warnings: [
      ...keep.map(
        (path) => `${path}: no longer part of ${fetched.name} upstream; you changed it, so it was kept.`,
      ),
    ],
  };
}
