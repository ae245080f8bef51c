import { strict as assert } from 'node:assert';
import {
  type ExistingRequirement,
  formatRequirement,
  mergeRequirements,
  normalizeName,
  parseRequirement,
  RequirementError,
  reconcileRequirements,
} from '../../../shared/packages/requirements.js';
import {
  compareVersions,
  parseVersion,
  poetryConstraintToPep440,
  specifiersOverlap,
  specifierWithin,
} from '../../../shared/packages/requirements-version.js';

const merged = (...texts: string[]) => mergeRequirements(texts).requirements.map(formatRequirement);

function existing(text: string, source = 'requirements.txt', nativeSpecifier?: string) {
  const requirement = parseRequirement(text);
  const entry: ExistingRequirement = {
    ...requirement,
    source,
    ...(nativeSpecifier ? { nativeSpecifier } : {}),
  };
  return new Map([[normalizeName(requirement.name), entry]]);
}

function reconcileOne(want: string, have: Map<string, ExistingRequirement>) {
  const result = reconcileRequirements([parseRequirement(want)], have);
  const [first] = result.requirements;
  return { text: formatRequirement(first!.requirement), change: first!.change, warnings: result.warnings };
}

describe('requirements: PEP 508 parsing', () => {
  const cases: [string, string][] = [
    ['dlt', 'dlt'],
    ['dlt[duckdb]', 'dlt[duckdb]'],
    ['dlt[duckdb, bigquery] >= 1.26, < 2', 'dlt[duckdb,bigquery]>=1.26,<2'],
    ['dlt (>=1.31.0,<2.0.0)', 'dlt>=1.31.0,<2.0.0'],
    ['dlt[duckdb] (>=1.31.0,<2.0.0)', 'dlt[duckdb]>=1.31.0,<2.0.0'],
    ['pendulum>=3 ; python_version >= "3.12"', 'pendulum>=3; python_version >= "3.12"'],
    ['my-lib @ git+https://github.com/o/r.git', 'my-lib @ git+https://github.com/o/r.git'],
    ['Foo.Bar_baz~=1.4.2', 'Foo.Bar_baz~=1.4.2'],
  ];
  for (const [input, output] of cases) {
    it(`reads and writes back ${input}`, () => {
      assert.equal(formatRequirement(parseRequirement(input)), output);
    });
  }

  it('refuses what is not a requirement', () => {
    for (const text of ['', '-r other.txt', './local/path', 'dlt[duckdb', 'dlt >> 1']) {
      assert.throws(() => parseRequirement(text), RequirementError, text);
    }
  });

  it('normalises names as PEP 503 does', () => {
    assert.equal(normalizeName('Foo.Bar_baz'), 'foo-bar-baz');
    assert.equal(normalizeName('foo--bar'), 'foo-bar');
  });
});

describe('requirements: PEP 440 versions', () => {
  it('orders versions as pip does', () => {
    const ordered = ['1.0.dev0', '1.0a1', '1.0b2', '1.0rc1', '1.0', '1.0.post1', '1.0.1', '1.1', '1!0.1'];
    for (let i = 1; i < ordered.length; i++) {
      const [a, b] = [parseVersion(ordered[i - 1]!)!, parseVersion(ordered[i]!)!];
      assert.ok(compareVersions(a, b) < 0, `${ordered[i - 1]} < ${ordered[i]}`);
    }
    assert.equal(compareVersions(parseVersion('1.0')!, parseVersion('1.0.0')!), 0);
    assert.equal(parseVersion('not-a-version'), undefined);
  });

  it('tells whether one specifier set stays inside another', () => {
    const within: [string, string, boolean][] = [
      ['==1.20.0', '>=1.26', false],
      ['==1.30.0', '>=1.26', true],
      ['>=1.28', '>=1.26', true],
      ['>=1.20', '>=1.26', false],
      ['~=1.28', '>=1.26,<2', true],
      ['~=1.28', '>=1.26,<1.30', false],
      ['==1.28.*', '>=1.28,<1.29', true],
      ['', '>=1.26', false],
      ['>=1.26', '', true],
      ['>=1.26,<2', '>=1.26,!=1.27', false],
    ];
    for (const [inner, outer, expected] of within) {
      assert.equal(specifierWithin(inner, outer), expected, `${inner} within ${outer}`);
    }
    assert.equal(specifierWithin('>=1.0', 'banana'), undefined);
  });

  it('finds specifier sets no version satisfies', () => {
    assert.equal(specifiersOverlap('==1.0', '==2.0'), false);
    assert.equal(specifiersOverlap('<1.0', '>=1.0'), false);
    assert.equal(specifiersOverlap('>=1.0', '<=1.0'), true);
    assert.equal(specifiersOverlap('>=1.0', '!=1.5'), true);
    assert.equal(specifiersOverlap('==1.5', '!=1.5'), false);
  });

  it("reads Poetry's constraints", () => {
    const cases: [string, string | undefined][] = [
      ['^1.20', '>=1.20,<2'],
      ['^0.2.3', '>=0.2.3,<0.3'],
      ['^0.0.3', '>=0.0.3,<0.0.4'],
      ['~1.2.3', '>=1.2.3,<1.3'],
      ['~1', '>=1,<2'],
      ['1.2.3', '==1.2.3'],
      ['*', ''],
      ['>=1.0, <2.0', '>=1.0,<2.0'],
      ['>=1.0 <2.0', '>=1.0,<2.0'],
      ['^1.0 || ^2.0', undefined],
    ];
    for (const [input, output] of cases) assert.equal(poetryConstraintToPep440(input), output, input);
  });
});

describe('requirements: one merged set per run', () => {
  it('keeps one dlt with the union of the extras every generator asked for', () => {
    assert.deepEqual(merged('dlt[duckdb]', 'dlt[workspace]', 'dlt[bigquery]', 'requests'), [
      'dlt[bigquery,duckdb,workspace]',
      'requests',
    ]);
  });

  it('treats differently spelled names of one project as one', () => {
    assert.deepEqual(merged('google_api_python_client', 'Google-API-Python-Client[x]'), [
      'google_api_python_client[x]',
    ]);
  });

  it('keeps the tighter of two compatible version constraints, or both', () => {
    assert.deepEqual(merged('dlt>=1.0', 'dlt[duckdb]>=1.26'), ['dlt[duckdb]>=1.26']);
    assert.deepEqual(merged('dlt>=1.26', 'dlt>=1.0'), ['dlt>=1.26']);
    assert.deepEqual(merged('dlt>=1.26', 'dlt<2'), ['dlt>=1.26,<2']);
    assert.deepEqual(merged('dlt', 'dlt==1.31.0'), ['dlt==1.31.0']);
  });

  it('reports constraints no version satisfies together and keeps the first', () => {
    const result = mergeRequirements(['dlt==1.20.0', 'dlt[duckdb]>=1.26']);
    assert.deepEqual(result.requirements.map(formatRequirement), ['dlt[duckdb]==1.20.0']);
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0]!, /dlt==1\.20\.0.*dlt\[duckdb\]>=1\.26/);
  });
});

describe('requirements: what the project already declares', () => {
  it('adds what the project does not have', () => {
    assert.deepEqual(reconcileOne('dlt[duckdb]', new Map()), {
      text: 'dlt[duckdb]',
      change: 'add',
      warnings: [],
    });
  });

  it('adds missing extras and keeps the pin', () => {
    const result = reconcileOne('dlt[duckdb]', existing('dlt[bigquery]==1.20.0'));
    assert.deepEqual(result, { text: 'dlt[bigquery,duckdb]==1.20.0', change: 'update', warnings: [] });
  });

  it('changes nothing when the project already has it', () => {
    assert.equal(reconcileOne('dlt[duckdb]', existing('DLT[DuckDB]>=1.0')).change, 'none');
    assert.equal(reconcileOne('dlt>=1.26', existing('dlt>=1.28')).change, 'none');
    assert.deepEqual(reconcileOne('dlt>=1.26', existing('dlt>=1.28')).warnings, []);
  });

  it('adds a version constraint only where the project had none', () => {
    assert.deepEqual(reconcileOne('dlt>=1.26', existing('dlt')), {
      text: 'dlt>=1.26',
      change: 'update',
      warnings: [],
    });
  });

  it('never loosens or rewrites a pin, and reports a conflicting one', () => {
    const pinned = reconcileOne('dlt[duckdb]>=1.26', existing('dlt==1.20.0'));
    assert.equal(pinned.text, 'dlt[duckdb]==1.20.0');
    assert.equal(pinned.warnings.length, 1);
    assert.match(pinned.warnings[0]!, /kept dlt==1\.20\.0 from requirements\.txt.*dlt>=1\.26/);
  });

  it("judges Poetry's own constraints by what they allow", () => {
    const poetry = (constraint: string) =>
      existing('dlt', 'pyproject.toml [tool.poetry.dependencies]', constraint);
    assert.deepEqual(reconcileOne('dlt>=1.26', poetry('^1.28')).warnings, []);
    const loose = reconcileOne('dlt>=1.26', poetry('^1.20'));
    assert.match(loose.warnings[0]!, /kept dlt \^1\.20 from pyproject\.toml/);
    assert.equal(loose.change, 'none');
  });

  it('keeps a requirement the project takes from a URL', () => {
    const result = reconcileOne(
      'dlt[duckdb]>=1.26',
      existing('dlt @ git+https://github.com/dlt-hub/dlt.git'),
    );
    assert.equal(result.text, 'dlt[duckdb] @ git+https://github.com/dlt-hub/dlt.git');
    assert.deepEqual(result.warnings, []);
  });
});
