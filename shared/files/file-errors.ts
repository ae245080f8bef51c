/**
 * Explains a failed file operation the way a user can act on it: which file, what went wrong, what
 * to do. Node's own messages ("ENOSPC: no space left on device, write") name neither the file nor a
 * way out.
 */
export function explainFileError(path: string, error: unknown, doing: 'write' | 'read' = 'write'): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `cannot ${doing} ${path}: the disk is full (${code}). Free some space, then run again.`;
    case 'EACCES':
    case 'EPERM':
      return (
        `cannot ${doing} ${path}: permission denied (${code}). Make the file and its folder ` +
        `${doing === 'write' ? 'writable' : 'readable'} for you (ls -l shows owner and mode), then run again.`
      );
    case 'EISDIR':
      return `cannot ${doing} ${path}: it is a folder where a file should be (EISDIR). Move the folder away, then run again.`;
    case 'ENOTDIR':
      return `cannot ${doing} ${path}: a part of its path is a file where a folder should be (ENOTDIR). Move that file away, then run again.`;
    case 'EROFS':
      return `cannot ${doing} ${path}: the file system is read-only (EROFS). Run in a writable copy of the project.`;
    case 'ELOOP':
      return `cannot ${doing} ${path}: its symbolic links form a loop (ELOOP). Replace the link with a file, then run again.`;
    case 'EMFILE':
    case 'ENFILE':
      return `cannot ${doing} ${path}: too many open files (${code}). Close other programs or raise the limit (ulimit -n), then run again.`;
    default:
      return `cannot ${doing} ${path}: ${(error as Error | undefined)?.message ?? String(error)}`;
  }
}

/** A file operation failed; the message names the file and what to do. */
export class FileError extends Error {
  readonly code: string | undefined;
  constructor(
    readonly path: string,
    cause: unknown,
    doing: 'write' | 'read' = 'write',
  ) {
    super(explainFileError(path, cause, doing));
    this.name = 'FileError';
    this.code = (cause as NodeJS.ErrnoException | undefined)?.code;
  }
}
