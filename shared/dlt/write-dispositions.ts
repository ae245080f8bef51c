/**
 * dlt's write dispositions and merge strategies (dlt/common/schema/typing.py, dlt 1.31), and the
 * sentence a generated resource's docstring says about them. Each generator offers a subset, in
 * its own order (dlt:incremental never replaces; dlt:custom writes no cdc), checked against these.
 */

export const WRITE_DISPOSITIONS = ['append', 'replace', 'merge'] as const;
export type WriteDisposition = (typeof WRITE_DISPOSITIONS)[number];

export const MERGE_STRATEGIES = ['delete-insert', 'scd2', 'upsert', 'insert-only', 'cdc'] as const;
export type MergeStrategy = (typeof MERGE_STRATEGIES)[number];

/** How a resource loads, as the docstring sentence needs it. */
export interface DispositionSettings {
  writeDisposition: WriteDisposition;
  /** Only with merge; merge without one is delete-insert, dlt's default. */
  mergeStrategy?: MergeStrategy;
  primaryKey: readonly string[];
}

/**
 * The sentence dlt:custom writes in a resource's docstring for its write disposition, and the one
 * dlt:incremental puts in its place when it changes the disposition.
 */
export function dispositionSentence(settings: DispositionSettings): string {
  const key = settings.primaryKey.join(' + ');
  const strategy =
    settings.mergeStrategy ?? (settings.writeDisposition === 'merge' ? 'delete-insert' : undefined);
  switch (strategy) {
    case 'delete-insert':
      return key ? `Merged on ${key}: a row read again replaces the loaded one.` : 'Merged by merge key.';
    case 'upsert':
      return `Upserted on ${key}: a row read again updates the loaded one.`;
    case 'insert-only':
      return `Only rows with a new ${key} are added.`;
    case 'scd2':
      return 'The table keeps every version of a row, with the time each one was valid (SCD2).';
    default:
      return settings.writeDisposition === 'replace'
        ? 'Each run replaces the table with what it reads.'
        : 'Each run appends what it reads.';
  }
}

/** Every sentence dispositionSentence may have written (keys being any text), to find one in a docstring. */
export const DISPOSITION_SENTENCES: readonly RegExp[] = [
  /Each run appends what it reads\./,
  /Each run replaces the table with what it reads\./,
  /Merged on [^\n:]+: a row read again replaces the loaded one\./,
  /Merged by merge key\./,
  /Upserted on [^\n:]+: a row read again updates the loaded one\./,
  /Only rows with a new [^\n]+? are added\./,
  /The table keeps every version of a row, with the time each one was valid \(SCD2\)\./,
];
