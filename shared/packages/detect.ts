import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseProjectToml, pyprojectFacts } from './pyproject.js';

export const PACKAGE_MANAGERS = ['uv', 'poetry', 'pipenv', 'pdm', 'pip'] as const;
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

export function isPackageManager(value: unknown): value is PackageManager {
  return typeof value === 'string' && (PACKAGE_MANAGERS as readonly string[]).includes(value);
}

/** How strongly a file says which tool manages the project: a lock file beats settings beats pip files. */
export type SignalStrength = 'lock' | 'settings' | 'requirements';
const STRENGTHS: readonly SignalStrength[] = ['lock', 'settings', 'requirements'];

export interface Signal {
  manager: PackageManager;
  strength: SignalStrength;
  /** What was found, for messages: `uv.lock`, `pyproject.toml [tool.poetry]`. */
  evidence: string;
}

export type Detection =
  | { kind: 'detected'; root: string; manager: PackageManager; signals: Signal[] }
  | { kind: 'ambiguous'; root: string; candidates: PackageManager[]; signals: Signal[]; reason: string }
  | { kind: 'none'; root: string };

const MARKER_FILES: Record<string, [PackageManager, SignalStrength]> = {
  'uv.lock': ['uv', 'lock'],
  'poetry.lock': ['poetry', 'lock'],
  'Pipfile.lock': ['pipenv', 'lock'],
  'pdm.lock': ['pdm', 'lock'],
  Pipfile: ['pipenv', 'settings'],
  'uv.toml': ['uv', 'settings'],
  'setup.py': ['pip', 'requirements'],
};

const TOOL_TABLES: Record<string, PackageManager> = { uv: 'uv', poetry: 'poetry', pdm: 'pdm' };

const BUILD_BACKENDS: Record<string, PackageManager> = {
  'poetry.core.masonry.api': 'poetry',
  'pdm.backend': 'pdm',
  'pdm.pep517.api': 'pdm',
};

/** Tools that can manage a PEP 621 `[project]` that names none of them. */
const PEP621_TOOLS: PackageManager[] = ['uv', 'poetry', 'pdm', 'pip'];

interface FolderFacts {
  signals: Signal[];
  /** A pyproject.toml with a `[project]` or `[build-system]` table: a project, whichever tool runs it. */
  isProject: boolean;
}

/** What one folder's own files say. A pyproject.toml holding only tool settings (ruff) says nothing. */
export function folderFacts(folder: string): FolderFacts {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return { signals: [], isProject: false };
  }
  const signals: Signal[] = [];
  for (const name of names) {
    const marker = MARKER_FILES[name];
    if (marker) signals.push({ manager: marker[0], strength: marker[1], evidence: name });
    else if (/^requirements.*\.txt$/i.test(name)) {
      signals.push({ manager: 'pip', strength: 'requirements', evidence: name });
    }
  }
  let isProject = false;
  if (names.includes('pyproject.toml')) {
    const file = join(folder, 'pyproject.toml');
    const data = parseProjectToml(readFileSync(file, 'utf8'), file);
    const facts = pyprojectFacts(data);
    for (const tool of facts.tools) {
      const manager = TOOL_TABLES[tool];
      if (manager) signals.push({ manager, strength: 'settings', evidence: `pyproject.toml [tool.${tool}]` });
    }
    const backendManager = facts.buildBackend ? BUILD_BACKENDS[facts.buildBackend] : undefined;
    if (backendManager) {
      signals.push({
        manager: backendManager,
        strength: 'settings',
        evidence: `pyproject.toml build backend ${facts.buildBackend}`,
      });
    }
    isProject = facts.hasProject || data['build-system'] !== undefined;
  }
  const order = (signal: Signal) => PACKAGE_MANAGERS.indexOf(signal.manager);
  return { signals: signals.sort((a, b) => order(a) - order(b)), isProject };
}

function describe(signals: readonly Signal[]): string {
  return signals.map((signal) => `${signal.evidence} (${signal.manager})`).join(', ');
}

/** Decides from one folder's facts; undefined when the folder is not a project root. */
export function decide(root: string, facts: FolderFacts): Detection | undefined {
  const { signals, isProject } = facts;
  if (signals.length === 0 && !isProject) return undefined;
  const strongest = STRENGTHS.find((strength) => signals.some((s) => s.strength === strength));
  const top = signals.filter((signal) => signal.strength === strongest);
  const managers = [...new Set(top.map((signal) => signal.manager))];
  if (isProject && (strongest === undefined || strongest === 'requirements')) {
    const pipFiles = top.length > 0 ? `; ${describe(top)} suggests pip` : '';
    return {
      kind: 'ambiguous',
      root,
      candidates: PEP621_TOOLS,
      signals,
      reason: `pyproject.toml declares a project but no lock file or tool settings say which tool manages it${pipFiles}`,
    };
  }
  if (managers.length === 1) return { kind: 'detected', root, manager: managers[0]!, signals };
  return {
    kind: 'ambiguous',
    root,
    candidates: managers,
    signals,
    reason: `found ${describe(top)}`,
  };
}

export interface DetectOptions {
  /** Do not look above this folder (tests). */
  stopAt?: string;
  /** The user's home folder: never itself taken as a project root unless the walk starts there. */
  home?: string;
}

/**
 * Finds the project's package manager from its own files, walking up from `start` to the nearest
 * folder that is a project root. The walk ends at a repository root (`.git`), below the home folder,
 * and at the filesystem root. A tool on PATH is no evidence; only project files are.
 */
export function detectPackageManager(start: string, options: DetectOptions = {}): Detection {
  const first = resolve(start);
  const home = resolve(options.home ?? homedir());
  const stopAt = options.stopAt ? resolve(options.stopAt) : undefined;
  let folder = first;
  for (;;) {
    const detection = decide(folder, folderFacts(folder));
    if (detection) return detection;
    const parent = dirname(folder);
    const atBoundary = existsSync(join(folder, '.git')) || folder === stopAt || parent === folder;
    if (atBoundary || parent === home) return { kind: 'none', root: first };
    folder = parent;
  }
}
