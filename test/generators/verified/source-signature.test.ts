import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fetchVerifiedSource } from '../../../generators/verified/fetch.js';
import {
  type DecoratedFunction,
  derivePackageSignature,
  entryPoints,
  importModule,
  type PackageSignature,
  sourceResourceNames,
} from '../../../generators/verified/source-signature.js';
import {
  catalogSettings,
  type DerivedSettings,
  parseType,
  settingsOf,
} from '../../../generators/verified/source-signature-settings.js';
import { credentialSpecs, verifiedCatalog } from '../../../shared/dlt/verified-catalog.js';

const fixtureSources = fileURLToPath(new URL('../../fixtures/verified', import.meta.url));

async function signatureOf(name: string, repo = fixtureSources): Promise<PackageSignature> {
  const fetched = await fetchVerifiedSource({ repo, name });
  return derivePackageSignature(
    name,
    fetched.files
      .filter((file) => file.path.endsWith('.py'))
      .map((file) => ({ path: file.path, text: file.contents.toString('utf8') })),
  );
}

function functionNamed(signature: PackageSignature, name: string): DecoratedFunction {
  const fn = entryPoints(signature).find((candidate) => candidate.function === name);
  assert.ok(fn, `no entry point ${name}`);
  return fn;
}

/** `S sources.x.credentials.key` lines: S(ecret) or C(onfig), where, what; easy to compare whole. */
function lines(derived: DerivedSettings): string[] {
  return [
    ...derived.settings.map(
      (setting) =>
        `${setting.secret ? 'S' : 'C'} ${[...setting.table, setting.key].join('.')} ${setting.kind}`,
    ),
  ];
}

describe('source signature: settings derived from a source package', () => {
  let demo: PackageSignature;
  before(async () => {
    demo = await signatureOf('credentials_demo');
  });

  it('finds the sources of the package and its sub-packages, then standalone resources', () => {
    assert.deepEqual(
      entryPoints(demo).map((fn) => `${fn.kind} ${fn.function}`),
      ['source demo_source', 'source warehouse_source', 'source mailbox_source', 'resource events_stream'],
    );
    // mailbox_source lives in credentials_demo/mailbox/ but the package re-exports it
    assert.equal(importModule(demo, functionNamed(demo, 'mailbox_source')), 'credentials_demo');
    assert.deepEqual(sourceResourceNames(demo, functionNamed(demo, 'demo_source')), [
      'projects',
      'members',
      'settings',
    ]);
  });

  it('expands a Union of the package credential classes into the first one, naming the others', () => {
    const derived = settingsOf(demo, functionNamed(demo, 'demo_source'), credentialSpecs());
    assert.deepEqual(lines(derived), [
      'S sources.credentials_demo.credentials.subdomain text',
      'S sources.credentials_demo.credentials.api_key text',
      'C sources.credentials_demo.workspace text',
      // required, and a list: a placeholder too (dlt init writes none), its comment says the shape
      'C sources.credentials_demo.tags text',
      'C sources.credentials_demo.max_pages integer',
      // resources the source uses read their own values in the same section
      'S sources.credentials_demo.api_token text',
      'C sources.credentials_demo.team text',
    ]);
    const [subdomain] = derived.settings;
    assert.equal(
      subdomain?.note,
      'or instead: subdomain, client_id, client_secret, refresh_token (OAuthCredentials)',
    );
    assert.equal(derived.settings.find((s) => s.key === 'workspace')?.description, 'The workspace to read.');
    assert.equal(
      derived.settings.find((s) => s.key === 'api_token')?.description,
      'Token of the projects API.',
    );
  });

  it("expands dlt's own credential classes from the catalog and honours section=", () => {
    const derived = settingsOf(demo, functionNamed(demo, 'warehouse_source'), credentialSpecs());
    assert.deepEqual(lines(derived), [
      'S sources.warehouse.credentials.project_id text',
      'S sources.warehouse.credentials.private_key text',
      'S sources.warehouse.credentials.client_email text',
    ]);
    assert.match(
      derived.settings[0]?.note ?? '',
      /client_id, client_secret, refresh_token, project_id \(GcpOAuthCredentials\)/,
    );
  });

  it('puts a sub-package source in its own section, and a standalone resource in the package section', () => {
    assert.deepEqual(lines(settingsOf(demo, functionNamed(demo, 'mailbox_source'), credentialSpecs())), [
      'S sources.mailbox.host text',
      'S sources.mailbox.password text',
    ]);
    assert.deepEqual(lines(settingsOf(demo, functionNamed(demo, 'events_stream'), credentialSpecs())), [
      'S sources.credentials_demo.credentials.subdomain text',
      'S sources.credentials_demo.credentials.api_key text',
    ]);
  });

  it('reads the decorator forms and default markers that upstream sources use', async () => {
    const signature = await derivePackageSignature('pkg', [
      {
        path: '__init__.py',
        text: [
          'import dlt',
          'from dlt import source, resource',
          'from dlt.common.configuration import config, secrets',
          '',
          '@source',
          'def bare(token: str = secrets.value, url: str = config.value):',
          '    """Bare decorators.',
          '',
          '    Args:',
          '        token (str): The API token, e.g. abc. Used as a bearer token.',
          '        url: Where it is',
          '            found.',
          '    """',
          '    return other(url)',
          '',
          '@resource(name="renamed", standalone=True)',
          'def other(url, key: Optional[str] = dlt.secrets.value, n: Optional[int] = dlt.config.value):',
          '    yield url',
          '',
          '@dlt.source(name="x")',
          'def _private(): ...',
        ].join('\n'),
      },
    ]);
    const [bare, other] = entryPoints(signature);
    assert.equal(entryPoints(signature).length, 2);
    assert.equal(bare?.function, 'bare');
    assert.deepEqual(bare?.argDocs, { token: 'The API token, e.g. abc.', url: 'Where it is found.' });
    assert.equal(other?.name, 'renamed');
    assert.equal(other?.standalone, true);
    // the source passes `url`; the resource still reads `key` itself; Optional config is not required
    assert.deepEqual(lines(settingsOf(signature, bare!, credentialSpecs())), [
      'S sources.pkg.token text',
      'C sources.pkg.url text',
      'S sources.pkg.key text',
    ]);
  });

  it('parses annotations, including | unions and nested generics', () => {
    assert.deepEqual(parseType('Optional[Union[A, b.C]]'), {
      name: 'Optional',
      args: [
        {
          name: 'Union',
          args: [
            { name: 'A', args: [] },
            { name: 'b.C', args: [] },
          ],
        },
      ],
    });
    assert.deepEqual(parseType('str | None'), {
      name: 'Union',
      args: [
        { name: 'str', args: [] },
        { name: 'None', args: [] },
      ],
    });
    assert.equal(parseType('Dict[str, List[int]]')?.args[1]?.args[0]?.name, 'int');
    assert.equal(parseType('List[int'), undefined);
  });
});

describe('source signature: the catalog', () => {
  const specs = credentialSpecs();
  const named = (derived: DerivedSettings) =>
    new Set(derived.settings.flatMap((setting) => [setting.key, setting.table.at(-1)]));

  it('as the offline fallback, yields every secret the catalog lists for each source function', () => {
    let checked = 0;
    for (const entry of verifiedCatalog().sources) {
      for (const fn of entry.sources) {
        const found = named(catalogSettings(entry, fn.function, specs));
        for (const secret of fn.secrets) {
          assert.ok(found.has(secret.name), `${entry.name}.${fn.function}: ${secret.name} missing`);
          checked++;
        }
      }
    }
    assert.ok(checked > 40, `only ${checked} secrets checked`);
  });

  // The real upstream code, when a local copy is at hand (a clone, or a snapshot git repository):
  // GENERATOR_DLT_VERIFIED_SOURCES=/path/to/verified-sources
  const upstream =
    process.env.GENERATOR_DLT_VERIFIED_SOURCES ??
    ['/work/.mirror/dlt-hub+verified-sources/repo'].find((path) => existsSync(path));

  it('derived from the upstream code, contains every secret and required setting the catalog lists', async function () {
    if (!upstream) this.skip();
    this.timeout(120_000);
    const problems: string[] = [];
    for (const entry of verifiedCatalog().sources.filter((e) => e.status !== 'moved_to_dlt_core')) {
      const signature = await signatureOf(entry.name, upstream);
      const points = entryPoints(
        signature,
        (entry.standalone_resources ?? []).map((r) => r.function),
      );
      const all = new Set<string>();
      for (const fn of [...entry.sources, ...(entry.standalone_resources ?? [])]) {
        const point = points.find((candidate) => candidate.function === fn.function);
        if (!point) {
          if (!fn.function.startsWith('_')) problems.push(`${entry.name}: no entry point ${fn.function}`);
          continue;
        }
        const found = named(settingsOf(signature, point, specs));
        for (const name of found) all.add(name as string);
        const required = [
          ...fn.secrets,
          ...fn.config.filter((param) => !/^Optional\b/.test(param.type ?? '')),
        ];
        for (const param of required) {
          if (!found.has(param.name)) problems.push(`${entry.name}.${fn.function}: ${param.name} missing`);
        }
      }
      // secrets of resources that read their own must show up for some function of the package
      for (const resource of entry.resource_level_params ?? []) {
        for (const secret of resource.secrets) {
          if (!all.has(secret.name))
            problems.push(`${entry.name}.${resource.resource_function}: ${secret.name} missing`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
