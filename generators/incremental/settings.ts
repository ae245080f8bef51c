import type { MergeStrategy, WriteDisposition } from '../../shared/dlt/write-dispositions.js';

/** What the user chose for a resource's incremental loading, typed. */

export type CursorValue =
  | { kind: 'datetime' | 'date'; value: string }
  | { kind: 'number'; value: number }
  /** An expression already in the code that is not a literal (kept verbatim). */
  | { kind: 'code'; value: string };

export const ROW_ORDERS = ['none', 'asc', 'desc'] as const;
export const ON_CURSOR_VALUE_MISSING = ['raise', 'include', 'exclude'] as const;
/** The write dispositions an incremental resource takes (replacing would drop what was loaded), merge first. */
export const WRITE_DISPOSITIONS = ['merge', 'append'] as const satisfies readonly WriteDisposition[];
/** The merge strategies offered (dlt's, but cdc), in the order they are offered. */
export const MERGE_STRATEGIES = [
  'delete-insert',
  'upsert',
  'insert-only',
  'scd2',
] as const satisfies readonly MergeStrategy[];

export interface IncrementalSettings {
  /** Field name or JSONPath of the cursor in the source's records. */
  cursorPath: string;
  initialValue?: CursorValue;
  endValue?: CursorValue;
  /** Seconds for date-time cursors, a plain difference for numbers. */
  lag?: number;
  rowOrder?: 'asc' | 'desc';
  onCursorValueMissing: (typeof ON_CURSOR_VALUE_MISSING)[number];
  writeDisposition: (typeof WRITE_DISPOSITIONS)[number];
  primaryKey?: string[];
  mergeStrategy: (typeof MERGE_STRATEGIES)[number];
  /** REST: the query parameter that takes the start value; undefined = dlt filters client-side. */
  param?: string;
  /** REST: the query parameter that takes the end value. */
  endParam?: string;
  /** Python: the initial value goes to .dlt/config.toml instead of the code. */
  initialValueInConfig: boolean;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

export const CURSOR_VALUE_RULE =
  'give an ISO date-time (2024-01-31T00:00:00Z), a date (2024-01-31) or a number; ' +
  'write it the way the API writes its cursor values, since dlt compares them as they are';

function validDate(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1;
}

/**
 * Reads a cursor value typed by the user: undefined for "none" (empty), a typed value, or a
 * message saying what is allowed. `keep` is the text of an existing non-literal expression that may
 * be given back unchanged.
 */
export function parseCursorValue(input: unknown, keep?: string): CursorValue | undefined | string {
  if (input === undefined || input === null) return undefined;
  if (typeof input === 'number') {
    return Number.isInteger(input) && !Number.isSafeInteger(input)
      ? `${input} has more digits than can be kept exactly (at most ${Number.MAX_SAFE_INTEGER}): set it in the script`
      : { kind: 'number', value: input };
  }
  const text = String(input).trim();
  if (text === '' || text.toLowerCase() === 'none') return undefined;
  if (keep !== undefined && text === keep) return { kind: 'code', value: keep };
  if (NUMBER.test(text)) {
    // a larger whole number would be written as 1e+23, not with its digits
    if (/^-?\d+$/.test(text) && !Number.isSafeInteger(Number(text))) {
      return `"${text}" has more digits than can be kept exactly (at most ${Number.MAX_SAFE_INTEGER}): set it in the script`;
    }
    return { kind: 'number', value: Number(text) };
  }
  const date = DATE.exec(text);
  if (date) {
    return validDate(date[1]!, date[2]!, date[3]!)
      ? { kind: 'date', value: text }
      : `"${text}" is not a real date: ${CURSOR_VALUE_RULE}`;
  }
  const dateTime = DATETIME.exec(text);
  if (dateTime) {
    const valid = validDate(dateTime[1]!, dateTime[2]!, dateTime[3]!) && Number(dateTime[4]) < 24;
    return valid && Number(dateTime[5]) < 60
      ? { kind: 'datetime', value: text }
      : `"${text}" is not a real date-time: ${CURSOR_VALUE_RULE}`;
  }
  return `"${text}" is not a cursor value: ${CURSOR_VALUE_RULE}`;
}

/** True when `end` comes after `start` (values of different kinds cannot be compared: true). */
export function endsAfter(start: CursorValue | undefined, end: CursorValue | undefined): boolean {
  if (!start || !end || start.kind === 'code' || end.kind === 'code') return true;
  if (start.kind === 'number' && end.kind === 'number') return end.value > start.value;
  if (start.kind !== 'number' && end.kind !== 'number') return end.value > start.value;
  return true;
}

/** "id" or "id, owner_id" (or a list) as a list of column names. */
export function parsePrimaryKey(input: unknown): string[] {
  const parts = Array.isArray(input) ? input.map(String) : String(input ?? '').split(',');
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/** Query parameter names may not be empty or hold characters that end a query string part. */
export function validateParamName(input: unknown): true | string {
  const text = String(input ?? '').trim();
  if (text === '' || text.toLowerCase() === 'none') return true;
  if (/[\s&=?#{}]/.test(text)) {
    return `"${text}" is not a query parameter name: give the name the API documents (e.g. since, updated_after), or none`;
  }
  return true;
}

export function paramFromAnswer(input: unknown): string | undefined {
  const text = String(input ?? '').trim();
  return text === '' || text.toLowerCase() === 'none' ? undefined : text;
}
