import { strict as assert } from 'node:assert';
import { parse } from 'smol-toml';
import { addProjectTable, DLT_REQUIRES_PYTHON, projectNameFor } from '../../../shared/packages/pyproject.js';
import { isUsageError } from '../../../shared/plan/errors.js';

const table = { name: 'my-pipelines', requiresPython: DLT_REQUIRES_PYTHON };
const BLOCK =
  '[project]\nname = "my-pipelines"\nversion = "0.1.0"\nrequires-python = ">=3.10,<3.15"\ndependencies = []\n';

describe('pyproject: a minimal [project] table where a tool needs one', () => {
  it('writes a new pyproject.toml', () => {
    assert.equal(addProjectTable('', table), BLOCK);
  });

  it('puts [project] before the first table and leaves every other byte as it was', () => {
    const before =
      '# formatter settings\n[tool.ruff]\nline-length = 100  # wide\n\n[tool.black]\nskip-string-normalization = true\n';
    const after = addProjectTable(before, table);
    assert.equal(after, `${BLOCK}\n${before}`);
  });

  it('keeps a file header comment at the top and a table comment with its table', () => {
    const before = '# Project settings, shared by the team.\n\n# lint\n[tool.ruff]\nline-length = 100\n';
    const after = addProjectTable(before, table);
    assert.equal(
      after,
      `# Project settings, shared by the team.\n\n${BLOCK}\n# lint\n[tool.ruff]\nline-length = 100\n`,
    );
  });

  it('adds the tool setting that marks an application, unless the tool table exists', () => {
    const setting = { tool: 'pdm', key: 'distribution', value: false };
    const after = addProjectTable('[tool.ruff]\nline-length = 100\n', { ...table, toolSetting: setting });
    const data = parse(after) as { tool: { pdm: unknown; ruff: unknown } };
    assert.deepEqual({ ...(data.tool.pdm as object) }, { distribution: false });
    assert.deepEqual({ ...(data.tool.ruff as object) }, { 'line-length': 100 });
    const own = '[tool.pdm.scripts]\nstart = "python x.py"\n';
    assert.equal(addProjectTable(own, { ...table, toolSetting: setting }), `${BLOCK}\n${own}`);
  });

  it('keeps keys at the top level where they were', () => {
    const before = 'title = "x"\n\n[tool.ruff]\nline-length = 100\n';
    const data = parse(addProjectTable(before, table)) as Record<string, unknown>;
    assert.equal(data.title, 'x');
    assert.equal((data.project as { name: string }).name, 'my-pipelines');
  });

  it('appends at the end when inserting earlier would change the file', () => {
    const before = 'matrix = [\n[1, 2],\n]\n[tool.ruff]\nline-length = 100\n';
    const after = addProjectTable(before, table);
    assert.equal(after, `${before}\n${BLOCK}`);
  });

  it('leaves a file with a [project] table alone', () => {
    const before = '[tool.ruff]\n[project]\nname = "mine"\n';
    assert.equal(addProjectTable(before, table), before);
  });

  it('keeps Windows line endings', () => {
    const after = addProjectTable('[tool.ruff]\r\nline-length = 100\r\n', table);
    assert.ok(!/[^\r]\n/.test(after), 'every newline is CRLF');
  });

  it('refuses a file that is not TOML, and says which', () => {
    assert.throws(
      () => addProjectTable('[tool.ruff\n', table, '/p/pyproject.toml'),
      (error: unknown) =>
        isUsageError(error) && /\/p\/pyproject\.toml is not valid TOML/.test((error as Error).message),
    );
  });

  it('names the project after its folder, as PEP 508 allows', () => {
    assert.equal(projectNameFor('My Pipelines'), 'my-pipelines');
    assert.equal(projectNameFor('dlt_project.2'), 'dlt_project.2');
    assert.equal(projectNameFor('__'), 'dlt-project');
  });
});
