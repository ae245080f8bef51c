/**
 * Long options on a command line that a command does not declare (`--destinaton`), found before
 * commander parses it: commander would stop at the first one, with its own message and exit 1,
 * where generator-dlt names them all, with the nearest declared option, and exits 2.
 */

/** What the scan needs of a commander option. */
export interface DeclaredOption {
  long?: string;
  /** It takes a value (`--name <value>`): the next argument is that value, even one with dashes. */
  required?: boolean;
}

/**
 * The names (kebab-case, no dashes) of the long options in `args` that `declared` does not hold
 * (`--name`, `--name=value`), in order, once each; nothing after `--`.
 */
export function undeclaredLongOptions(
  args: readonly string[],
  declared: readonly DeclaredOption[],
): string[] {
  const byLong = new Map(declared.filter((option) => option.long).map((option) => [option.long!, option]));
  const unknown: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--') break;
    if (!arg.startsWith('--')) continue;
    const [flag, inlineValue] = arg.split(/=(.*)/s);
    const option = byLong.get(flag!);
    if (option === undefined) {
      const name = flag!.slice(2);
      if (name !== '' && !unknown.includes(name)) unknown.push(name);
    } else if (option.required && inlineValue === undefined) index++;
  }
  return unknown;
}
