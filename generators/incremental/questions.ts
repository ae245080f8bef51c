import { UsageError } from '../../shared/plan/errors.js';
import type { FoundResource, ProjectScan } from '../../shared/python/pipeline-scan.js';
import { NOT_LITERAL } from '../../shared/python/pipeline-scan-literals.js';
import type { Answers, Question } from '../../shared/questions/question.js';
import { normalizedDisposition, normalizedPrimaryKey } from './desired.js';
import {
  type CursorValue,
  endsAfter,
  type IncrementalSettings,
  MERGE_STRATEGIES,
  ON_CURSOR_VALUE_MISSING,
  paramFromAnswer,
  parseCursorValue,
  parsePrimaryKey,
  ROW_ORDERS,
  validateParamName,
  WRITE_DISPOSITIONS,
} from './settings.js';

export interface IncrementalAnswers extends Answers {
  file: string;
  resource: string;
  changeSettings: boolean;
  cursorPath: string;
  initialValue: string;
  endValue: string;
  lag: string;
  rowOrder: string;
  onCursorValueMissing: string;
  writeDisposition: string;
  primaryKey: string;
  mergeStrategy: string;
  param: string;
  endParam: string;
  initialValueInConfig: boolean;
}

/**
 * Every question, as declared once for --help and the options; `targetQuestions` and
 * `settingQuestions` bind them to what the scan found (choices, defaults from existing settings).
 */
export const incrementalQuestions: readonly Question[] = [
  {
    name: 'file',
    message: 'Which pipeline file?',
    description: 'The Python file (path in the project) that defines the resource',
    type: 'select',
  },
  {
    name: 'resource',
    message: 'Which resource should load incrementally?',
    description: 'The resource: a rest_api resource name or a @dlt.resource / @dlt.transformer name',
    type: 'select',
  },
  {
    name: 'changeSettings',
    message: 'It loads incrementally already. Change its settings?',
    description: 'When the resource is incremental already: change its settings (default) or leave it',
    type: 'confirm',
    default: true,
  },
  {
    name: 'cursorPath',
    message: 'Cursor field: the field that grows with every change (a name or a JSONPath)',
    description: 'The cursor field of the records, e.g. updated_at (a field name or a JSONPath)',
    validate: (value) =>
      typeof value === 'string' && value.trim() !== ''
        ? true
        : 'name the field of the records that grows with every change, e.g. updated_at',
  },
  {
    name: 'initialValue',
    message: 'Initial value: where the first run starts (ISO date-time, date or number; empty: load all)',
    description:
      'The cursor value the first run starts from: ISO date-time, date or number (none: load all; ' +
      'required for a rest_api resource with a --param)',
    default: '',
  },
  {
    name: 'endValue',
    message: 'End value, to load only a fixed range (empty: none)',
    description: 'The cursor value to stop before (a backfill range; the run then keeps no state)',
    default: '',
  },
  {
    name: 'lag',
    message: 'Lag: how far back each run starts again (seconds for date-times; empty: none)',
    description: 'Re-read this much before the last cursor value each run (seconds for date-times)',
    default: '',
  },
  {
    name: 'rowOrder',
    message: 'Does the API return records ordered by the cursor?',
    description: 'The order the API returns records in by cursor: none | asc | desc (lets dlt stop early)',
    type: 'select',
    choices: [
      { value: 'none', name: 'no (or unknown)' },
      { value: 'asc', name: 'ascending' },
      { value: 'desc', name: 'descending' },
    ],
    default: 'none',
  },
  {
    name: 'onCursorValueMissing',
    message: 'A record without the cursor field should',
    description: 'What to do with a record that has no cursor value: raise | include | exclude',
    type: 'select',
    choices: [
      { value: 'raise', name: 'stop the run with an error (raise)' },
      { value: 'include', name: 'be loaded (include)' },
      { value: 'exclude', name: 'be skipped (exclude)' },
    ],
    default: 'raise',
  },
  {
    name: 'writeDisposition',
    message: 'How should new and changed records be written?',
    description: 'merge (update changed records by primary key) | append (add every record fetched)',
    type: 'select',
    choices: [
      { value: 'merge', name: 'merge: update changed records by their primary key' },
      { value: 'append', name: 'append: add every record fetched' },
    ],
    default: 'merge',
  },
  {
    name: 'primaryKey',
    message: 'Primary key (a column, or several separated by commas)',
    description:
      'The primary key column(s) for merge, e.g. id or "org_id,id"; records without one: --write-disposition append',
    when: (answers) => answers.writeDisposition === 'merge',
    validate: (value) =>
      parsePrimaryKey(value).length > 0 ? true : 'merge needs a primary key: name its column(s), e.g. id',
  },
  {
    name: 'mergeStrategy',
    message: 'Merge strategy',
    description: 'delete-insert | upsert | insert-only | scd2',
    type: 'select',
    choices: [
      { value: 'delete-insert', name: 'delete-insert: replace changed records (default)' },
      { value: 'upsert', name: 'upsert: update in place (not every destination)' },
      { value: 'insert-only', name: 'insert-only: add new keys, never update' },
      { value: 'scd2', name: 'scd2: keep the history of every change' },
    ],
    when: (answers) => answers.writeDisposition === 'merge',
    default: 'delete-insert',
  },
  {
    name: 'param',
    message: 'Which query parameter of the API takes the start value? (none: dlt filters client-side)',
    description:
      'REST: the query parameter that takes the start value, e.g. since (none: filter client-side)',
    default: '',
    validate: validateParamName,
  },
  {
    name: 'endParam',
    message: 'Which query parameter takes the end value? (none: dlt filters client-side)',
    description: 'REST: the query parameter that takes the end value, e.g. until',
    default: '',
    validate: validateParamName,
  },
  {
    name: 'initialValueInConfig',
    message: 'Put the initial value in .dlt/config.toml instead of the code?',
    description: 'Python resources: write the initial value to .dlt/config.toml (dlt reads it there)',
    type: 'confirm',
    default: false,
  },
];

const declared = (name: string): Question => incrementalQuestions.find((question) => question.name === name)!;

/** The value the resource list uses for a resource (name:line when the name repeats in its file). */
export function resourceKey(resource: FoundResource, all: readonly FoundResource[]): string {
  const twins = all.filter((other) => other.file === resource.file && other.name === resource.name);
  return twins.length > 1 ? `${resource.name}:${resource.line}` : resource.name;
}

export function describeResource(resource: FoundResource): string {
  const kind = resource.kind === 'rest' ? 'rest_api resource' : `@dlt.${resource.decorator}`;
  const status = resource.notEditable
    ? 'cannot be edited safely'
    : resource.incremental
      ? `incremental on ${cursorOf(resource) ?? 'a cursor set in config'}`
      : 'full load';
  return `${resource.name}  (${resource.file}:${resource.line}, ${kind}, ${status})`;
}

function cursorOf(resource: FoundResource): string | undefined {
  const cursor = resource.incremental?.settings.cursor_path;
  return cursor ? cursor.text : undefined;
}

/** The file and resource questions, with the choices the scan found and sensible defaults. */
export function targetQuestions(scan: ProjectScan, given: { resource?: string }): Question[] {
  // grouped once: the choice lists stay linear in the number of resources
  const byFile = new Map<string, FoundResource[]>();
  for (const resource of scan.resources) {
    const list = byFile.get(resource.file);
    if (list) list.push(resource);
    else byFile.set(resource.file, [resource]);
  }
  const files = [...byFile.keys()];
  const inFile = (file: unknown) => byFile.get(String(file)) ?? [];
  const keyOf = (resource: FoundResource) => resourceKey(resource, inFile(resource.file));
  const filesWith = (name: string) => files.filter((file) => inFile(file).some((r) => keyOf(r) === name));
  return [
    {
      ...declared('file'),
      description: `The pipeline file: ${files.join(' | ')}`,
      choices: files.map((file) => ({
        value: file,
        name: `${file}  (${inFile(file)
          .map((resource) => resource.name)
          .join(', ')})`,
      })),
      default: () => {
        if (files.length === 1) return files[0];
        const holding = given.resource ? filesWith(given.resource) : [];
        return holding.length === 1 ? holding[0] : undefined;
      },
    },
    {
      ...declared('resource'),
      choices: (answers) =>
        inFile(answers.file).map((resource) => ({
          value: keyOf(resource),
          name: describeResource(resource),
        })),
      default: (answers) => {
        const resources = inFile(answers.file);
        const candidates = resources.filter((resource) => !resource.notEditable && !resource.incremental);
        const only =
          candidates.length === 1 ? candidates[0] : resources.length === 1 ? resources[0] : undefined;
        return only && keyOf(only);
      },
    },
  ];
}

/** The text an existing setting is shown as, as a default answer. */
function existingText(resource: FoundResource, key: string): string | undefined {
  const found = resource.incremental?.settings[key];
  if (!found) return undefined;
  return found.value === NOT_LITERAL || typeof found.value === 'object' ? found.text : String(found.value);
}

/** The existing non-literal expression of a cursor value setting, which may be kept as it is. */
function existingCode(resource: FoundResource, key: string): string | undefined {
  const found = resource.incremental?.settings[key];
  return found && found.value === NOT_LITERAL ? found.text : undefined;
}

/**
 * rest_api renders "{incremental.start_value}" into the query param as it is: without an initial
 * value the first run asks for `since=None`, which APIs answer with nothing (or an error).
 */
export function initialValueNeeded(param: unknown): string {
  return (
    `a rest_api resource whose query param ${String(param).trim()} takes the start value needs an initial ` +
    `value: without one, the first run sends ${String(param).trim()}=None and the API returns nothing. ` +
    'Give the value the first run starts from, as early as the data goes to load everything ' +
    '(e.g. 1970-01-01T00:00:00Z or 0), or --param none to let dlt filter client-side'
  );
}

function cursorValueQuestion(
  resource: FoundResource,
  name: 'initialValue' | 'endValue',
  key: 'initial_value' | 'end_value',
): Question {
  const keep = existingCode(resource, key);
  return {
    ...declared(name),
    default: existingText(resource, key) ?? '',
    validate: (value, answers) => {
      const parsed = parseCursorValue(value, keep);
      if (typeof parsed === 'string') return parsed;
      if (name === 'initialValue' && !parsed && resource.kind === 'rest' && paramFromAnswer(answers.param)) {
        return initialValueNeeded(answers.param);
      }
      if (name === 'endValue' && parsed) {
        const start = parseCursorValue(answers.initialValue, existingCode(resource, 'initial_value'));
        if (start === undefined) return 'an end value needs an initial value: give --initial-value too';
        if (typeof start !== 'string' && !endsAfter(start, parsed)) {
          return 'the end value must come after the initial value';
        }
      }
      return true;
    },
  };
}

/** The settings questions for one resource, defaulting to what it has already. */
export function settingQuestions(resource: FoundResource, hintedCursor?: string): Question[] {
  const existing = resource.incremental;
  const disposition = normalizedDisposition(
    resource.writeDisposition?.value === NOT_LITERAL ? undefined : resource.writeDisposition?.value,
  );
  const primaryKey = normalizedPrimaryKey(
    resource.primaryKey?.value === NOT_LITERAL ? undefined : resource.primaryKey?.value,
  );
  const isRest = resource.kind === 'rest';
  const oneOf = (value: string | undefined, allowed: readonly string[]) =>
    value !== undefined && allowed.includes(value) ? value : undefined;
  // for a Python resource the parameter only goes into the comment that shows how to use it;
  // for rest_api it is asked first, since it decides whether the initial value is required
  const param: Question = { ...declared('param'), default: existing?.param ?? '' };
  return [
    // the probe's date-time field when the resource has no cursor yet (the comment above it names it)
    { ...declared('cursorPath'), default: existingText(resource, 'cursor_path') ?? hintedCursor },
    ...(isRest ? [param] : []),
    cursorValueQuestion(resource, 'initialValue', 'initial_value'),
    cursorValueQuestion(resource, 'endValue', 'end_value'),
    {
      ...declared('lag'),
      default: existingText(resource, 'lag') ?? '',
      validate: (value) => {
        const text = String(value ?? '').trim();
        return text === '' || (Number.isFinite(Number(text)) && Number(text) >= 0)
          ? true
          : `"${text}" is not a lag: give a number of seconds (or a number for numeric cursors), or nothing`;
      },
    },
    { ...declared('rowOrder'), default: oneOf(existingText(resource, 'row_order'), ROW_ORDERS) ?? 'none' },
    {
      ...declared('onCursorValueMissing'),
      default: oneOf(existingText(resource, 'on_cursor_value_missing'), ON_CURSOR_VALUE_MISSING) ?? 'raise',
    },
    {
      ...declared('writeDisposition'),
      // merge needs a key: a resource without one (and none given) appends what is new
      default: (answers: Answers) =>
        (existing && oneOf(disposition.disposition, WRITE_DISPOSITIONS)) ||
        (primaryKey?.length || String(answers.primaryKey ?? '').trim() ? 'merge' : 'append'),
    },
    { ...declared('primaryKey'), default: primaryKey?.join(', ') },
    {
      ...declared('mergeStrategy'),
      default: oneOf(disposition.strategy, MERGE_STRATEGIES) ?? 'delete-insert',
    },
    ...(isRest ? [] : [param]),
    {
      ...declared('endParam'),
      when: (answers) => isRest && String(answers.endValue ?? '').trim() !== '',
    },
    {
      ...declared('initialValueInConfig'),
      when: (answers) => !isRest && String(answers.initialValue ?? '').trim() !== '',
    },
  ];
}

/** A one-line account of an incremental resource's current settings. */
export function describeIncremental(resource: FoundResource): string {
  const parts: string[] = [];
  const cursor = existingText(resource, 'cursor_path');
  if (cursor) parts.push(`cursor ${cursor}`);
  const initial = existingText(resource, 'initial_value');
  if (initial) parts.push(`initial value ${initial}`);
  if (resource.incremental?.param) parts.push(`query param ${resource.incremental.param}`);
  if (resource.incremental?.style === 'rest-param') parts.push('deprecated param syntax');
  if (resource.incremental?.style === 'rest-defaults') parts.push('inherited from resource_defaults');
  return parts.join(', ') || 'settings in config';
}

function cursorValue(text: unknown, keep: string | undefined, option: string): CursorValue | undefined {
  const parsed = parseCursorValue(text, keep);
  if (typeof parsed === 'string') throw new UsageError(`--${option}: ${parsed}`);
  return parsed;
}

/** The typed settings for the answers (already validated; defaults are checked here too). */
export function settingsFromAnswers(
  answers: IncrementalAnswers,
  resource: FoundResource,
): IncrementalSettings {
  const lag = String(answers.lag ?? '').trim();
  const rowOrder = answers.rowOrder === 'asc' || answers.rowOrder === 'desc' ? answers.rowOrder : undefined;
  const merge = answers.writeDisposition === 'merge';
  const settings: IncrementalSettings = {
    cursorPath: String(answers.cursorPath).trim(),
    initialValue: cursorValue(answers.initialValue, existingCode(resource, 'initial_value'), 'initial-value'),
    endValue: cursorValue(answers.endValue, existingCode(resource, 'end_value'), 'end-value'),
    lag: lag === '' ? undefined : Number(lag),
    rowOrder,
    onCursorValueMissing: answers.onCursorValueMissing as IncrementalSettings['onCursorValueMissing'],
    writeDisposition: merge ? 'merge' : 'append',
    primaryKey: merge ? parsePrimaryKey(answers.primaryKey) : undefined,
    mergeStrategy: (merge ? answers.mergeStrategy : 'delete-insert') as IncrementalSettings['mergeStrategy'],
    param: paramFromAnswer(answers.param),
    endParam: paramFromAnswer(answers.endParam),
    initialValueInConfig: answers.initialValueInConfig === true,
  };
  if (merge && settings.primaryKey!.length === 0) {
    throw new UsageError(
      '--primary-key: merge needs a primary key: name its column(s), e.g. --primary-key id',
    );
  }
  return settings;
}
