import assert from 'node:assert/strict';
import { dltCommandLine, projectPython } from '../../../shared/packages/run-prefix.js';

describe('how the project runs Python and dlt', () => {
  it('keeps a tool prefix as separate arguments and a venv path whole, spaces included', () => {
    assert.deepEqual(projectPython('uv run python'), { argv: ['uv', 'run', 'python'] });
    assert.deepEqual(projectPython('/home/me/my project/.venv/bin/python'), {
      argv: ['/home/me/my project/.venv/bin/python'],
      binDir: '/home/me/my project/.venv/bin',
    });
    assert.deepEqual(projectPython(undefined), { argv: ['python'] });
  });

  it("prints the dlt CLI of the project's environment, with the venv active for the dashboard", () => {
    assert.equal(dltCommandLine('poetry run python'), 'poetry run dlt');
    assert.equal(dltCommandLine('.venv/bin/python'), '. .venv/bin/activate && dlt');
    assert.equal(dltCommandLine('python'), 'dlt');
  });
});
