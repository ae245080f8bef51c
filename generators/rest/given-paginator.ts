/**
 * The client paginator's parameter options (--cursor-key, --limit ...) and the paginator types
 * that read each: the questions ask an option only for those types, and an option given for
 * another type is refused (exit 2) rather than dropped without a word.
 */
import type { PaginatorType } from '../../shared/dlt/rest-vocabulary.js';
import { UsageError } from '../../shared/plan/errors.js';
import { toKebabCase } from '../../shared/python/naming.js';

/** Each paginator parameter option and the --paginator types that read it. */
export const PAGINATOR_PARAM_READERS = {
  nextUrlPath: ['json_link'],
  cursorKey: ['header_cursor'],
  cursorPath: ['cursor'],
  cursorParam: ['cursor', 'header_cursor'],
  limit: ['offset'],
  offsetParam: ['offset'],
  limitParam: ['offset'],
  basePage: ['page_number'],
  pageParam: ['page_number'],
  totalPath: ['offset', 'page_number'],
} as const satisfies Record<string, readonly PaginatorType[]>;

export type PaginatorParamOption = keyof typeof PAGINATOR_PARAM_READERS;

/** Options that set the client paginator's parameters. */
export const PAGINATOR_PARAM_OPTIONS = Object.keys(PAGINATOR_PARAM_READERS) as PaginatorParamOption[];

const readers = (option: PaginatorParamOption): readonly string[] => PAGINATOR_PARAM_READERS[option];
const flag = (option: string) => `--${toKebabCase(option)}`;

/**
 * Refuses the paginator parameter options given (by option name) that the paginator chosen with
 * --paginator does not read; `chosen` is undefined when no --paginator was given (the probe, or
 * dlt, decides the paginator then, so no parameter can apply).
 */
export function checkPaginatorOptions(chosen: string | undefined, given: readonly string[]): void {
  const options = given.filter((option): option is PaginatorParamOption => option in PAGINATOR_PARAM_READERS);
  const unused = options.filter((option) => chosen === undefined || !readers(option).includes(chosen));
  if (unused.length === 0) return;
  const taken = PAGINATOR_PARAM_OPTIONS.filter((option) => chosen && readers(option).includes(chosen));
  const takes = chosen ? ` (--paginator ${chosen} takes ${taken.map(flag).join(', ') || 'none'})` : '';
  const problems = unused.map((option) => {
    const types = readers(option)
      .map((type) => `--paginator ${type}`)
      .join(' or ');
    return `${flag(option)} goes with ${types}, not with ${chosen ? `--paginator ${chosen}` : 'no --paginator'}${takes}`;
  });
  throw new UsageError(
    `Paginator options this run would not use; nothing was written:\n  ${problems.join('\n  ')}\n` +
      (chosen
        ? 'Give the --paginator they go with, or leave them out.'
        : 'Without --paginator the paginator is detected, so these would be dropped: give the --paginator they go with, or leave them out.'),
  );
}
