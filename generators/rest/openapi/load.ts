/**
 * Loads an OpenAPI or Swagger document from a file or an http(s) URL, JSON or YAML, and resolves
 * its `$ref`s with @readme/openapi-parser. What goes wrong is a UsageError that says what to
 * change.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../../../shared/plan/errors.js';
import { dereferenceInPlace } from './dereference.js';
import { type ApiDocument, documentVersion, readDocument } from './document.js';
import { isSchema, type Schema } from './schema.js';

export const isUrl = (source: string) => /^https?:\/\//i.test(source);

/** The document's text, from a file (relative to `root`) or a URL. */
async function readText(source: string, root: string): Promise<string> {
  if (isUrl(source)) {
    let response: Response;
    try {
      response = await fetch(source, { signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      throw new UsageError(
        `--openapi: cannot fetch ${source} (${(error as Error).message}); give a reachable URL or a file.`,
      );
    }
    if (!response.ok) {
      throw new UsageError(
        `--openapi: ${source} answered ${response.status}; give the URL of the spec itself, or a file.`,
      );
    }
    return response.text();
  }
  try {
    // decoded at once: readFile(..., 'utf8') joins decoded chunks, a string that every later scan
    // of a large spec first copies into one piece
    return (await readFile(resolve(root, source))).toString('utf8');
  } catch {
    throw new UsageError(
      `--openapi: cannot read ${resolve(root, source)}; give the path of an OpenAPI or Swagger file (JSON or YAML), or its URL.`,
    );
  }
}

const isJsonText = (text: string) => /^\s*\{/.test(text);

/** JSON first (fast for large specs), else YAML (its parser loaded only then). */
export async function parseDocumentText(text: string, where: string): Promise<Schema> {
  let data: unknown;
  try {
    data = isJsonText(text) ? JSON.parse(text) : (await import('js-yaml')).load(text);
  } catch (error) {
    throw new UsageError(
      `--openapi: ${where} is not valid JSON or YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (!isSchema(data) || !documentVersion(data)) {
    throw new UsageError(
      `--openapi: ${where} is not an OpenAPI 3.0/3.1 or Swagger 2.0 document (it needs "openapi: 3.x" or "swagger: 2.0" at the top).`,
    );
  }
  return data;
}

export interface LoadedDocument {
  document: ApiDocument;
  /** The URL the spec came from (relative server URLs resolve against it). */
  url?: string;
}

/**
 * Parses and dereferences `text`. References inside the document are resolved; references to
 * other files or URLs are not followed (published specs are one file).
 */
export async function documentFromText(text: string, where: string): Promise<ApiDocument> {
  const data = await parseDocumentText(text, where);
  // most specs hold only plain references: resolved in one walk, without loading the library
  if (dereferenceInPlace(data, { shared: !isJsonText(text) })) return readDocument(data);
  const { dereference } = await import('@readme/openapi-parser');
  let dereferenced: Schema;
  try {
    dereferenced = (await dereference(data as never, {
      resolve: { external: false },
      dereference: { circular: true },
    })) as unknown as Schema;
  } catch (error) {
    throw new UsageError(
      `--openapi: ${where} has references that cannot be resolved: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  return readDocument(dereferenced);
}

export async function loadDocument(source: string, root: string): Promise<LoadedDocument> {
  const text = await readText(source, root);
  const document = await documentFromText(text, source);
  return { document, ...(isUrl(source) && { url: source }) };
}
