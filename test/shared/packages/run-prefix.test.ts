import assert from 'node:assert/strict';
import { dlthubCommandLine, dltPipelineCommand, projectPython } from '../../../shared/packages/run-prefix.js';

describe('how the project runs Python and dlt', () => {
  it('keeps a tool prefix as separate arguments and a venv path whole, spaces included', () => {
    assert.deepEqual(projectPython('uv run python'), { argv: ['uv', 'run', 'python'] });
    assert.deepEqual(projectPython('/home/me/my project/.venv/bin/python'), {
      argv: ['/home/me/my project/.venv/bin/python'],
      binDir: '/home/me/my project/.venv/bin',
    });
    assert.deepEqual(projectPython(undefined), { argv: ['python'] });
  });

  it("prints `dlt pipeline` as the project's Python runs it (-m dlt: also in a workspace), with the venv active for the dashboard", () => {
    assert.equal(
      dltPipelineCommand('poetry run python', 'shop', 'show'),
      'poetry run python -m dlt pipeline shop show',
    );
    assert.equal(
      dltPipelineCommand('.venv/bin/python', 'shop', 'drop', 'items'),
      '. .venv/bin/activate && python -m dlt pipeline shop drop items',
    );
    assert.equal(dltPipelineCommand(undefined, 'shop', 'info'), 'python -m dlt pipeline shop info');
  });

  it("prints dlthub as the project's environment has it (not on PATH until the venv is active)", () => {
    assert.equal(dlthubCommandLine('uv run python'), 'uv run dlthub');
    assert.equal(dlthubCommandLine('.venv/bin/python'), '. .venv/bin/activate && dlthub');
    assert.equal(dlthubCommandLine(undefined), 'dlthub');
  });
});
