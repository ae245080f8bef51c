import type { TomlEntry } from '../toml/entry.js';
import type { PipelineInfo } from './run-state.js';

/**
 * What may happen to a planned file that exists already:
 * - create: a file the generator writes; one the user changed is Yeoman's conflict to ask about
 *   (without a terminal the run stops before writing, naming --force)
 * - merge: the generator merged the user's file itself (every conflict decided): written as it is
 * - edit-the-user-named: an edit of a file the user named (--file): without a terminal the request
 *   is the consent, written without a second question; in one, Yeoman shows the diff and asks
 * - keep-existing: written only when there is none; an existing one is left, and the next steps say so
 * - replace-if-untouched: a file an earlier run wrote (a copied source package): replaced without a
 *   question when the user left it as that run wrote it (`untouched`); one the user changed is
 *   Yeoman's conflict in a terminal or with --force, and is kept with a warning otherwise
 * - keep-user-edits: like create, but without a terminal a file that differs (the user's edits?) is
 *   kept and reported as a conflict with a warning, instead of stopping the run (--force replaces it)
 */
export type ConflictRule =
  | 'create'
  | 'merge'
  | 'edit-the-user-named'
  | 'keep-existing'
  | 'replace-if-untouched'
  | 'keep-user-edits';

/** A file the generator renders. */
export interface TextFile {
  /** Relative to the project. */
  path: string;
  contents: string;
  /** create when not given. */
  rule?: Exclude<ConflictRule, 'replace-if-untouched'>;
}

/** A file of a package an earlier run copied in (a verified source), bytes as they come. */
export interface PackageFile {
  path: string;
  contents: Buffer;
  rule: 'replace-if-untouched';
  /** The project's copy is as the earlier run wrote it (or absent). */
  untouched: boolean;
}

export type PlannedFile = TextFile | PackageFile;

/**
 * The one shape every generator's plan takes: what should change in the project, decided from the
 * answers and what was read, with no I/O. The shell's applyPlan carries it out, in this order:
 * files, TOML entries (and the .gitignore rules that keep secrets out of git), dlt's performance
 * advice, requirements, pipelines, warnings, next steps. A generator's plan may add fields of its
 * own (what it read, what it decided) for its tests and its summary.
 */
export interface Plan {
  files: PlannedFile[];
  /** Entries for .dlt/config.toml and .dlt/secrets.toml (secrets only to secrets.toml). */
  toml: TomlEntry[];
  /** Merge dlt's ignore rules (secrets.toml, local DuckDB files, .venv ...) into .gitignore. */
  gitignore: boolean;
  /** dlt's performance settings (performance-advice.ts) in .dlt/config.toml (always, or only into a new file). */
  performanceAdvice?: 'always' | 'new-config-only';
  requirements: string[];
  devRequirements: string[];
  /** Pipelines written: the summary says how to run each, and the dashboard's packages come with them. */
  pipelines: PipelineInfo[];
  warnings: string[];
  nextSteps: string[];
}

/** A plan that changes nothing, to build on. */
export function emptyPlan(): Plan {
  return {
    files: [],
    toml: [],
    gitignore: false,
    requirements: [],
    devRequirements: [],
    pipelines: [],
    warnings: [],
    nextSteps: [],
  };
}
