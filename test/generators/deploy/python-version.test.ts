import assert from 'node:assert/strict';
import { DEFAULT_PYTHON } from '../../../generators/deploy/actions.js';
import { workflowPythonVersion } from '../../../generators/deploy/python-version.js';

describe("dlt:deploy: the workflow's Python is the project's", () => {
  it("takes the environment's interpreter (venv and uv pyvenv.cfg), then requires-python's lowest", () => {
    assert.equal(
      workflowPythonVersion({ pyvenvCfg: 'home = /x\nversion = 3.11.7\n', requiresPython: '>=3.10' }),
      '3.11',
    );
    assert.equal(
      workflowPythonVersion({ pyvenvCfg: 'home = /x\nversion_info = 3.12.4\nuv = 0.5\n' }),
      '3.12',
    );
    assert.equal(
      workflowPythonVersion({ pyvenvCfg: 'home = /x\n', requiresPython: '<3.15, >=3.13' }),
      '3.13',
    );
    assert.equal(workflowPythonVersion({ requiresPython: '~=3.12' }), '3.12');
    assert.equal(workflowPythonVersion({ requiresPython: '<3.15' }), DEFAULT_PYTHON);
    assert.equal(workflowPythonVersion({}), DEFAULT_PYTHON);
  });
});
