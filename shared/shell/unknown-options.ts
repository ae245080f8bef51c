/**
 * Options on a command line that a command does not declare (`--destinaton`, `-Z`), found before
 * commander parses it: commander would stop at the first one, with its own message and exit 1,
 * where generator-dlt names them all, with the nearest declared option, and exits 2.
 */

/** What the scan needs of a commander option. */
export interface DeclaredOption {
  long?: string;
  /** `-h` */
  short?: string;
  /** It takes a value (`--name <value>`): the next argument is that value, even one with dashes. */
  required?: boolean;
}

/**
 * The options in `args` that `declared` does not hold, in order, once each; nothing after `--`:
 * long ones by name (kebab-case, no dashes: `--name`, `--name=value`), short ones as written
 * (`-Z`; none of ours has one but commander's `-h`, so yeoman would read `-Z` as an option "z").
 */
export function undeclaredOptions(
  args: readonly string[],
  declared: readonly DeclaredOption[],
): { long: string[]; short: string[] } {
  const byLong = new Map(declared.filter((option) => option.long).map((option) => [option.long!, option]));
  const shorts = new Set(declared.map((option) => option.short).filter(Boolean));
  const long: string[] = [];
  const short: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--') break;
    if (/^-[A-Za-z]/.test(arg)) {
      const flag = arg.slice(0, 2);
      if (!shorts.has(flag) && !short.includes(flag)) short.push(flag);
      continue;
    }
    if (!arg.startsWith('--')) continue;
    const [flag, inlineValue] = arg.split(/=(.*)/s);
    const option = byLong.get(flag!);
    if (option === undefined) {
      const name = flag!.slice(2);
      if (name !== '' && !long.includes(name)) long.push(name);
    } else if (option.required && inlineValue === undefined) index++;
  }
  return { long, short };
}
