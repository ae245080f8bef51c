import type { Ask } from '../questions/question.js';

/**
 * What the code below the shell knows of a run: the project folder, its files as the run sees
 * them, and callbacks, never the generator object. The shell (shared/shell/) builds one from the
 * Yeoman generator; a test builds one from a folder.
 */
export interface ProjectContext {
  /** The project folder, absolute. */
  readonly root: string;
  /** A project file (path relative to root) as this run sees it, its earlier writes included; undefined when absent. */
  read(path: string): string | undefined;
  /**
   * Writes a project file whose every conflict is decided already (a merge of the user's file, or
   * an edit the user asked for), and records it for the summary. `mode` for a new or tightened file.
   */
  write(path: string, contents: string, options?: { mode?: number }): void;
  log(message: string): void;
  /** Asks one declared question in the terminal (only when canAsk). */
  ask: Ask;
  /** False with --yes, or when stdin is not a terminal. */
  readonly canAsk: boolean;
  /** --force: take new values and file versions without asking. */
  readonly force: boolean;
  /** --dry-run: write and run nothing. */
  readonly dryRun: boolean;
}

/** Runs a program (Yeoman's spawn: execa underneath); rejects when it fails. */
export type Spawn = (
  file: string,
  args: readonly string[],
  options: Record<string, unknown>,
) => Promise<{ stdout?: unknown }>;
