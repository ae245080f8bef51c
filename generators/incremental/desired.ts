import { type Doc, flatText, raw, valueDoc } from '../../shared/python/edit-layout.js';
import type { PyValue } from '../../shared/python/literal.js';
import type { FoundSetting } from '../../shared/python/pipeline-scan.js';
import { type LiteralValue, NOT_LITERAL } from '../../shared/python/pipeline-scan-literals.js';
import type { CursorValue, IncrementalSettings } from './settings.js';

/** A value the code should end up with: how to write it, and its value to compare with what is there. */
export interface Desired {
  doc: Doc;
  literal: LiteralValue | typeof NOT_LITERAL;
}

export function desiredValue(value: PyValue & LiteralValue): Desired {
  return { doc: valueDoc(value), literal: value };
}

export function desiredCursorValue(value: CursorValue): Desired {
  if (value.kind === 'code') return { doc: raw(value.value), literal: NOT_LITERAL };
  return desiredValue(value.value);
}

/** dlt's incremental settings in the order the code lists them; undefined = should not be set. */
export function incrementalEntries(
  settings: IncrementalSettings,
  options: { withInitialValue: boolean },
): [string, Desired | undefined][] {
  const initial = options.withInitialValue ? settings.initialValue : undefined;
  return [
    ['cursor_path', desiredValue(settings.cursorPath)],
    ['initial_value', initial && desiredCursorValue(initial)],
    ['end_value', settings.endValue && desiredCursorValue(settings.endValue)],
    ['lag', settings.lag === undefined ? undefined : desiredValue(settings.lag)],
    ['row_order', settings.rowOrder && desiredValue(settings.rowOrder)],
    [
      'on_cursor_value_missing',
      settings.onCursorValueMissing === 'raise' ? undefined : desiredValue(settings.onCursorValueMissing),
    ],
  ];
}

/** The write disposition as dlt takes it: "merge", "append" or {"disposition", "strategy"}. */
export function desiredWriteDisposition(settings: IncrementalSettings): Desired {
  if (settings.writeDisposition === 'merge' && settings.mergeStrategy !== 'delete-insert') {
    return desiredValue({ disposition: 'merge', strategy: settings.mergeStrategy });
  }
  return desiredValue(settings.writeDisposition);
}

/** A single key as a string, a compound key as a list; undefined when there is none. */
export function desiredPrimaryKey(settings: IncrementalSettings): Desired | undefined {
  const key = settings.primaryKey ?? [];
  if (key.length === 0) return undefined;
  return desiredValue(key.length === 1 ? key[0]! : key);
}

/** A write disposition as {disposition, strategy}, whichever way it is written. */
export function normalizedDisposition(value: unknown): { disposition?: string; strategy?: string } {
  if (typeof value === 'string') {
    return { disposition: value, strategy: value === 'merge' ? 'delete-insert' : undefined };
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const { disposition, strategy } = value as Record<string, unknown>;
    const name = typeof disposition === 'string' ? disposition : undefined;
    return {
      disposition: name,
      strategy: typeof strategy === 'string' ? strategy : name === 'merge' ? 'delete-insert' : undefined,
    };
  }
  return {};
}

/** A primary key as a list of columns, whichever way it is written; undefined when unreadable. */
export function normalizedPrimaryKey(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((part) => typeof part === 'string')) return value as string[];
  return undefined;
}

/** True when the code already holds the desired value (or both are absent). */
export function sameSetting(
  existing: FoundSetting | undefined,
  desired: Desired | undefined,
  compare: (a: unknown) => unknown = (a) => a,
): boolean {
  if (!existing || !desired) return !existing && !desired;
  if (existing.text === flatText(desired.doc)) return true;
  if (existing.value === NOT_LITERAL || desired.literal === NOT_LITERAL) return false;
  return JSON.stringify(compare(existing.value)) === JSON.stringify(compare(desired.literal));
}
