import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { type Detection, detectPackageManager } from '../../../shared/packages/detect.js';
import { isUsageError } from '../../../shared/plan/errors.js';

const PYPROJECT = {
  projectOnly: '[project]\nname = "x"\nversion = "0.1.0"\n',
  uv: '[project]\nname = "x"\n\n[tool.uv]\npackage = false\n',
  poetry: '[tool.poetry]\nname = "x"\nversion = "0.1.0"\n',
  poetryBackend: '[project]\nname = "x"\n[build-system]\nbuild-backend = "poetry.core.masonry.api"\n',
  pdm: '[project]\nname = "x"\n[tool.pdm]\ndistribution = false\n',
  pdmBackend: '[project]\nname = "x"\n[build-system]\nbuild-backend = "pdm.backend"\n',
  ruffOnly: '# lint settings only\n[tool.ruff]\nline-length = 100\n',
  uvAndPoetry: '[tool.uv]\n[tool.poetry]\nname = "x"\n',
};

let base: string;

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(base, 'p-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** What detection says, in one comparable line: `uv`, `ambiguous:uv,poetry`, `none`. */
function verdict(detection: Detection): string {
  if (detection.kind === 'detected') return detection.manager;
  if (detection.kind === 'ambiguous') return `ambiguous:${detection.candidates.join(',')}`;
  return 'none';
}

describe('package-manager-detect: the project files decide', () => {
  before(() => {
    base = mkdtempSync(join(tmpdir(), 'dlt-detect-'));
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  const table: [string, Record<string, string>, string][] = [
    ['an empty folder', {}, 'none'],
    ['uv.lock', { 'uv.lock': '' }, 'uv'],
    ['[tool.uv]', { 'pyproject.toml': PYPROJECT.uv }, 'uv'],
    ['uv.toml', { 'uv.toml': '' }, 'uv'],
    ['uv.lock with [project]', { 'uv.lock': '', 'pyproject.toml': PYPROJECT.projectOnly }, 'uv'],
    ['poetry.lock', { 'poetry.lock': '' }, 'poetry'],
    ['[tool.poetry]', { 'pyproject.toml': PYPROJECT.poetry }, 'poetry'],
    ['the poetry build backend', { 'pyproject.toml': PYPROJECT.poetryBackend }, 'poetry'],
    ['poetry.lock and an exported requirements.txt', { 'poetry.lock': '', 'requirements.txt': '' }, 'poetry'],
    ['Pipfile', { Pipfile: '' }, 'pipenv'],
    ['Pipfile.lock', { 'Pipfile.lock': '{}' }, 'pipenv'],
    ['Pipfile and Pipfile.lock', { Pipfile: '', 'Pipfile.lock': '{}' }, 'pipenv'],
    ['pdm.lock', { 'pdm.lock': '' }, 'pdm'],
    ['[tool.pdm]', { 'pyproject.toml': PYPROJECT.pdm }, 'pdm'],
    ['the pdm build backend', { 'pyproject.toml': PYPROJECT.pdmBackend }, 'pdm'],
    ['requirements.txt', { 'requirements.txt': 'dlt\n' }, 'pip'],
    ['requirements-dev.txt only', { 'requirements-dev.txt': '' }, 'pip'],
    ['setup.py', { 'setup.py': '' }, 'pip'],
    [
      'a tool-settings pyproject.toml and requirements.txt',
      { 'pyproject.toml': PYPROJECT.ruffOnly, 'requirements.txt': '' },
      'pip',
    ],
    [
      'a lock file beats leftover settings of another tool',
      { 'uv.lock': '', 'pyproject.toml': PYPROJECT.poetry },
      'uv',
    ],
    ['a pyproject.toml holding only tool settings', { 'pyproject.toml': PYPROJECT.ruffOnly }, 'none'],
    ['two lock files', { 'uv.lock': '', 'poetry.lock': '' }, 'ambiguous:uv,poetry'],
    ['Pipfile.lock and pdm.lock', { 'Pipfile.lock': '{}', 'pdm.lock': '' }, 'ambiguous:pipenv,pdm'],
    ['settings of two tools and no lock', { 'pyproject.toml': PYPROJECT.uvAndPoetry }, 'ambiguous:uv,poetry'],
    [
      'a pyproject.toml with only [project]',
      { 'pyproject.toml': PYPROJECT.projectOnly },
      'ambiguous:uv,poetry,pdm,pip',
    ],
    [
      'only [project] and a requirements.txt',
      { 'pyproject.toml': PYPROJECT.projectOnly, 'requirements.txt': '' },
      'ambiguous:uv,poetry,pdm,pip',
    ],
  ];
  for (const [name, files, expected] of table) {
    it(`${name} -> ${expected}`, () => {
      const root = project(files);
      const detection = detectPackageManager(root, { stopAt: root });
      assert.equal(verdict(detection), expected);
      assert.equal(detection.root, root);
    });
  }

  it('says why it cannot tell', () => {
    const root = project({ 'uv.lock': '', 'poetry.lock': '' });
    const detection = detectPackageManager(root, { stopAt: root });
    assert.equal(detection.kind, 'ambiguous');
    assert.match((detection as { reason: string }).reason, /uv\.lock \(uv\), poetry\.lock \(poetry\)/);
  });

  it('walks up from a subfolder to the nearest project root', () => {
    const root = project({ 'uv.lock': '', 'pyproject.toml': PYPROJECT.uv, 'pipelines/github/.keep': '' });
    const detection = detectPackageManager(join(root, 'pipelines/github'), { stopAt: root });
    assert.equal(verdict(detection), 'uv');
    assert.equal(detection.root, root);
  });

  it('takes the nearest project, not an outer one', () => {
    const root = project({
      'poetry.lock': '',
      'services/etl/requirements.txt': '',
      'services/etl/src/.keep': '',
    });
    const detection = detectPackageManager(join(root, 'services/etl/src'), { stopAt: root });
    assert.equal(verdict(detection), 'pip');
    assert.equal(detection.root, join(root, 'services/etl'));
  });

  it('walks past a pyproject.toml that only holds tool settings', () => {
    const root = project({ 'pdm.lock': '', 'app/pyproject.toml': PYPROJECT.ruffOnly });
    const detection = detectPackageManager(join(root, 'app'), { stopAt: root });
    assert.equal(verdict(detection), 'pdm');
    assert.equal(detection.root, root);
  });

  it('stops at the repository root', () => {
    const root = project({ 'uv.lock': '', 'repo/.git/HEAD': '', 'repo/src/.keep': '' });
    const start = join(root, 'repo/src');
    const detection = detectPackageManager(start, { stopAt: root });
    assert.equal(verdict(detection), 'none');
    assert.equal(detection.root, start);
  });

  it('never takes the home folder for a project root, unless the run starts there', () => {
    const root = project({ 'home/requirements.txt': '', 'home/work/new/.keep': '' });
    const home = join(root, 'home');
    assert.equal(verdict(detectPackageManager(join(home, 'work/new'), { stopAt: root, home })), 'none');
    assert.equal(verdict(detectPackageManager(home, { stopAt: root, home })), 'pip');
  });

  it('does not take a tool on PATH for a signal', () => {
    const root = project({ 'bin/uv': '#!/bin/sh\n', 'bin/poetry': '#!/bin/sh\n' });
    chmodSync(join(root, 'bin/uv'), 0o755);
    chmodSync(join(root, 'bin/poetry'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${join(root, 'bin')}${delimiter}${path}`;
    try {
      assert.equal(verdict(detectPackageManager(join(root, 'bin'), { stopAt: root })), 'none');
    } finally {
      process.env.PATH = path;
    }
  });

  it('refuses a pyproject.toml that is not TOML, naming it', () => {
    const root = project({ 'pyproject.toml': '[project\nname = "x"\n' });
    assert.throws(
      () => detectPackageManager(root, { stopAt: root }),
      (error: unknown) =>
        isUsageError(error) && /pyproject\.toml is not valid TOML/.test((error as Error).message),
    );
  });
});
