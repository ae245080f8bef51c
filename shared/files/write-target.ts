import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../plan/errors.js';

const MAX_LINKS = 40;

/**
 * The real file a write to `path` must change: symbolic links (of the file or of a folder on its
 * way) are followed, so that a link inside the project keeps pointing at the file it names, which
 * gets the new contents. A path that is outside the project as written (`../x`, an absolute path
 * elsewhere), and a link that leads out of it, dangling or not, are refused (exit 2), each saying
 * which of the two it is: generator-dlt never writes outside the project it runs in.
 */
export function resolveWriteTarget(root: string, path: string): string {
  const realRoot = realpathSync(root);
  if (!isInside(resolve(root), resolve(root, path))) throw pathOutside(path, root);
  const shown = relative(root, resolve(root, path)) || path;
  let current = resolve(root, path);
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    const candidate = join(realFolder(dirname(current)), basename(current));
    const link = readLinkIfAny(candidate);
    if (link === undefined) {
      if (!isInside(realRoot, candidate)) throw linkOutside(shown, candidate, root);
      return candidate;
    }
    current = resolve(dirname(candidate), link);
  }
  throw new UsageError(
    `${shown}: too many symbolic links (a loop?); replace the link with a file, then run again.`,
  );
}

function pathOutside(path: string, root: string): UsageError {
  return new UsageError(
    `${path} is outside the project (${root}); generator-dlt writes only inside the project. ` +
      'Give a path inside it, then run again. Nothing was written.',
  );
}

function linkOutside(shown: string, target: string, root: string): UsageError {
  return new UsageError(
    `${shown} leads through a symbolic link to ${target}, outside the project (${root}); ` +
      'generator-dlt writes only inside the project. Replace the link with a file (or point it inside the project), then run again. Nothing was written.',
  );
}

/** A folder's real path; folders that do not exist yet (the run creates them) are kept as named. */
function realFolder(folder: string): string {
  const missing: string[] = [];
  const rest = () => [...missing].reverse();
  for (let current = folder; ; current = dirname(current)) {
    try {
      return join(realpathSync(current), ...rest());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // a dangling link among the folders: follow it by hand
      if (code === 'ENOENT' && isLink(current)) {
        return realFolder(join(resolve(dirname(current), readlinkSync(current)), ...rest()));
      }
      if (code !== 'ENOENT' || dirname(current) === current) throw error;
      missing.push(basename(current));
    }
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function readLinkIfAny(path: string): string | undefined {
  return isLink(path) ? readlinkSync(path) : undefined;
}

/** Whether `path` is `folder` or lies in it (a name such as `..cache` does too); both absolute. */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel.split(sep)[0] !== '..' && !isAbsolute(rel));
}
