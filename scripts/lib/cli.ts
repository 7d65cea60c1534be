// One argument parser for the lab's command-line tools, so that each of them answers --help with its
// usage (exit 0) and a wrong flag with one clear line and the usage (exit 2), never a stack trace.

export interface Flag {
  name: string;
  /** the value's placeholder in the usage; absent: a switch that takes no value */
  value?: string;
  /** the flag may be given several times (its values are collected in order) */
  repeat?: boolean;
  /** a non-negative integer */
  int?: boolean;
  help: string;
}

export interface Cli {
  /** the command as a user types it, e.g. "npm run experiment --" */
  command: string;
  summary: string;
  positional?: { name: string; help: string; required?: boolean }[];
  flags: Flag[];
}

export type Parsed = { flags: Record<string, string | boolean | string[] | undefined>; positional: string[] };

export function usage(cli: Cli): string {
  const pos = (cli.positional ?? []).map((p) => (p.required ? p.name : `[${p.name}]`));
  const lines = [`usage: ${cli.command} ${[...pos, '[flags]'].join(' ')}`, '', cli.summary, ''];
  for (const p of cli.positional ?? []) lines.push(`  ${p.name.padEnd(24)} ${p.help}`);
  for (const f of cli.flags) lines.push(`  ${`--${f.name}${f.value ? ` ${f.value}` : ''}`.padEnd(24)} ${f.help}`);
  lines.push(`  ${'--help'.padEnd(24)} print this and exit`);
  return lines.join('\n');
}

/** Thrown for anything the user typed wrong; `main` turns it into one line, the usage and exit 2. */
export class UsageError extends Error {}

export function parse(cli: Cli, argv: string[]): Parsed | 'help' {
  const flags: Parsed['flags'] = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return 'help';
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    const f = cli.flags.find((x) => x.name === name);
    if (!f) throw new UsageError(`unknown flag ${a}`);
    if (!f.value) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    const v = inline ?? argv[++i];
    if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`--${name} needs a value (${f.value})`);
    if (f.int && !/^\d+$/.test(v)) throw new UsageError(`--${name} needs a whole number ≥ 0, got "${v}"`);
    if (f.repeat) flags[name] = [...((flags[name] as string[] | undefined) ?? []), v];
    else if (flags[name] !== undefined) throw new UsageError(`--${name} was given twice`);
    else flags[name] = v;
  }
  const specs = cli.positional ?? [];
  if (positional.length > specs.length) throw new UsageError(`unexpected argument ${positional[specs.length]}`);
  const missing = specs.find((p, i) => p.required && positional[i] === undefined);
  if (missing) throw new UsageError(`${missing.name} is required`);
  return { flags, positional };
}

/**
 * Parse argv for a tool: --help prints the usage and exits 0; a usage error prints one line and the
 * usage and exits 2. `check` may throw UsageError for values that parse but make no sense.
 */
export function parseOrExit<T>(cli: Cli, argv: string[], check: (p: Parsed) => T): T {
  try {
    const p = parse(cli, argv);
    if (p === 'help') {
      console.log(usage(cli));
      process.exit(0);
    }
    return check(p);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`error: ${e.message}\n\n${usage(cli)}`);
    process.exit(2);
  }
}

/** A UsageError for a value outside a list, naming the list. */
export function oneOf(flag: string, value: string, allowed: readonly string[]): string {
  if (!allowed.includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}; got "${value}"`);
  return value;
}
