import { poetryConstraintToPep440, specifiersOverlap, specifierWithin } from './requirements-version.js';

/** One PEP 508 requirement: `name[extra,...] <specifier> ; <marker>` or `name[extra] @ <url>`. */
export interface Requirement {
  name: string;
  extras: string[];
  /** PEP 440 specifier set, clauses joined by commas; '' when any version will do. */
  specifier: string;
  url?: string;
  marker?: string;
}

/** A requirement the project already declares, and where. */
export interface ExistingRequirement extends Requirement {
  /** Where it was found, for messages: `pyproject.toml [project] dependencies`. */
  source: string;
  /** The tool's own constraint when it is not PEP 440 (Poetry's `^1.2`); `specifier` is its equivalent. */
  nativeSpecifier?: string;
}

export class RequirementError extends Error {}

const REQUIREMENT_PATTERN =
  /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(?:@\s*(\S+)|\(?\s*((?:~=|===|==|!=|<=|>=|<|>)[^;()]*?)\s*\)?)?\s*(?:;\s*(.+?))?\s*$/;

const SPECIFIER_CLAUSE = /^(~=|===|==|!=|<=|>=|<|>)[A-Za-z0-9.*+!_-]+$/;

/** PEP 503 name normalisation: `Foo_Bar.baz` and `foo-bar-baz` are the same project. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export function parseRequirement(text: string): Requirement {
  const match = REQUIREMENT_PATTERN.exec(text.trim());
  if (!match) throw new RequirementError(`"${text}" is not a requirement (PEP 508: name[extras] specifier)`);
  const [, name, extras, url, specifier, marker] = match;
  const clauses = (specifier ?? '')
    .split(',')
    .map((clause) => clause.replace(/\s+/g, ''))
    .filter(Boolean);
  if (clauses.some((clause) => !SPECIFIER_CLAUSE.test(clause))) {
    throw new RequirementError(`"${text}" has a version constraint PEP 440 does not allow`);
  }
  const requirement: Requirement = {
    name: name!,
    extras: (extras ?? '')
      .split(',')
      .map((extra) => extra.trim())
      .filter(Boolean),
    specifier: clauses.join(','),
  };
  if (url) requirement.url = url;
  if (marker) requirement.marker = marker;
  return requirement;
}

export function formatRequirement(requirement: Requirement): string {
  const extras = requirement.extras.length > 0 ? `[${requirement.extras.join(',')}]` : '';
  const version = requirement.url ? ` @ ${requirement.url}` : requirement.specifier;
  const marker = requirement.marker ? `; ${requirement.marker}` : '';
  return `${requirement.name}${extras}${version}${marker}`;
}

function unionExtras(first: readonly string[], second: readonly string[]): string[] {
  const seen = new Set(first.map(normalizeName));
  const added = second.filter((extra) => {
    const key = normalizeName(extra);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return [...first, ...added.sort()];
}

function joinSpecifiers(a: string, b: string): string {
  const clauses = [...a.split(','), ...b.split(',')].filter(Boolean);
  return [...new Set(clauses)].join(',');
}

export interface MergedRequirements {
  requirements: Requirement[];
  warnings: string[];
}

/**
 * Merges the requirements every generator of a run asked for into one per project: one `dlt`
 * with the union of extras (sorted), the specifiers combined. Specifiers that no version satisfies
 * together are reported and the first one asked for is kept.
 */
export function mergeRequirements(texts: readonly string[]): MergedRequirements {
  const byName = new Map<string, Requirement>();
  const warnings: string[] = [];
  for (const text of texts) {
    const next = parseRequirement(text);
    const key = normalizeName(next.name);
    const previous = byName.get(key);
    if (!previous) {
      byName.set(key, { ...next, extras: unionExtras([], next.extras) });
      continue;
    }
    const askedBefore = formatRequirement(previous);
    previous.extras = unionExtras([], [...previous.extras, ...next.extras]);
    if (!previous.url && next.url) previous.url = next.url;
    if (!previous.marker && next.marker) previous.marker = next.marker;
    if (next.specifier === '' || previous.url) continue;
    if (specifiersOverlap(previous.specifier, next.specifier) === false) {
      warnings.push(
        `${previous.name}: "${askedBefore}" and "${text}" were both asked for and no version ` +
          `satisfies both; kept ${previous.specifier || 'any version'}.`,
      );
    } else if (specifierWithin(next.specifier, previous.specifier) === true) {
      previous.specifier = next.specifier;
    } else if (specifierWithin(previous.specifier, next.specifier) !== true) {
      previous.specifier = joinSpecifiers(previous.specifier, next.specifier);
    }
  }
  return { requirements: [...byName.values()], warnings };
}

export type Change = 'add' | 'update' | 'none';

export interface ReconciledRequirement {
  /** What the project should declare: the existing entry plus what the run needs. */
  requirement: Requirement;
  /** The tool's own constraint kept from the project (Poetry `^1.2`), when there was one. */
  nativeSpecifier?: string;
  existing?: ExistingRequirement;
  change: Change;
}

export interface Reconciliation {
  requirements: ReconciledRequirement[];
  warnings: string[];
}

/** The PEP 440 form of what the project declares (Poetry constraints converted). */
export function existingSpecifier(existing: ExistingRequirement): string | undefined {
  if (existing.nativeSpecifier === undefined) return existing.specifier;
  return poetryConstraintToPep440(existing.nativeSpecifier);
}

/**
 * Decides, for each requirement the run needs, what the project should declare given what it
 * already declares. The project's own version constraint always stays: it is never loosened, never
 * duplicated, and a constraint that does not fit what the run asked for is reported, not rewritten.
 * Missing extras are added; a constraint is only added where the project had none.
 */
export function reconcileRequirements(
  wanted: readonly Requirement[],
  existing: ReadonlyMap<string, ExistingRequirement>,
): Reconciliation {
  const warnings: string[] = [];
  const requirements = wanted.map((want): ReconciledRequirement => {
    const have = existing.get(normalizeName(want.name));
    if (!have) return { requirement: want, change: 'add' };
    const extras = unionExtras(have.extras, want.extras);
    const requirement: Requirement = { name: have.name, extras, specifier: have.specifier };
    if (have.url) requirement.url = have.url;
    if (have.marker) requirement.marker = have.marker;
    let change: Change = extras.length > have.extras.length ? 'update' : 'none';
    const declared = have.url ? undefined : existingSpecifier(have);
    const declaresVersion = have.url !== undefined || (have.nativeSpecifier ?? have.specifier) !== '';
    if (!declaresVersion && want.specifier !== '') {
      requirement.specifier = want.specifier;
      change = 'update';
    } else if (declaresVersion && want.specifier !== '' && !have.url) {
      const fits = declared === undefined ? undefined : specifierWithin(declared, want.specifier);
      if (fits !== true) {
        const theirs = have.nativeSpecifier === undefined ? have.specifier : ` ${have.nativeSpecifier}`;
        warnings.push(
          `${have.name}: kept ${have.name}${theirs} from ${have.source}; the generated code asks for ` +
            `${want.name}${want.specifier} (change it yourself if the code needs that version).`,
        );
      }
    }
    return {
      requirement,
      existing: have,
      change,
      ...(have.nativeSpecifier !== undefined ? { nativeSpecifier: have.nativeSpecifier } : {}),
    };
  });
  return { requirements, warnings };
}
