import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGenerator, tempProject } from '../../support/cli.js';
import { ruffProblems, runPython } from '../../support/python.js';

/**
 * Real public specs (test/fixtures/openapi/corpus, see its README for where each comes from):
 * the generated pipeline passes ruff and dlt's own rest_api validation (building the source
 * validates the whole config and creates every resource) without sending a request.
 */

const corpus = (name: string) =>
  fileURLToPath(new URL(`../../fixtures/openapi/corpus/${name}`, import.meta.url));

/** Spec, pipeline name, resources the selection must hold (a sample of them), --endpoints if any. */
const SPECS: [string, string, string[], string?][] = [
  ['asana_oas.yaml', 'asana', ['projects', 'tasks', 'users', 'workspaces']],
  ['spotify.json', 'spotify', ['categories', 'me_playlists', 'new_releases']],
  ['pokeapi.yml', 'pokeapi', ['pokemon', 'pokemon_details', 'berry']],
  // path parameters no list fills, read from config.toml
  [
    'spotify.json',
    'spotify_named',
    ['playlists_tracks', 'albums_tracks'],
    '/playlists/{playlist_id}/tracks,get-an-albums-tracks',
  ],
];

describe('dlt:rest --openapi on real specs passes dlt validation without a request @e2e', function () {
  this.timeout(300_000);

  for (const [file, name, expected, endpoints] of SPECS) {
    it(`${file}${endpoints ? ` --endpoints ${endpoints}` : ''}`, async () => {
      const cwd = tempProject('dlt-openapi-corpus-');
      const chosen = endpoints ? ['--endpoints', endpoints] : [];
      const generated = await runGenerator(
        'rest',
        [
          '--yes',
          '--skip-install',
          '--no-probe',
          '--pipeline-name',
          name,
          '--openapi',
          corpus(file),
          ...chosen,
        ],
        cwd,
      );
      assert.equal(generated.code, 0, generated.stderr);
      const script = `${name}_pipeline.py`;
      assert.equal(await ruffProblems(cwd, [script]), '');
      const code = readFileSync(join(cwd, script), 'utf8');
      assert.doesNotMatch(code, /"auto"/);
      const written = [...code.matchAll(/^ {16}"name": "(\w+)",$/gm)].map((m) => m[1]);
      const built = await runPython(
        [
          '-c',
          `import json, ${name}_pipeline as m; s = m.${name}_source(); print(json.dumps(sorted(s.resources)))`,
        ],
        cwd,
      );
      assert.equal(built.code, 0, built.stderr);
      const resources = JSON.parse(built.stdout.trim().split('\n').pop()!) as string[];
      assert.deepEqual(resources, [...written].sort(), 'dlt builds every resource the script names');
      for (const resource of expected)
        assert.ok(resources.includes(resource), `${resource} in ${resources.join(', ')}`);
    });
  }
});
