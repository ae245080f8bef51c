import assert from 'node:assert/strict';
import {
  GITIGNORE_MARKER,
  gitignoreVerdict,
  LOCK_FILES,
  mergeGitignore,
  parseGitignore,
} from '../../../shared/project/gitignore.js';

const verdict = (rules: string, path: string, directory = false) =>
  gitignoreVerdict(parseGitignore(rules), path, directory);

describe('.gitignore merge', () => {
  it('adds every dlt pattern under its comment to a project without .gitignore', () => {
    const { text, added } = mergeGitignore('');
    assert.equal(
      text,
      [
        GITIGNORE_MARKER,
        '.dlt/secrets.toml',
        '*.secrets.toml',
        '*.duckdb',
        '*.duckdb.wal',
        '.venv/',
        '__pycache__/',
        '',
      ].join('\n'),
    );
    assert.equal(added.length, 6);
  });

  it('keeps the user’s file as it is and adds only what its rules do not cover yet', () => {
    const before = '# python\n**/__pycache__\n/.venv\nsecrets.toml\n*.duckdb*\n';
    const { text, added } = mergeGitignore(before);
    assert.ok(text.startsWith(before));
    assert.deepEqual(added, ['*.secrets.toml']);
    assert.equal(text, `${before}\n${GITIGNORE_MARKER}\n*.secrets.toml\n`);
  });

  it('is idempotent, keeps CRLF, and copes with a missing final newline', () => {
    const once = mergeGitignore('node_modules/\r\n*.log').text;
    assert.ok(once.startsWith('node_modules/\r\n*.log\r\n\r\n'));
    assert.ok(!/[^\r]\n/.test(once), 'every line ends with CRLF');
    assert.equal(mergeGitignore(once).text, once);
  });

  it('adds new patterns inside the block an earlier run wrote', () => {
    const earlier = `dist/\n\n${GITIGNORE_MARKER}\n.dlt/secrets.toml\n*.duckdb\n\n# mine\ntmp/\n`;
    const { text, added } = mergeGitignore(earlier);
    assert.deepEqual(added, ['*.secrets.toml', '*.duckdb.wal', '.venv/', '__pycache__/']);
    assert.equal(
      text,
      `dist/\n\n${GITIGNORE_MARKER}\n.dlt/secrets.toml\n*.duckdb\n*.secrets.toml\n*.duckdb.wal\n.venv/\n__pycache__/\n\n# mine\ntmp/\n`,
    );
  });

  it('respects an explicit "!" rule and reports it, instead of overriding it', () => {
    const { added, negated } = mergeGitignore('*.duckdb\n!*.duckdb\n');
    assert.deepEqual(negated, ['*.duckdb']);
    assert.ok(!added.includes('*.duckdb'));
  });

  it('never ignores lock files, and reports rules that do', () => {
    const { text, ignoredLockFiles } = mergeGitignore('*.lock\nPipfile.lock\n');
    const added = text.slice('*.lock\nPipfile.lock\n'.length).split('\n');
    for (const lock of LOCK_FILES) assert.ok(!added.some((line) => verdict(line, lock) === 'ignored'));
    assert.deepEqual(ignoredLockFiles, ['uv.lock', 'poetry.lock', 'Pipfile.lock', 'pdm.lock']);
    assert.deepEqual(mergeGitignore('').ignoredLockFiles, []);
  });
});

describe('gitignore rules', () => {
  it('match a name at any depth unless they have a slash', () => {
    assert.equal(verdict('secrets.toml', '.dlt/secrets.toml'), 'ignored');
    assert.equal(verdict('/secrets.toml', '.dlt/secrets.toml'), 'none');
    assert.equal(verdict('.dlt/secrets.toml', 'sub/.dlt/secrets.toml'), 'none');
    assert.equal(verdict('**/.dlt/secrets.toml', 'sub/.dlt/secrets.toml'), 'ignored');
  });

  it('match directories only with a trailing slash, and everything inside an ignored directory', () => {
    assert.equal(verdict('.venv/', '.venv', true), 'ignored');
    assert.equal(verdict('.venv/', '.venv', false), 'none');
    assert.equal(verdict('.dlt/\n!.dlt/secrets.toml', '.dlt/secrets.toml'), 'ignored');
    assert.equal(verdict('.dlt/*\n!.dlt/config.toml', '.dlt/config.toml'), 'negated');
    assert.equal(verdict('logs/**', 'logs/a/b.txt'), 'ignored');
  });

  it('understand wildcards, character classes and escapes', () => {
    assert.equal(verdict('*.secrets.toml', '.dlt/dev.secrets.toml'), 'ignored');
    assert.equal(verdict('*.secrets.toml', '.dlt/secrets.toml'), 'none');
    assert.equal(verdict('[._]venv/', '.venv', true), 'ignored');
    assert.equal(verdict('[!.]venv/', '.venv', true), 'none');
    assert.equal(verdict('my_pipeline.duck?b', 'my_pipeline.duckdb'), 'ignored');
    assert.equal(verdict('\\#notes', '#notes'), 'ignored');
    assert.equal(verdict('# a comment\n\n   \n', 'x'), 'none');
  });
});
