import assert from 'node:assert/strict';
import {
  formatResources,
  parentsFirst,
  parseResources,
  type ResourceSpec,
  ResourceSyntaxError,
} from '../../../generators/custom/resources.js';

const resource = (name: string, extra: Partial<ResourceSpec> = {}): ResourceSpec => ({
  name,
  writeDisposition: 'append',
  primaryKey: [],
  ...extra,
});

describe('dlt:custom compact resource syntax', () => {
  it('reads name, write disposition and primary key from the head', () => {
    assert.deepEqual(parseResources('items'), [resource('items')]);
    assert.deepEqual(parseResources('items:replace'), [resource('items', { writeDisposition: 'replace' })]);
    assert.deepEqual(parseResources('items:merge:id'), [
      resource('items', { writeDisposition: 'merge', primaryKey: ['id'] }),
    ]);
    assert.deepEqual(parseResources('items:merge:upsert:id+date'), [
      resource('items', { writeDisposition: 'merge', mergeStrategy: 'upsert', primaryKey: ['id', 'date'] }),
    ]);
    assert.deepEqual(parseResources('events:id'), [resource('events', { primaryKey: ['id'] })]);
  });

  it('reads key=value settings, with quotes and values holding colons', () => {
    const [items, comments] = parseResources(
      'items:merge:id cursor=updated_at initial_value=2024-01-01T00:00:00Z start_param=since, ' +
        "comments parent=items path='/items/{id}/comments' paginator=single_page data_selector=$",
    );
    assert.deepEqual(items, {
      ...resource('items', { writeDisposition: 'merge', primaryKey: ['id'] }),
      cursor: 'updated_at',
      initialValue: '2024-01-01T00:00:00Z',
      startParam: 'since',
    });
    assert.deepEqual(comments, {
      ...resource('comments'),
      parent: 'items',
      path: '/items/{id}/comments',
      paginator: 'single_page',
      dataSelector: '$',
    });
  });

  it('separates resources with commas, semicolons or new lines', () => {
    const names = (text: string) => parseResources(text).map((r) => r.name);
    assert.deepEqual(names('a, b;c\nd'), ['a', 'b', 'c', 'd']);
  });

  it('reads whole numbers as numeric initial values, aliases and the merge:<strategy> setting', () => {
    const [spec] = parseResources(
      'events key=id incremental=id initial=0 disposition=merge:scd2 data_from=x',
    );
    assert.deepEqual(spec, {
      ...resource('events', { writeDisposition: 'merge', mergeStrategy: 'scd2', primaryKey: ['id'] }),
      cursor: 'id',
      initialValue: 0,
      parent: 'x',
    });
  });

  it('takes a list of objects from an answers file, in snake or camel case', () => {
    const parsed = parseResources([
      { name: 'items', write_disposition: { disposition: 'merge', strategy: 'upsert' }, primary_key: ['id'] },
      { name: 'comments', parent: 'items', dataSelector: 'data' },
      'tags:replace',
    ]);
    assert.deepEqual(parsed, [
      resource('items', { writeDisposition: 'merge', mergeStrategy: 'upsert', primaryKey: ['id'] }),
      { ...resource('comments'), parent: 'items', dataSelector: 'data' },
      resource('tags', { writeDisposition: 'replace' }),
    ]);
  });

  it('says what is wrong and what is allowed', () => {
    const error = (input: unknown) => {
      try {
        parseResources(input);
      } catch (caught) {
        assert.ok(caught instanceof ResourceSyntaxError);
        return caught.message;
      }
      assert.fail(`no error for ${JSON.stringify(input)}`);
    };
    assert.match(error('items:upsert:id'), /write it as name\[:write_disposition\]\[:primary_key\]/);
    assert.match(
      error('items colour=red'),
      /"colour" is not a resource setting; use: write_disposition, primary_key/,
    );
    assert.match(error('items cursor'), /"cursor" is not a key=value setting/);
    assert.match(
      error('items write_disposition=upsert'),
      /not one of: append, replace, merge, merge:<strategy>/,
    );
    assert.match(error('items strategy=fast'), /merge strategy "fast" is not one of: delete-insert, upsert/);
    assert.match(
      error('items strategy=scd2'),
      /items: merge strategy "scd2" goes with write_disposition merge, not append: write items:merge:scd2, or leave the strategy out/,
    );
    assert.match(
      error('items write_disposition=replace:upsert'),
      /"upsert" goes with write_disposition merge, not replace/,
    );
    assert.match(
      error([{ name: 'items', write_disposition: { disposition: 'append', strategy: 'scd2' } }]),
      /"scd2" goes with write_disposition merge, not append/,
    );
    assert.match(error('items path="/a'), /quote is not closed/);
    assert.match(error('cursor=x'), /a resource starts with its name/);
    assert.match(error([{ parent: 'x' }]), /every resource needs a name/);
  });

  it('formats to a canonical text that parses back to the same resources', () => {
    const resources = [
      resource('items', { writeDisposition: 'merge', mergeStrategy: 'upsert', primaryKey: ['id', 'date'] }),
      { ...resource('comments'), parent: 'items', path: '/items/{id}/comments', call: undefined },
      { ...resource('events', { primaryKey: ['merge'] }), cursor: 'seq', initialValue: 10 },
      { ...resource('notes'), dataSelector: 'a b' },
    ];
    const text = formatResources(resources);
    assert.equal(
      text,
      'items:merge:upsert:id+date, comments parent=items path=/items/{id}/comments, ' +
        'events primary_key=merge cursor=seq initial_value=10, notes data_selector="a b"',
    );
    assert.deepEqual(
      parseResources(text),
      resources.map((r) => JSON.parse(JSON.stringify(r))),
    );
  });

  it('orders parents before their transformers and refuses a loop', () => {
    const ordered = parentsFirst([
      resource('comments', { parent: 'items' }),
      resource('reactions', { parent: 'comments' }),
      resource('items'),
    ]);
    assert.deepEqual(
      ordered.map((r) => r.name),
      ['items', 'comments', 'reactions'],
    );
    assert.throws(
      () => parentsFirst([resource('a', { parent: 'b' }), resource('b', { parent: 'a' })]),
      /the parents form a loop: a -> b -> a/,
    );
  });
});
