/**
 * The tokenizer of the compact `key=value` syntax that dlt:custom's and dlt:rest's --resources
 * take: text split into entries (on separators and new lines), each into tokens (on blanks),
 * quotes keeping blanks and separators inside a token. What the tokens mean, and what is said
 * when they are wrong, is each generator's own.
 */

export interface TokenizeOptions {
  /** The characters besides a new line that end an entry, e.g. `;` or `,;`. */
  separators: string;
  /** The error to throw for a quote (`"` or `'`) left open. */
  unclosedQuote: (quote: string) => Error;
}

/** Splits on entry separators and blanks, honouring double and single quotes; no empty entries. */
export function tokenizeEntries(text: string, options: TokenizeOptions): string[][] {
  const entries: string[][] = [];
  let tokens: string[] = [];
  let token = '';
  let inToken = false;
  let quote: string | undefined;
  const endToken = () => {
    if (inToken) tokens.push(token);
    token = '';
    inToken = false;
  };
  const endEntry = () => {
    endToken();
    if (tokens.length > 0) entries.push(tokens);
    tokens = [];
  };
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
      else token += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inToken = true;
    } else if (char === '\n' || options.separators.includes(char)) {
      endEntry();
    } else if (/\s/.test(char)) {
      endToken();
    } else {
      token += char;
      inToken = true;
    }
  }
  if (quote) throw options.unclosedQuote(quote);
  endEntry();
  return entries;
}

/** `key=value` as [key, value] (split at the first `=`); undefined when no key comes before one. */
export function splitKeyValue(token: string): [key: string, value: string] | undefined {
  const at = token.indexOf('=');
  return at > 0 ? [token.slice(0, at), token.slice(at + 1)] : undefined;
}
