import { readFileSync, statSync } from 'node:fs';
import { explainFileError } from '../files/file-errors.js';
import { decodeUtf8Strict, TextEncodingError } from '../files/text-encoding.js';
import { UsageError } from '../plan/errors.js';

/** The mem-fs file fields read here (mem-fs-editor sets `state` on a file the run wrote or deleted). */
interface MemFsFile {
  contents: Buffer | null;
  state?: 'modified' | 'deleted';
}

/**
 * A project file as this run sees it: what an earlier generator of the run wrote (in mem-fs), else
 * the file on disk, or undefined when there is none. The disk is read strictly, not through mem-fs
 * (which decodes bad bytes as U+FFFD and drops byte order marks): bytes that are not UTF-8, or a
 * second byte order mark, stop the run (exit 2, nothing written) instead of being rewritten as
 * something else. A folder where the file should be is named too.
 */
export function readProjectText(
  store: { get(path: string): unknown },
  path: string,
  shown: string,
): string | undefined {
  const file = store.get(path) as MemFsFile;
  if (file.state === 'deleted') return undefined;
  if (file.state === 'modified') return file.contents?.toString('utf8') ?? '';
  let bytes: Buffer;
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    bytes = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`${explainFileError(shown, error, 'read')} Nothing was written.`);
  }
  try {
    return decodeUtf8Strict(bytes).text;
  } catch (error) {
    if (!(error instanceof TextEncodingError)) throw error;
    throw new UsageError(
      `${shown} is not valid (${error.message}); generator-dlt would change bytes it cannot read. ` +
        'Nothing was written: save the file as UTF-8 (or move it away), then run again.',
    );
  }
}
