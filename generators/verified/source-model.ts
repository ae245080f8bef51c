import {
  type CatalogEntry,
  type CatalogParam,
  catalogCursors,
  catalogResources,
  credentialSpecs,
} from '../../shared/dlt/verified-catalog.js';
import type { FetchedSource } from './fetch.js';
import {
  type DecoratedFunction,
  derivePackageSignature,
  entryPoints,
  importModule,
  type PackageSignature,
  resourceName,
  type SignatureParam,
  sourceResourceNames,
  sourceResources,
} from './source-signature.js';
import { catalogSettings, type DerivedSettings, settingsOf } from './source-signature-settings.js';

/**
 * Everything the generator needs to know about one fetched source, read from its code, with the
 * built-in catalog filling in what the code does not say statically (or all of it, when the code
 * cannot be read).
 */
export interface SourceModel {
  name: string;
  fetched: FetchedSource;
  signature: PackageSignature;
  entry?: CatalogEntry;
  entryPoints: DecoratedFunction[];
  /** True when the code gave no entry points and they come from the catalog. */
  fromCatalog: boolean;
}

function catalogParams(
  params: readonly CatalogParam[] | readonly string[],
  kind: SignatureParam['default'],
): SignatureParam[] {
  return params.map((param) =>
    typeof param === 'string'
      ? { name: param, default: kind }
      : { name: param.name, annotation: param.type ?? undefined, default: kind },
  );
}

/** A stand-in for a function the code did not reveal, built from the catalog. */
function catalogFunction(entry: CatalogEntry, name: string): DecoratedFunction | undefined {
  const source = entry.sources.find((candidate) => candidate.function === name);
  const standalone = entry.standalone_resources?.find((candidate) => candidate.function === name);
  const found = source ?? standalone;
  if (!found) return undefined;
  return {
    kind: source ? 'source' : 'resource',
    function: name,
    section: source?.config_section_override ?? undefined,
    standalone: !source,
    module: entry.name,
    file: '__init__.py',
    params: [
      ...catalogParams(found.required_args, 'absent'),
      ...catalogParams(found.config, 'config'),
      ...catalogParams(found.secrets, 'secret'),
    ],
    argDocs: {},
    references: [],
    inner: [],
    literalResourceNames: source ? catalogResources(entry, name) : [],
    calls: [],
    dynamicResources: source?.resources.some((resource) => resource.startsWith('<')) ?? false,
    incrementalCursors: [],
  };
}

export async function buildSourceModel(
  fetched: FetchedSource,
  entry: CatalogEntry | undefined,
): Promise<SourceModel> {
  const pythonFiles = fetched.files
    .filter((file) => file.path.endsWith('.py'))
    .map((file) => ({ path: file.path, text: file.contents.toString('utf8') }));
  const signature = await derivePackageSignature(fetched.name, pythonFiles);
  const standalone = (entry?.standalone_resources ?? []).map((resource) => resource.function);
  let points = entryPoints(signature, standalone);
  let fromCatalog = false;
  if (points.length === 0 && entry) {
    points = [...entry.sources.map((s) => s.function), ...standalone]
      .filter((name) => !name.startsWith('_'))
      .map((name) => catalogFunction(entry, name))
      .filter((fn): fn is DecoratedFunction => fn !== undefined);
    fromCatalog = points.length > 0;
  }
  return { name: fetched.name, fetched, signature, entry, entryPoints: points, fromCatalog };
}

export function importFrom(model: SourceModel, fn: DecoratedFunction): string {
  return model.fromCatalog ? model.name : importModule(model.signature, fn);
}

/**
 * The resources of a source function: from the code and the catalog. `closed` when that list is
 * complete, so that a name outside it is a mistake; sources that make resources at run time
 * (one per table, endpoint...) are open.
 */
export function knownResources(
  model: SourceModel,
  fn: DecoratedFunction,
): { names: string[]; closed: boolean } {
  if (fn.kind !== 'source') return { names: [], closed: false };
  const fromCode = model.fromCatalog ? fn.literalResourceNames : sourceResourceNames(model.signature, fn);
  const catalogFn = model.entry?.sources.find((candidate) => candidate.function === fn.function);
  const fromCatalog = model.entry ? catalogResources(model.entry, fn.function) : [];
  const names = [...new Set([...fromCode, ...fromCatalog])];
  const dynamic = fn.dynamicResources || (catalogFn?.resources.some((name) => name.startsWith('<')) ?? false);
  return { names, closed: names.length > 0 && !dynamic };
}

/** Resource -> cursor path for the resources of `fn` that load incrementally (code, then catalog). */
export function incrementalCursors(model: SourceModel, fn: DecoratedFunction): Map<string, string> {
  const cursors = new Map<string, string>();
  const resources = fn.kind === 'source' ? sourceResources(model.signature, fn) : [fn];
  for (const resource of resources) {
    const cursor = resource.incrementalCursors[0];
    if (cursor) cursors.set(fn.kind === 'source' ? resourceName(resource) : resourceName(fn), cursor);
  }
  const known = new Set(knownResources(model, fn).names);
  for (const [resource, cursor] of catalogCursors(model.entry)) {
    if (known.has(resource) && !cursors.has(resource)) cursors.set(resource, cursor);
  }
  return cursors;
}

/**
 * The settings of a function: from its code; from the catalog when the code gave no entry points;
 * and from both when some file did not parse (the catalog then adds what the code may have hidden).
 */
export function settingsFor(model: SourceModel, fn: DecoratedFunction): DerivedSettings {
  const fromCatalog = model.entry ? catalogSettings(model.entry, fn.function, credentialSpecs()) : undefined;
  if (model.fromCatalog && fromCatalog) return fromCatalog;
  const fromCode = settingsOf(model.signature, fn, credentialSpecs());
  if (model.signature.errors.length === 0 || !fromCatalog) return fromCode;
  const key = (setting: { table: string[]; key: string }) => [...setting.table, setting.key].join('.');
  const known = new Set(fromCode.settings.map(key));
  return {
    settings: [...fromCode.settings, ...fromCatalog.settings.filter((setting) => !known.has(key(setting)))],
  };
}

/** One line about what the function loads: its docstring, else the catalog's description. */
export function describe(model: SourceModel, fn: DecoratedFunction): string | undefined {
  return fn.summary ?? model.entry?.description;
}
