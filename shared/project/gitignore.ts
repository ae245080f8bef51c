import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ProjectContext } from '../plan/context.js';
import { detectEol } from '../toml/scan.js';
import { gitRoot } from './git-root.js';
import { WORKSPACE_MARKER } from './workspace.js';

/**
 * Keeps a dlt project's secrets and local data out of git: merges the patterns below into the
 * project's .gitignore (never replacing it), and tells when secrets.toml is tracked already.
 */

export interface IgnoreRule {
  pattern: string;
  /** Also a path to check: a pattern counts as present when git would ignore this path already. */
  sample: string;
  sampleIsDirectory: boolean;
}

export const DLT_IGNORE_RULES: readonly IgnoreRule[] = [
  { pattern: '.dlt/secrets.toml', sample: '.dlt/secrets.toml', sampleIsDirectory: false },
  { pattern: '*.secrets.toml', sample: '.dlt/dev.secrets.toml', sampleIsDirectory: false },
  { pattern: '*.duckdb', sample: 'my_pipeline.duckdb', sampleIsDirectory: false },
  { pattern: '*.duckdb.wal', sample: 'my_pipeline.duckdb.wal', sampleIsDirectory: false },
  { pattern: '.venv/', sample: '.venv', sampleIsDirectory: true },
  { pattern: '__pycache__/', sample: 'my_package/__pycache__', sampleIsDirectory: true },
];

/**
 * What dlt writes inside a workspace (see workspace.ts): pipeline state, local data and the pinned
 * profile, kept out of git as dlt's own workspace template does. Every dlt the requirements allow
 * (DLT_FLOOR on) writes these folders; dlt 1.26 wrote .dlt/.var and _local instead.
 */
export const WORKSPACE_IGNORE_RULES: readonly IgnoreRule[] = [
  { pattern: '.dlt/state/', sample: '.dlt/state', sampleIsDirectory: true },
  { pattern: '.dlt/data/', sample: '.dlt/data', sampleIsDirectory: true },
  { pattern: '.dlt/profile-name', sample: '.dlt/profile-name', sampleIsDirectory: false },
];

/** Lock files pin the project's dependencies: they belong in git, whatever dlt init's template says. */
export const LOCK_FILES = ['uv.lock', 'poetry.lock', 'Pipfile.lock', 'pdm.lock'] as const;

export const GITIGNORE_MARKER = '# dlt: secrets and local data (added by generator-dlt)';

export interface GitignoreMerge {
  text: string;
  added: string[];
  /** Patterns left out because the file says explicitly not to ignore their paths (`!pattern`). */
  negated: string[];
  /** Lock files the resulting rules ignore. */
  ignoredLockFiles: string[];
}

export function mergeGitignore(
  text: string,
  rules: readonly IgnoreRule[] = DLT_IGNORE_RULES,
): GitignoreMerge {
  const patterns = parseGitignore(text);
  const added: string[] = [];
  const negated: string[] = [];
  for (const rule of rules) {
    const verdict = gitignoreVerdict(patterns, rule.sample, rule.sampleIsDirectory);
    if (verdict === 'negated') negated.push(rule.pattern);
    else if (verdict === 'none') added.push(rule.pattern);
  }
  const merged = added.length > 0 ? addPatterns(text, added) : text;
  const finalPatterns = parseGitignore(merged);
  const ignoredLockFiles = LOCK_FILES.filter(
    (file) => gitignoreVerdict(finalPatterns, file, false) === 'ignored',
  );
  return { text: merged, added, negated, ignoredLockFiles };
}

/** Adds lines under the generator's comment: inside its block when there is one, else in a new block at the end. */
function addPatterns(text: string, patterns: readonly string[]): string {
  const eol = detectEol(text);
  const lines = text.split(/\r?\n/);
  const marker = lines.findIndex((line) => line.trim() === GITIGNORE_MARKER);
  if (marker >= 0) {
    let end = marker + 1;
    while (end < lines.length && lines[end]!.trim() !== '') end += 1;
    lines.splice(end, 0, ...patterns);
    return lines.join(eol);
  }
  let out = text;
  if (out !== '' && !out.endsWith('\n')) out += eol;
  if (out !== '' && !/\n\r?\n$/.test(out)) out += eol;
  return out + [GITIGNORE_MARKER, ...patterns].join(eol) + eol;
}

export interface GitignorePattern {
  regex: RegExp;
  negate: boolean;
  directoryOnly: boolean;
  /** Matched against the whole path (the pattern has a slash) or else against the last name. */
  anchored: boolean;
}

export function parseGitignore(text: string): GitignorePattern[] {
  const patterns: GitignorePattern[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    if (line.startsWith('\\')) line = line.slice(1);
    const directoryOnly = line.endsWith('/');
    if (directoryOnly) line = line.slice(0, -1);
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    if (line === '') continue;
    patterns.push({ regex: globToRegex(line), negate, directoryOnly, anchored });
  }
  return patterns;
}

function globToRegex(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i]!;
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('/**', i) && i + 3 === glob.length) {
      source += '/.*';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        source += '\\[';
        continue;
      }
      const body = glob
        .slice(i + 1, close)
        .replace(/^!/, '^')
        .replace(/\\/g, '\\\\');
      source += `[${body}]`;
      i = close;
    } else if (char === '\\' && i + 1 < glob.length) {
      i += 1;
      source += escapeRegex(glob[i]!);
    } else {
      source += escapeRegex(char);
    }
  }
  return new RegExp(`^${source}$`);
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * What the rules say about a path (relative, with `/`): 'ignored', 'negated' (a `!pattern` wins), or
 * 'none'. As in git, a path inside an ignored directory is ignored whatever comes later.
 */
export function gitignoreVerdict(
  patterns: readonly GitignorePattern[],
  path: string,
  isDirectory: boolean,
): 'ignored' | 'negated' | 'none' {
  const parts = path.split('/');
  for (let depth = 1; depth < parts.length; depth += 1) {
    if (lastMatch(patterns, parts.slice(0, depth), true) === 'ignored') return 'ignored';
  }
  return lastMatch(patterns, parts, isDirectory);
}

function lastMatch(
  patterns: readonly GitignorePattern[],
  parts: readonly string[],
  isDirectory: boolean,
): 'ignored' | 'negated' | 'none' {
  const full = parts.join('/');
  const name = parts[parts.length - 1]!;
  for (let index = patterns.length - 1; index >= 0; index -= 1) {
    const pattern = patterns[index]!;
    if (pattern.directoryOnly && !isDirectory) continue;
    if (pattern.regex.test(pattern.anchored ? full : name)) return pattern.negate ? 'negated' : 'ignored';
  }
  return 'none';
}

const execFileAsync = promisify(execFile);

/** True when git tracks the file in the repository holding `cwd`; false when not, or without git. */
export async function isTrackedByGit(cwd: string, path: string): Promise<boolean> {
  // outside a repository git tracks nothing: no git process to start (GIT_DIR may name one anywhere)
  if (process.env.GIT_DIR === undefined && gitRoot(cwd) === undefined) return false;
  try {
    await execFileAsync('git', ['ls-files', '--error-unmatch', '--', path], { cwd });
    return true;
  } catch {
    return false;
  }
}

/**
 * The project's .gitignore with the dlt patterns merged in (undefined when it has them all), and
 * warnings about what it sees: a `!` rule keeping one of them in git, a lock file ignored, a
 * secrets.toml that git tracks already.
 */
export async function planGitignore(
  context: Pick<ProjectContext, 'root' | 'read'>,
): Promise<{ contents?: string; warnings: string[] }> {
  const before = context.read('.gitignore') ?? '';
  const workspace = context.read(WORKSPACE_MARKER) !== undefined;
  const merge = mergeGitignore(
    before,
    workspace ? [...DLT_IGNORE_RULES, ...WORKSPACE_IGNORE_RULES] : DLT_IGNORE_RULES,
  );
  const warnings: string[] = [];
  for (const pattern of merge.negated) {
    warnings.push(`.gitignore has a "!" rule that keeps ${pattern} in git; dlt projects usually ignore it.`);
  }
  for (const file of merge.ignoredLockFiles) {
    warnings.push(
      `.gitignore ignores ${file}: a lock file pins the project's dependencies and belongs in git; remove that rule.`,
    );
  }
  if (await isTrackedByGit(context.root, '.dlt/secrets.toml')) {
    warnings.push(
      '.dlt/secrets.toml is tracked by git, so its secrets are in the repository: run ' +
        '`git rm --cached .dlt/secrets.toml` and commit (the file stays on disk and .gitignore keeps it out ' +
        'from now on), then change every secret that was ever pushed.',
    );
  }
  return { ...(merge.text !== before ? { contents: merge.text } : {}), warnings };
}
