import assert from 'node:assert/strict';
import { INCREMENTAL_NOTE_NAMES } from '../../../../generators/rest/openapi/build.js';
import { importOpenApi } from '../../../../generators/rest/openapi/import.js';
import { documentFromText } from '../../../../generators/rest/openapi/load.js';

/** A spec of `count` list endpoints /items_<i>, each filtered by updated_since on updated_at. */
async function specWithCandidates(count: number) {
  const record = {
    type: 'object',
    properties: { id: { type: 'string' }, updated_at: { type: 'string', format: 'date-time' } },
  };
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    paths[`/items_${i}`] = {
      get: {
        parameters: [{ name: 'updated_since', in: 'query', schema: { type: 'string', format: 'date-time' } }],
        responses: {
          200: {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'array', items: record } } },
          },
        },
      },
    };
  }
  const spec = {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    servers: [{ url: 'https://x.test' }],
    paths,
  };
  return documentFromText(JSON.stringify(spec), 'spec.json');
}

const incrementalNotes = (notes: string[]) => notes.filter((note) => note.startsWith('incremental'));

describe('dlt:rest --openapi summary of the incremental candidates', () => {
  it('names each candidate while they are few', async () => {
    const document = await specWithCandidates(INCREMENTAL_NOTE_NAMES);
    const suggested = await importOpenApi({ document, acceptIncremental: false });
    assert.deepEqual(incrementalNotes(suggested.notes), [
      `incremental candidates, suggested in comments (--openapi-incremental writes them): ${Array.from(
        { length: INCREMENTAL_NOTE_NAMES },
        (_, i) => `items_${i} (updated_since -> updated_at)`,
      ).join(', ')}`,
    ]);
    const written = await importOpenApi({ document, acceptIncremental: true });
    assert.match(
      incrementalNotes(written.notes)[0]!,
      /^incremental loading written for items_0 \(updated_since/,
    );
  });

  it('with many: how many, the first few, and where to see them all (one short line)', async () => {
    const document = await specWithCandidates(1950);
    const suggested = await importOpenApi({ document, acceptIncremental: false });
    const [note] = incrementalNotes(suggested.notes);
    const first = Array.from(
      { length: INCREMENTAL_NOTE_NAMES },
      (_, i) => `items_${i} (updated_since -> updated_at)`,
    ).join(', ');
    assert.equal(
      note,
      `incremental candidates for 1950 resources, suggested in the comments above each in the pipeline script (--openapi-incremental writes them): ${first} and ${1950 - INCREMENTAL_NOTE_NAMES} more`,
    );
    assert.equal(incrementalNotes(suggested.notes).length, 1);
    // every candidate is still suggested where the note says: in its resource's comments
    assert.equal(suggested.incremental.length, 1950);
    assert.match(suggested.comments.get('items_1949')!.join('\n'), /Suggested incremental loading/);

    const written = await importOpenApi({ document, acceptIncremental: true });
    const [writtenNote] = incrementalNotes(written.notes);
    assert.equal(
      writtenNote,
      `incremental loading written for 1950 resources: ${first} and ${1950 - INCREMENTAL_NOTE_NAMES} more (each one's comment in the pipeline script says "incremental on <field>")`,
    );
    assert.match(written.comments.get('items_1949')!.join('\n'), /incremental on updated_at/);
    assert.ok(writtenNote!.length < 400, `${writtenNote!.length} characters`);
  });
});
