import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../../shared/plan/errors.js';

/**
 * Brings one source folder of a verified-sources repository (upstream layout: `sources/<name>/`,
 * `sources/<name>_pipeline.py`) into memory: from a git URL or local repository with a shallow,
 * sparse fetch into a temporary folder that is always removed, or from a plain local folder.
 * Nothing is written into the project here, so a failure leaves nothing half-copied.
 */

export const DEFAULT_SOURCES_REPO = 'https://github.com/dlt-hub/verified-sources.git';

export interface FetchRequest {
  /** Git URL, local git repository, or local folder holding `sources/`. */
  repo: string;
  /** Branch, tag or commit; the repository's default branch when absent. */
  ref?: string;
  name: string;
  /** Where a relative local path is resolved from (the user's working directory). */
  baseDir?: string;
  timeoutMs?: number;
}

export interface FetchedFile {
  /** Path inside the source folder, `/`-separated: `__init__.py`, `helpers/client.py`. */
  path: string;
  contents: Buffer;
}

export interface FetchedSource {
  name: string;
  repo: string;
  ref?: string;
  /** The commit the files come from; undefined for a plain folder. */
  commit?: string;
  /** The package files, as `dlt init` copies them (no requirements.txt, no caches). */
  files: FetchedFile[];
  /** Non-empty, non-comment lines of the source's requirements.txt. */
  requirements: string[];
  /** The upstream example script `sources/<name>_pipeline.py`, when there is one. */
  exampleScript?: string;
}

/** Files `dlt init` leaves out of a source folder, plus tool caches. */
const IGNORED = [
  /\.py[cod]$/,
  /\$py\.class$/,
  /^__pycache__$/,
  /^py\.typed$/,
  /^requirements\.txt$/,
  /^\.(mypy|pytest|ruff)_cache$/,
  /^\.DS_Store$/,
];
const isIgnored = (name: string) => IGNORED.some((pattern) => pattern.test(name));

const execFileAsync = promisify(execFile);

const NAME_RULE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isRemoteRepo(repo: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || /^[\w.-]+@[\w.-]+:/.test(repo);
}

function offlineHint(name: string): string {
  return (
    'If this machine has no network access (or no access to that host), clone or copy the ' +
    `verified-sources repository somewhere it can read and point --sources-repo at it, e.g. ` +
    `--sources-repo ~/src/verified-sources (a git clone, or a plain folder with sources/${name}/).`
  );
}

class GitFailure extends Error {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
    readonly missingGit: boolean,
    readonly timedOut: boolean,
  ) {
    super(stderr.trim().split('\n').filter(Boolean).at(-1) ?? `git ${args[0]} failed`);
  }
}

async function git(cwd: string, args: readonly string[], timeoutMs: number): Promise<string> {
  try {
    const { stdout } = await execFileAsync('git', [...args], {
      cwd,
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_ADVICE: '0' },
    });
    return stdout;
  } catch (error) {
    const failure = error as { code?: string | number; stderr?: string; killed?: boolean; signal?: string };
    throw new GitFailure(
      args,
      String(failure.stderr ?? ''),
      failure.code === 'ENOENT',
      Boolean(failure.killed) || failure.signal === 'SIGTERM',
    );
  }
}

function readFolder(root: string): FetchedFile[] {
  const files: FetchedFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (isIgnored(entry.name)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile())
        files.push({ path: relative(root, full).split(sep).join('/'), contents: readFileSync(full) });
    }
  };
  walk(root);
  return files;
}

function requirementLines(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function availableNames(sourcesDir: string): string[] {
  if (!existsSync(sourcesDir)) return [];
  return readdirSync(sourcesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && NAME_RULE.test(entry.name) && !entry.name.startsWith('_'))
    .map((entry) => entry.name)
    .sort();
}

type SourceFiles = Omit<FetchedSource, 'repo' | 'ref' | 'commit'>;

const sourcesDirOf = (root: string) => (existsSync(join(root, 'sources')) ? join(root, 'sources') : root);

/** Reads `sources/<name>/` of a checked-out or plain folder; undefined when it holds no Python code. */
function readSource(root: string, name: string): SourceFiles | undefined {
  const sourcesDir = sourcesDirOf(root);
  const folder = join(sourcesDir, name);
  const files = existsSync(folder) && statSync(folder).isDirectory() ? readFolder(folder) : [];
  if (!files.some((file) => file.path.endsWith('.py'))) return undefined;
  const requirementsFile = join(folder, 'requirements.txt');
  const exampleFile = join(sourcesDir, `${name}_pipeline.py`);
  return {
    name,
    files,
    requirements: requirementLines(
      existsSync(requirementsFile) ? readFileSync(requirementsFile, 'utf8') : undefined,
    ),
    exampleScript: existsSync(exampleFile) ? readFileSync(exampleFile, 'utf8') : undefined,
  };
}

function missingSource(name: string, where: string, available: readonly string[]): UsageError {
  return new UsageError(
    `--source ${name}: there is no source folder sources/${name}/ with Python code in ${where}.` +
      (available.length > 0
        ? ` Sources there: ${available.join(', ')}.`
        : ' Check --sources-repo and --sources-ref.'),
  );
}

function readLocalFolder(path: string, request: FetchRequest): FetchedSource {
  const found = readSource(path, request.name);
  if (!found) throw missingSource(request.name, path, availableNames(sourcesDirOf(path)));
  return { ...found, repo: request.repo };
}

function isGitRepository(path: string): boolean {
  return (
    existsSync(join(path, '.git')) || (existsSync(join(path, 'HEAD')) && existsSync(join(path, 'objects')))
  );
}

const looksLikeCommit = (ref: string) => /^[0-9a-f]{7,40}$/i.test(ref);

/** Shallow, sparse fetch of `sources/<name>` at `ref` into `work`; returns the commit. */
async function checkout(
  work: string,
  url: string,
  request: FetchRequest,
  timeoutMs: number,
): Promise<string> {
  await git(work, ['init', '-q', '.'], timeoutMs);
  await git(work, ['remote', 'add', 'origin', url], timeoutMs);
  try {
    await git(work, ['sparse-checkout', 'set', '--cone', `sources/${request.name}`], timeoutMs);
  } catch (error) {
    // git older than 2.25 has no sparse-checkout: check out the whole (shallow) tree instead
    if (!(error instanceof GitFailure) || error.missingGit) throw error;
  }
  const ref = request.ref ?? 'HEAD';
  try {
    await git(
      work,
      ['fetch', '-q', '--depth', '1', '--filter=blob:none', '--no-tags', 'origin', ref],
      timeoutMs,
    );
    await git(work, ['checkout', '-q', '--detach', 'FETCH_HEAD'], timeoutMs);
  } catch (error) {
    // servers only hand out named refs and full commit ids; an abbreviated commit needs the history
    if (!(error instanceof GitFailure) || !request.ref || !looksLikeCommit(request.ref) || error.missingGit)
      throw error;
    await git(
      work,
      [
        'fetch',
        '-q',
        '--filter=blob:none',
        'origin',
        '+refs/heads/*:refs/remotes/origin/*',
        '+refs/tags/*:refs/tags/*',
      ],
      timeoutMs,
    );
    const commit = (
      await git(work, ['rev-parse', '--verify', '-q', `${request.ref}^{commit}`], timeoutMs)
    ).trim();
    await git(work, ['checkout', '-q', '--detach', commit], timeoutMs);
  }
  return (await git(work, ['rev-parse', 'HEAD'], timeoutMs)).trim();
}

function explain(error: GitFailure, request: FetchRequest, location: string): UsageError {
  const name = request.name;
  if (error.missingGit) {
    return new UsageError(
      `git is not installed (or not on PATH), so ${location} cannot be fetched. Install git, or ` +
        `point --sources-repo at a plain folder holding a copy of the verified-sources repository (with sources/${name}/).`,
    );
  }
  if (error.timedOut) {
    return new UsageError(`Fetching ${location} took too long and was stopped. ${offlineHint(name)}`);
  }
  if (
    /couldn't find remote ref|not a valid|unknown revision|needed a single revision/i.test(
      error.stderr + error.message,
    )
  ) {
    return new UsageError(
      `--sources-ref ${request.ref ?? 'HEAD'}: not found in ${location}; give a branch, a tag or a commit id of that repository.`,
    );
  }
  return new UsageError(`Could not fetch ${location}: ${error.message}. ${offlineHint(name)}`);
}

/** Fetches the source folder `sources/<name>/` from a verified-sources repository. */
export async function fetchVerifiedSource(request: FetchRequest): Promise<FetchedSource> {
  if (!NAME_RULE.test(request.name)) {
    throw new UsageError(`--source "${request.name}": a source name is a Python identifier, e.g. github.`);
  }
  const timeoutMs = request.timeoutMs ?? 180_000;
  const remote = isRemoteRepo(request.repo);
  const path = remote ? request.repo : resolve(request.baseDir ?? process.cwd(), request.repo);
  const location = `${request.repo}${request.ref ? ` at ${request.ref}` : ''}`;

  if (!remote) {
    if (!existsSync(path) || !statSync(path).isDirectory()) {
      throw new UsageError(
        `--sources-repo ${request.repo}: no such folder (${path}). Give a git URL, a local git clone, or a folder with sources/${request.name}/.`,
      );
    }
    if (!isGitRepository(path)) {
      if (request.ref) {
        throw new UsageError(
          `--sources-ref ${request.ref}: ${path} is a plain folder, not a git repository; drop --sources-ref or point --sources-repo at a git clone.`,
        );
      }
      return readLocalFolder(path, request);
    }
  }

  const work = mkdtempSync(join(tmpdir(), 'generator-dlt-sources-'));
  try {
    let commit: string;
    try {
      commit = await checkout(work, path, request, timeoutMs);
    } catch (error) {
      if (!(error instanceof GitFailure)) throw error;
      // a local clone can still be read without git, as dlt init does
      if (!remote && error.missingGit && !request.ref) return readLocalFolder(path, request);
      throw explain(error, request, location);
    }
    const found = readSource(work, request.name);
    if (!found) {
      const listing = await git(work, ['ls-tree', '-d', '--name-only', 'HEAD', 'sources/'], timeoutMs);
      const names = listing
        .split('\n')
        .map((line) => line.replace(/^sources\//, '').trim())
        .filter((entry) => NAME_RULE.test(entry) && !entry.startsWith('_'));
      throw missingSource(request.name, `${location} (commit ${commit.slice(0, 12)})`, names);
    }
    return { ...found, repo: request.repo, ref: request.ref, commit };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
