import assert from 'node:assert/strict';
import {
  dateTimeFields,
  findRecords,
  primaryKeyCandidates,
  recordsAt,
} from '../../../../generators/rest/probe/records.js';

describe('probe: records of a first page', () => {
  it('finds the records at the root, in the one list of an envelope, or in a nested envelope', () => {
    assert.deepEqual(findRecords([{ id: 1 }]), { selector: '$', records: [{ id: 1 }] });
    assert.equal(findRecords({ results: [{ id: 1 }], next: null })?.selector, 'results');
    assert.equal(
      findRecords({ meta: { total: 1 }, payload: { rows: [{ id: 1 }] } })?.selector,
      'payload.rows',
    );
  });

  it('lets the usual name decide between several lists, and leaves undecided what no name decides', () => {
    assert.equal(findRecords({ data: [{ id: 1 }], included: [{ id: 2 }] })?.selector, 'data');
    assert.equal(findRecords({ left: [{ id: 1 }], right: [{ id: 2 }] }), undefined);
  });

  it('takes an empty list when its name says records, and ignores lists of plain values', () => {
    assert.deepEqual(findRecords({ items: [], tags: ['a'] }), { selector: 'items', records: [] });
    assert.equal(findRecords({ tags: ['a', 'b'] }), undefined);
    assert.equal(findRecords([1, 2]), undefined);
    assert.equal(findRecords('text'), undefined);
  });

  it("reads another page's records at the first page's selector", () => {
    assert.deepEqual(recordsAt({ data: { rows: [{ id: 3 }] } }, 'data.rows'), [{ id: 3 }]);
    assert.equal(recordsAt({ data: 'x' }, 'data'), undefined);
  });

  it('proposes as primary key a usual key field that every record has, no two alike', () => {
    assert.deepEqual(
      primaryKeyCandidates([
        { uuid: 'a', id: 1 },
        { uuid: 'b', id: 2 },
      ]),
      ['id', 'uuid'],
    );
    assert.deepEqual(primaryKeyCandidates([{ id: 1 }, { id: 1 }]), [], 'duplicates');
    assert.deepEqual(primaryKeyCandidates([{ id: 1 }, { id: null }]), [], 'a null');
    assert.deepEqual(primaryKeyCandidates([{ sensor: 'a', value: 1 }]), [], 'no key field');
    assert.deepEqual(primaryKeyCandidates([]), []);
  });

  it('proposes the field named after the records (event_id in events) after the usual names', () => {
    const events = [
      { eventId: 7, title: 'a' },
      { eventId: 8, title: 'b' },
    ];
    assert.deepEqual(primaryKeyCandidates(events, 'events'), ['eventId']);
    assert.deepEqual(primaryKeyCandidates(events), [], 'no collection name: no own id');
    assert.deepEqual(primaryKeyCandidates(events, 'people'), [], 'named after other records');
    assert.deepEqual(
      primaryKeyCandidates(
        [
          { category_id: 1, id: 'x' },
          { category_id: 2, id: 'y' },
        ],
        'categories',
      ),
      ['id', 'category_id'],
    );
    assert.deepEqual(
      primaryKeyCandidates(
        [
          { event_id: 1, n: 1 },
          { event_id: 1, n: 2 },
        ],
        'events',
      ),
      [],
      'duplicates',
    );
  });

  it('lists the date-time fields for incremental loading, change times first', () => {
    const records = [
      {
        created_at: '2024-01-01T00:00:00Z',
        updated_at: '2024-01-02T10:00:00.123+02:00',
        day: '2024-01-01',
        name: 'x',
      },
      { created_at: '2024-01-03 00:00', updated_at: '2024-01-04T00:00:00Z', day: '2024-01-02', name: 'y' },
    ];
    assert.deepEqual(dateTimeFields(records), ['updated_at', 'created_at']);
    assert.deepEqual(dateTimeFields([{ updated_at: '2024-01-01T00:00:00Z' }, { updated_at: null }]), []);
  });
});
