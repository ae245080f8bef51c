import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { Transform } from 'node:stream';
import { createConflicterTransform, createYoResolveTransform, forceYoFiles } from '@yeoman/conflicter';
import { diffLines } from 'diff';
import {
  clearFileState,
  isFileNew,
  isFilePending,
  isFileStateDeleted,
  isFileStateModified,
  setCommittedFile,
} from 'mem-fs-editor/state';
import { preflightWrites } from '../files/preflight.js';
import { type FileChange, readIfAny, writeProjectFiles } from '../files/project-writes.js';
import { inFormOf } from '../files/text-encoding.js';
import { UsageError } from '../plan/errors.js';
import { maskTomlValues } from '../toml/mask.js';

/**
 * Yeoman internals, in one place: how a run's in-memory files reach the disk. Yeoman's own commit
 * (yeoman-environment's commitSharedFsTask) writes each file in place with O_TRUNC, one after the
 * other, so a full disk or a kill leaves a cut file, and a read-only file stops the run half-way.
 * This commit keeps Yeoman's steps (.yo-resolve, .yo-rc.json forced, the conflicter asking about
 * changed files and printing --dry-run diffs) and replaces only the last one: the files the
 * conflicter lets through are written together by writeProjectFiles (checked first, atomic,
 * .gitignore before secrets). The run's first generator declares it as the customCommitTask feature.
 */

/** The fields of a mem-fs file this module reads or sets (mem-fs-editor and the conflicter). */
interface MemFsFile {
  path: string;
  contents: Buffer | null;
  stat?: { mode?: number } | null;
  conflicter?: string;
  conflicterChanges?: unknown;
  changesDetected?: boolean;
  /** The state mem-fs-editor's clearFileState took away ('modified' for a write the conflicter skipped). */
  stateCleared?: string;
}

interface YeomanEnvironment {
  adapter: never;
  conflicterOptions?: { dryRun?: boolean };
  sharedFs: {
    pipeline(options: { filter: (file: MemFsFile) => boolean }, ...transforms: unknown[]): Promise<void>;
  };
}

/** What the commit needs of the run. */
export interface CommitRun {
  /** The Yeoman environment (its mem-fs, adapter and conflicter options). */
  env: object;
  root: string;
  dryRun: boolean;
  /** The manifests the install step will write later (checked now, with the others). */
  manifestEdits(): Promise<readonly { path: string; after: string }[]>;
  /** A changed file the user chose not to overwrite when Yeoman asked (its path as the run names it). */
  keptFile(path: string): void;
}

export async function commitRunFiles(run: CommitRun): Promise<void> {
  const env = run.env as YeomanEnvironment;
  const dryRun = Boolean(env.conflicterOptions?.dryRun || run.dryRun);
  const files: MemFsFile[] = [];
  try {
    await env.sharedFs.pipeline(
      { filter: (file) => isFilePending(file as never) || file.path.endsWith('.yo-resolve') },
      inDiskForm(),
      ...(dryRun ? [maskSecretsDiffs()] : []),
      createYoResolveTransform(),
      forceYoFiles(),
      createConflicterTransform(env.adapter, env.conflicterOptions as never),
      collect(files),
    );
  } catch (error) {
    throw explainConflicterStop(error, run.root);
  }
  if (dryRun) return;
  const changes = new Map<FileChange, MemFsFile>();
  for (const file of files) {
    if (declined(file)) run.keptFile(file.path);
    if (isFileStateModified(file as never)) {
      const mode = file.stat?.mode;
      changes.set(
        {
          path: file.path,
          contents: file.contents ?? Buffer.alloc(0),
          mode: mode ? mode & 0o7777 : undefined,
        },
        file,
      );
    } else if (isFileStateDeleted(file as never) && !isFileNew(file as never)) {
      changes.set({ path: file.path }, file);
    }
  }
  const { root } = run;
  // the install step writes the manifests later; they are checked now, with the others
  const manifests = (await run.manifestEdits()).map((edit) => ({
    path: edit.path,
    size: edit.after.length,
  }));
  const sizes = [...changes.keys()].map((change) => ({ path: change.path, size: change.contents?.length }));
  preflightWrites(root, [...sizes, ...manifests]);
  writeProjectFiles(root, [...changes.keys()], (change) => {
    const file = changes.get(change)!;
    setCommittedFile(file as never);
    clearFileState(file as never);
  });
}

/**
 * The conflicter stops the run with its own words ("Process aborted by conflict: x") when --bail
 * meets a changed file, or when the user answers "abort"; nothing has been written then.
 */
function explainConflicterStop(error: unknown, root: string): unknown {
  const message = error instanceof Error ? error.message : '';
  const file = (error as { file?: { path?: string } }).file?.path;
  const shown = file ? relative(root, file) : message.replace(/^Process aborted by conflict: /, '');
  if (message.startsWith('Process aborted by conflict: ')) {
    return new UsageError(
      `${shown} would change (the diff is above), and --bail stops at the first file that would. ` +
        'Nothing was written. Run again without --bail to be asked about it, or with --force to write it.',
    );
  }
  if (message === 'Process aborted by user') return new Error('Stopped as you asked; nothing was written.');
  return error;
}

/**
 * The conflicter clears the state of a file it skips: one whose contents equal the disk's, and a
 * changed one the user answered "do not overwrite" (or "ignore") to. The second is kept as it was.
 */
function declined(file: MemFsFile): boolean {
  if (file.stateCleared !== 'modified' || isFileStateModified(file as never) || !file.contents) return false;
  try {
    return !readFileSync(file.path).equals(file.contents);
  } catch {
    return false;
  }
}

/**
 * Gives each file the text form of the one on disk (its byte order mark, CRLF line ends) before
 * the conflicter compares them: a file that differs only there is identical, not a conflict, and
 * a diff shows only what changes.
 */
function inDiskForm(): Transform {
  return new Transform({
    objectMode: true,
    transform(file: MemFsFile, _encoding, done) {
      if (file.contents && isFileStateModified(file as never)) {
        file.contents = Buffer.from(inFormOf(readIfAny(file.path), file.contents));
      }
      done(null, file);
    },
  });
}

function collect(files: MemFsFile[]): Transform {
  return new Transform({
    objectMode: true,
    transform(file: MemFsFile, _encoding, done) {
      files.push(file);
      done(null, file);
    },
  });
}

/**
 * --dry-run shows a diff of every file that would change; for a secrets file that diff would print
 * the user's secrets. Here its keys are compared with every value masked, and the conflicter is
 * handed that diff instead of computing its own from the real text.
 */
function maskSecretsDiffs(): Transform {
  return new Transform({
    objectMode: true,
    transform(file: MemFsFile, _encoding, done) {
      if (basename(file.path) === 'secrets.toml' && !file.conflicter && !isFileNew(file as never)) {
        const before = maskTomlValues(readDisk(file.path));
        const after = maskTomlValues(file.contents?.toString('utf8') ?? '');
        if (before === after) {
          file.conflicter = 'identical';
        } else {
          file.conflicter = 'conflict';
          file.changesDetected = true;
          file.conflicterChanges = diffLines(before, after);
        }
      }
      done(null, file);
    },
  });
}

function readDisk(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
