import assert from 'node:assert/strict';
import {
  CHANGE_TIME_FIELDS,
  NEXT_CURSOR_PROPERTIES,
  nameKey,
  nameSet,
  PRIMARY_KEY_FIELDS,
} from '../../../../generators/rest/detect/names.js';

describe('rest detect names', () => {
  it('compares names without case or separators', () => {
    assert.equal(nameKey('nextPageToken'), nameKey('next_page_token'));
    assert.equal(nameKey('Next-Page-Token'), 'nextpagetoken');
    assert.ok(NEXT_CURSOR_PROPERTIES.has('nextCursor'));
    assert.ok(!NEXT_CURSOR_PROPERTIES.has('name'));
  });

  it('picks the most specific candidate, whatever order the candidates come in', () => {
    assert.equal(CHANGE_TIME_FIELDS.best(['created_at', 'name', 'updatedAt']), 'updatedAt');
    assert.equal(PRIMARY_KEY_FIELDS.best(['uuid', 'id']), 'id');
    assert.equal(PRIMARY_KEY_FIELDS.best(['name', 'title']), undefined);
  });

  it('keeps the first rank of names that normalise alike', () => {
    const set = nameSet(['next_cursor', 'cursor', 'nextCursor']);
    assert.equal(set.best(['cursor', 'nextCursor']), 'nextCursor');
  });
});
