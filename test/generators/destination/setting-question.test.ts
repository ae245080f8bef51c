import assert from 'node:assert/strict';
import { settingQuestion } from '../../../generators/destination/questions.js';

describe('dlt:destination setting questions: numbers are checked', () => {
  const port = settingQuestion({
    setting: { option: 'port', key: 'port', label: 'Server port', integer: true },
  } as never);
  const timeout = settingQuestion({
    setting: { option: 'connectTimeout', key: 'connect_timeout', label: 'Timeout', integer: true },
  } as never);

  it('a port is 1 to 65535', () => {
    assert.equal(port.validate!('5432', {}), true);
    assert.equal(port.validate!('', {}), true);
    assert.match(String(port.validate!('99999999', {})), /"99999999" is not a port \(1 to 65535\)/);
    assert.match(String(port.validate!('0', {})), /is not a port/);
    assert.match(String(port.validate!('54x', {})), /is not a whole number/);
  });

  it('a whole number keeps its digits: one JavaScript cannot hold exactly is refused', () => {
    assert.equal(timeout.validate!('30', {}), true);
    assert.match(String(timeout.validate!('100000000000000000000000', {})), /is too large/);
  });
});
