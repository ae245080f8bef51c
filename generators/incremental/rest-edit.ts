import { UsageError } from '../../shared/plan/errors.js';
import { containerItems, itemKey, itemValue, type PythonRewriter } from '../../shared/python/edit.js';
import { type Doc, group, item, raw } from '../../shared/python/edit-layout.js';
import { pyString } from '../../shared/python/literal.js';
import type { PyNode } from '../../shared/python/parser.js';
import type { FoundSetting, RestResource } from '../../shared/python/pipeline-scan.js';
import { literalValue } from '../../shared/python/pipeline-scan-literals.js';
import {
  type Desired,
  desiredPrimaryKey,
  desiredValue,
  desiredWriteDisposition,
  incrementalEntries,
  normalizedDisposition,
  normalizedPrimaryKey,
  sameSetting,
} from './desired.js';
import type { IncrementalSettings } from './settings.js';

const START_VALUE = '{incremental.start_value}';
const END_VALUE = '{incremental.end_value}';
/** Keys of the deprecated syntax that the current one replaces with placeholders in params. */
const DEPRECATED_BLOCK_KEYS = ['start_param', 'end_param', 'transform'];

const dictDoc = (entries: [string, Desired | Doc][]): Doc =>
  group(
    '{',
    '}',
    entries.map(([key, value]) => item(`${pyString(key)}: `, 'doc' in value ? value.doc : value)),
  );

const present = (entries: [string, Desired | undefined][]) =>
  entries.filter((entry): entry is [string, Desired] => entry[1] !== undefined);

/** The query params that should carry the incremental values. */
export function wantedParams(settings: IncrementalSettings): [string, Desired][] {
  const params: [string, Desired][] = [];
  if (settings.param) params.push([settings.param, desiredValue(START_VALUE)]);
  if (settings.endParam && settings.endValue) params.push([settings.endParam, desiredValue(END_VALUE)]);
  return params;
}

/** The endpoint dict of a resource that had none (or only a path). */
function newEndpoint(path: Doc, settings: IncrementalSettings): Doc {
  const params = wantedParams(settings);
  const entries: [string, Desired | Doc][] = [['path', path]];
  if (params.length > 0) entries.push(['params', dictDoc(params)]);
  entries.push(['incremental', dictDoc(present(incrementalEntries(settings, { withInitialValue: true })))]);
  return dictDoc(entries);
}

/** What the resource-level hints should be, leaving out what they already are (also via defaults). */
function hintChanges(resource: RestResource, settings: IncrementalSettings): [string, Desired][] {
  const changes: [string, Desired][] = [];
  const primaryKey = settings.writeDisposition === 'merge' ? desiredPrimaryKey(settings) : undefined;
  if (primaryKey && !sameSetting(resource.primaryKey, primaryKey, normalizedPrimaryKey)) {
    changes.push(['primary_key', primaryKey]);
  }
  const disposition = desiredWriteDisposition(settings);
  if (!sameSetting(resource.writeDisposition, disposition, normalizedDisposition)) {
    changes.push(['write_disposition', disposition]);
  }
  return changes;
}

/**
 * Makes a rest_api resource incremental in the current syntax: an `incremental` block in its
 * endpoint, `{incremental.start_value}` in the query param the API filters by, and its write
 * disposition and primary key. Returns what it changed, in words.
 */
export function editRestResource(
  rewriter: PythonRewriter,
  resource: RestResource,
  settings: IncrementalSettings,
): string[] {
  const said: string[] = [];
  const hints = hintChanges(resource, settings);
  const { dict } = resource;

  if (!dict) {
    // "items" in the resources list: becomes a dict with the same name and path
    const name = raw(resource.node.text);
    const entries: [string, Desired | Doc][] = [
      ['name', name],
      ['endpoint', newEndpoint(name, settings)],
      ...hints,
    ];
    rewriter.replace(resource.node, dictDoc(entries));
    said.push(`turned "${resource.name}" into a resource dict with an incremental endpoint`);
  } else {
    const endpoint = itemValue(dict, 'endpoint');
    if (!endpoint) {
      rewriter.setDictEntry(dict, 'endpoint', newEndpoint(raw(pyString(resource.name)), settings));
      said.push('added an endpoint with an incremental block');
    } else if (endpoint.type === 'string') {
      rewriter.replace(endpoint, newEndpoint(raw(endpoint.text), settings));
      said.push('made the endpoint a dict with an incremental block');
    } else {
      said.push(...editEndpoint(rewriter, resource, endpoint, settings));
    }
    for (const [key, value] of hints) rewriter.setDictEntry(dict, key, value.doc);
  }
  for (const [key] of hints) said.push(`set ${key}`);
  return said;
}

function editEndpoint(
  rewriter: PythonRewriter,
  resource: RestResource,
  endpoint: PyNode,
  settings: IncrementalSettings,
): string[] {
  const said: string[] = [];
  const params = itemValue(endpoint, 'params');
  const wanted = wantedParams(settings);
  if (params && params.type !== 'dictionary' && wanted.length > 0) {
    throw new UsageError(
      `The params of ${resource.name} (${resource.file}:${resource.line}) are not a dict literal ` +
        `(${params.text.slice(0, 40)}), so they cannot be edited safely: add ` +
        `"${wanted[0]![0]}": "${START_VALUE}" to them by hand, or run again with --param none.`,
    );
  }

  if (params?.type === 'dictionary') {
    for (const entry of containerItems(params)) {
      const key = itemKey(entry);
      const value = entry.childForFieldName('value');
      if (key === undefined || !value || wanted.some(([name]) => name === key)) continue;
      const text = literalValue(value);
      const placeholder =
        typeof text === 'string' && (text.includes(START_VALUE) || text.includes(END_VALUE));
      const legacy = value.type === 'dictionary' && literalValue(itemValue(value, 'type')) === 'incremental';
      if (placeholder || legacy) {
        rewriter.removeItem(params, key);
        said.push(legacy ? `replaced the deprecated incremental param "${key}"` : `removed param "${key}"`);
      }
    }
    for (const [key, value] of wanted) {
      const existing = itemValue(params, key);
      if (existing && literalValue(existing) === value.literal) continue;
      rewriter.setDictEntry(params, key, value.doc);
      said.push(`the API's "${key}" param gets the ${value.literal === START_VALUE ? 'start' : 'end'} value`);
    }
  } else if (wanted.length > 0) {
    rewriter.setDictEntry(endpoint, 'params', dictDoc(wanted));
    said.push(`the API's "${wanted[0]![0]}" param gets the start value`);
  }

  const entries = incrementalEntries(settings, { withInitialValue: true });
  const block = itemValue(endpoint, 'incremental');
  if (block?.type === 'dictionary') {
    const existing = resource.incremental?.node.id === block.id ? resource.incremental.settings : {};
    for (const [key, value] of entries) {
      if (sameSetting(existing[key] as FoundSetting | undefined, value)) continue;
      if (value) rewriter.setDictEntry(block, key, value.doc);
      else rewriter.removeItem(block, key);
      said.push(value ? `set ${key}` : `removed ${key}`);
    }
    for (const key of DEPRECATED_BLOCK_KEYS) {
      if (key !== 'transform' && existing[key]) {
        rewriter.removeItem(block, key);
        said.push(`replaced the deprecated ${key} with a placeholder in params`);
      }
    }
    if (existing.transform) {
      said.push('left the deprecated "transform" in place: rename it to "convert"');
    }
  } else if (block) {
    throw new UsageError(
      `The incremental settings of ${resource.name} (${resource.file}:${resource.line}) are not a dict ` +
        'literal, so they cannot be edited safely; change them by hand.',
    );
  } else {
    rewriter.setDictEntry(endpoint, 'incremental', dictDoc(present(entries)));
    said.push('added an incremental block');
  }
  return said;
}
