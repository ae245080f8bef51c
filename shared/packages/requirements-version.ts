/**
 * Just enough PEP 440 to tell whether one version specifier set stays inside another: versions are
 * compared as PEP 440 orders them, and a specifier set becomes one interval (plus excluded points).
 * Anything this cannot read answers `undefined`, and callers treat "unknown" as "cannot prove".
 */

export interface Version {
  epoch: number;
  release: number[];
  /** [rank, number]: a=0, b=1, rc=2; none sorts after every pre-release. */
  pre?: [number, number];
  post?: number;
  dev?: number;
}

const VERSION_PATTERN =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$/i;

const PRE_RANK: Record<string, number> = { alpha: 0, a: 0, beta: 1, b: 1, c: 2, rc: 2, pre: 2, preview: 2 };

export function parseVersion(text: string): Version | undefined {
  const match = VERSION_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, epoch, release, preLabel, preNumber, postImplicit, postLabel, postNumber, devLabel, devNumber] =
    match;
  const version: Version = { epoch: Number(epoch ?? 0), release: release!.split('.').map(Number) };
  if (preLabel) version.pre = [PRE_RANK[preLabel.toLowerCase()]!, Number(preNumber ?? 0)];
  if (postImplicit !== undefined) version.post = Number(postImplicit);
  else if (postLabel) version.post = Number(postNumber ?? 0);
  if (devLabel) version.dev = Number(devNumber ?? 0);
  return version;
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative, zero or positive as `a` sorts before, equal to, or after `b` (PEP 440 order). */
export function compareVersions(a: Version, b: Version): number {
  if (a.epoch !== b.epoch) return compareNumbers(a.epoch, b.epoch);
  const length = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < length; i++) {
    const order = compareNumbers(a.release[i] ?? 0, b.release[i] ?? 0);
    if (order !== 0) return order;
  }
  // a dev release of a final version (1.0.dev1) sorts before its pre-releases (1.0a1)
  const preKey = (v: Version): [number, number] =>
    v.pre ?? (v.dev !== undefined && v.post === undefined ? [-1, 0] : [Number.POSITIVE_INFINITY, 0]);
  const [aRank, aNumber] = preKey(a);
  const [bRank, bNumber] = preKey(b);
  if (aRank !== bRank) return compareNumbers(aRank, bRank);
  if (aNumber !== bNumber) return compareNumbers(aNumber, bNumber);
  const order = compareNumbers(a.post ?? -1, b.post ?? -1);
  if (order !== 0) return order;
  return compareNumbers(a.dev ?? Number.POSITIVE_INFINITY, b.dev ?? Number.POSITIVE_INFINITY);
}

interface Bound {
  version: Version;
  inclusive: boolean;
}

/** The versions a specifier set allows: one interval minus some points. */
export interface VersionRange {
  lower?: Bound;
  upper?: Bound;
  excluded: Version[];
}

const CLAUSE_PATTERN = /^(~=|===|==|!=|<=|>=|<|>)\s*(\S+)$/;

function bumped(release: readonly number[], index: number): Version {
  const next = release.slice(0, index + 1);
  next[index] = (next[index] ?? 0) + 1;
  return { epoch: 0, release: next };
}

function tighterLower(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  const order = compareVersions(a.version, b.version);
  if (order !== 0) return order > 0 ? a : b;
  return a.inclusive ? b : a;
}

function tighterUpper(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  const order = compareVersions(a.version, b.version);
  if (order !== 0) return order < 0 ? a : b;
  return a.inclusive ? b : a;
}

/** The range of a PEP 440 specifier set ("" allows everything); undefined when it cannot be read. */
export function specifierRange(specifier: string): VersionRange | undefined {
  let range: VersionRange = { excluded: [] };
  for (const rawClause of specifier.split(',')) {
    const clause = rawClause.trim();
    if (clause === '') continue;
    const match = CLAUSE_PATTERN.exec(clause);
    if (!match) return undefined;
    const [, operator, versionText] = match as unknown as [string, string, string];
    const wildcard = versionText.endsWith('.*');
    const version = parseVersion(wildcard ? versionText.slice(0, -2) : versionText);
    if (!version) return undefined;
    const clauseRange: VersionRange = { excluded: [] };
    switch (operator) {
      case '>=':
        clauseRange.lower = { version, inclusive: true };
        break;
      case '>':
        clauseRange.lower = { version, inclusive: false };
        break;
      case '<=':
        clauseRange.upper = { version, inclusive: true };
        break;
      case '<':
        clauseRange.upper = { version, inclusive: false };
        break;
      case '~=':
        if (version.release.length < 2) return undefined;
        clauseRange.lower = { version, inclusive: true };
        clauseRange.upper = {
          version: bumped(version.release, version.release.length - 2),
          inclusive: false,
        };
        break;
      case '==':
      case '===':
        clauseRange.lower = { version, inclusive: true };
        clauseRange.upper = wildcard
          ? { version: bumped(version.release, version.release.length - 1), inclusive: false }
          : { version, inclusive: true };
        break;
      case '!=':
        if (!wildcard) clauseRange.excluded.push(version);
        break;
    }
    range = intersectRanges(range, clauseRange);
  }
  return range;
}

export function intersectRanges(a: VersionRange, b: VersionRange): VersionRange {
  return {
    lower: tighterLower(a.lower, b.lower),
    upper: tighterUpper(a.upper, b.upper),
    excluded: [...a.excluded, ...b.excluded],
  };
}

function contains(range: VersionRange, version: Version): boolean {
  if (range.lower) {
    const order = compareVersions(version, range.lower.version);
    if (order < 0 || (order === 0 && !range.lower.inclusive)) return false;
  }
  if (range.upper) {
    const order = compareVersions(version, range.upper.version);
    if (order > 0 || (order === 0 && !range.upper.inclusive)) return false;
  }
  return !range.excluded.some((excluded) => compareVersions(excluded, version) === 0);
}

export function isEmptyRange(range: VersionRange): boolean {
  if (!range.lower || !range.upper) return false;
  const order = compareVersions(range.lower.version, range.upper.version);
  if (order > 0) return true;
  if (order < 0) return false;
  return !range.lower.inclusive || !range.upper.inclusive || !contains(range, range.lower.version);
}

function lowerWithin(inner: Bound | undefined, outer: Bound | undefined): boolean {
  if (!outer) return true;
  if (!inner) return false;
  const order = compareVersions(inner.version, outer.version);
  return order > 0 || (order === 0 && (outer.inclusive || !inner.inclusive));
}

function upperWithin(inner: Bound | undefined, outer: Bound | undefined): boolean {
  if (!outer) return true;
  if (!inner) return false;
  const order = compareVersions(inner.version, outer.version);
  return order < 0 || (order === 0 && (outer.inclusive || !inner.inclusive));
}

/** True when every version `inner` allows is also allowed by `outer`. */
export function isSubrange(inner: VersionRange, outer: VersionRange): boolean {
  if (isEmptyRange(inner)) return true;
  if (!lowerWithin(inner.lower, outer.lower) || !upperWithin(inner.upper, outer.upper)) return false;
  return outer.excluded.every((excluded) => !contains(inner, excluded));
}

/**
 * Whether every version the `inner` specifier set allows satisfies `outer`; undefined when either
 * cannot be read.
 */
export function specifierWithin(inner: string, outer: string): boolean | undefined {
  const innerRange = specifierRange(inner);
  const outerRange = specifierRange(outer);
  if (!innerRange || !outerRange) return undefined;
  return isSubrange(innerRange, outerRange);
}

/** Whether some version satisfies both specifier sets; undefined when either cannot be read. */
export function specifiersOverlap(a: string, b: string): boolean | undefined {
  const aRange = specifierRange(a);
  const bRange = specifierRange(b);
  if (!aRange || !bRange) return undefined;
  return !isEmptyRange(intersectRanges(aRange, bRange));
}

/**
 * A Poetry constraint (`^1.2`, `~1.2.3`, `1.2.*`, `>=1,<2`, `*`) as a PEP 440 specifier set;
 * undefined for what has no single-interval equivalent (`||`).
 */
export function poetryConstraintToPep440(constraint: string): string | undefined {
  const text = constraint.trim();
  if (text === '' || text === '*') return '';
  if (text.includes('||')) return undefined;
  const clauses: string[] = [];
  for (const rawPart of text.split(/\s*,\s*|\s+(?=[<>=!~^\d])/)) {
    const part = rawPart.trim();
    if (part === '') continue;
    const caret = /^\^\s*(.+)$/.exec(part);
    const tilde = /^~(?!=)\s*(.+)$/.exec(part);
    if (caret || tilde) {
      const versionText = (caret ?? tilde)![1]!;
      const version = parseVersion(versionText);
      if (!version) return undefined;
      const { release } = version;
      const firstNonZero = release.findIndex((n) => n !== 0);
      const index = caret
        ? firstNonZero === -1
          ? release.length - 1
          : firstNonZero
        : Math.min(1, release.length - 1);
      const upper = bumped(release, index).release.join('.');
      clauses.push(`>=${versionText}`, `<${upper}`);
    } else if (/^\d/.test(part)) {
      clauses.push(`==${part}`);
    } else {
      clauses.push(part.replace(/\s+/g, ''));
    }
  }
  return clauses.join(',');
}
