import assert from 'node:assert/strict';
import {
  fillConnectionString,
  hasSlot,
  leaveOutQueryPart,
  unfilledSlots,
} from '../../../generators/destination/connection-string.js';

const POSTGRES = 'postgresql://<username>:<password>@<host>:5432/<database>';

describe('a connection string filled from its parts', () => {
  it('puts each part given in its place and leaves the others to fill in', () => {
    const filled = fillConnectionString(POSTGRES, { host: 'db.internal', port: 6543 });
    assert.equal(filled, 'postgresql://<username>:<password>@db.internal:6543/<database>');
    assert.deepEqual(unfilledSlots(filled), ['<username>', '<password>', '<database>']);
  });

  it('percent-encodes the user, password and database (dlt unquotes them), and reads no $ pattern in a password', () => {
    assert.equal(
      fillConnectionString(POSTGRES, {
        username: 'lo@der',
        password: "p$&w/r:d'",
        database: 'a b',
        host: 'h',
      }),
      "postgresql://lo%40der:p%24%26w%2Fr%3Ad'@h:5432/a%20b",
    );
    assert.equal(
      fillConnectionString(
        'mssql://<username>:<password>@<host>:1433/<database>?driver=ODBC+Driver+18+for+SQL+Server',
        {
          odbcDriver: 'ODBC Driver 17 for SQL Server',
        },
      ),
      'mssql://<username>:<password>@<host>:1433/<database>?driver=ODBC+Driver+17+for+SQL+Server',
    );
  });

  it('knows which parts a template has a place for (a <port> slot or the usual port after the host)', () => {
    assert.ok(hasSlot(POSTGRES, 'port'));
    assert.ok(hasSlot('<drivername>://<username>:<password>@<host>:<port>/<database>', 'port'));
    assert.ok(!hasSlot(POSTGRES, 'connectTimeout'));
    assert.ok(!hasSlot('snowflake://<username>:<password>@<account identifier>/<database>', 'port'));
    assert.ok(hasSlot('snowflake://<username>:<password>@<account identifier>/<database>', 'host'));
  });

  it('leaves out the query parameter of an optional part not given', () => {
    assert.equal(
      leaveOutQueryPart('snowflake://u:p@acc/db?warehouse=W&role=<role>', 'role'),
      'snowflake://u:p@acc/db?warehouse=W',
    );
    assert.equal(
      leaveOutQueryPart('snowflake://u:p@acc/db?warehouse=W&role=R', 'role'),
      'snowflake://u:p@acc/db?warehouse=W&role=R',
    );
  });
});
