/**
 * The options every command shares, defined once with their validation: the window of history
 * (`--window`, ending at `--at`), `--store`, `--format`, `--output FILE` and `--out-dir DIR`.
 * Old names stay as hidden aliases (`--since`, `--history`, `--lookback`, `--days`, `--out`):
 * the command-line contracts in DESIGN.md and scripts in the wild use them.
 *
 * Commands add an option with `add…Option(cmd, …)` and read its checked value with `read…(opts, …)`
 * in their action. Bad values are a one-line `USAGE` error (exit 2) naming the flag as typed and the
 * fix — before anything reaches Prometheus, the store or the disk.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { HeadroomError } from '../domain/errors.js';
import { DAY_SECONDS, parseDurationSeconds, parseTimeMs } from '../domain/units.js';

/** The `--format` choices every command with tabular output offers; commands may add their own. */
export const coreFormats = ['table', 'json', 'csv'] as const;

/** Old names of `--window`, kept as hidden aliases. `--days N` takes a whole number of days. */
export type WindowAlias = '--since' | '--history' | '--lookback' | '--days';

const usage = (message: string, hint: string) => new HeadroomError('USAGE', message, { hint });
const optionKey = (flag: string) => flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
type Opts = Record<string, unknown>;

/** One value given under several names of the same option: refuse rather than guess. */
function pickOne(opts: Opts, flags: string[]): [flag: string, text: string] | undefined {
  const given = flags.filter((f) => opts[optionKey(f)] !== undefined);
  if (given.length > 1) throw usage(`${given.join(' and ')} are the same option, given twice`, `give only ${flags[0]}`);
  const flag = given[0];
  return flag === undefined ? undefined : [flag, String(opts[optionKey(flag)])];
}

export interface WindowOptionSpec {
  /** What the window is on this command, e.g. 'history to analyse, ending at --at'. */
  description: string;
  /** The default as shown in help, e.g. '14d' or 'rightsizing.history, 14d'. */
  defaultText: string;
  aliases: WindowAlias[];
}

/** `--window <duration>`, plus its old names hidden from help. */
export function addWindowOption(cmd: Command, spec: WindowOptionSpec): Command {
  cmd.addOption(new Option('--window <duration>', `${spec.description} (default: ${spec.defaultText})`));
  for (const alias of spec.aliases) cmd.addOption(new Option(`${alias} <${alias === '--days' ? 'n' : 'duration'}>`).hideHelp());
  return cmd;
}

export interface WindowRules {
  /** Duration used when no flag is given (e.g. from the config). */
  default: string;
  aliases: WindowAlias[];
  /** The command works in whole days (costs, the sample). */
  wholeDays?: boolean;
  maxSeconds?: number;
}

/** The window length in seconds, > 0; the error names the flag as the user typed it. */
export function readWindowSeconds(opts: Opts, rules: WindowRules): number {
  const [flag, text] = pickOne(opts, ['--window', ...rules.aliases]) ?? ['--window', rules.default];
  const example = flag === '--days' ? '--days 14' : `${flag} 14d`;
  let seconds: number;
  if (flag === '--days') {
    if (!/^\d+$/.test(text)) throw usage(`--days ${text}: expected a whole number of days`, `e.g. ${example} or --window 14d`);
    seconds = Number(text) * DAY_SECONDS;
  } else {
    try {
      seconds = parseDurationSeconds(text);
    } catch (err) {
      throw usage(`${flag} ${text}: ${(err as Error).message}`, `e.g. ${example}`);
    }
  }
  if (!(seconds > 0)) throw usage(`${flag} ${text}: the window must be longer than zero`, `e.g. ${example}`);
  if (rules.wholeDays && seconds % DAY_SECONDS !== 0) throw usage(`${flag} ${text}: this command counts whole days`, `e.g. ${example}`);
  if (rules.maxSeconds !== undefined && seconds > rules.maxSeconds) {
    throw usage(`${flag} ${text}: at most ${rules.maxSeconds / DAY_SECONDS} days`, `e.g. ${example}`);
  }
  return seconds;
}

/** `--at <time>`: the end of the window. */
export function addAtOption(cmd: Command, description = 'end of the window: RFC 3339 or Unix seconds (default: now)'): Command {
  return cmd.addOption(new Option('--at <time>', description));
}

/** `--at` in epoch ms, or `fallbackMs` without it. Refuses days that do not exist and times beyond 9999. */
export function readAtMs(opts: Opts, fallbackMs: number): number {
  const text = opts.at as string | undefined;
  if (text === undefined) return fallbackMs;
  try {
    return parseTimeMs(text);
  } catch (err) {
    throw usage(`--at ${text}: ${(err as Error).message.replace(/^"[^"]*"(: | )/, '')}`, 'e.g. --at 2026-11-16T00:00:00Z or --at 1794787200');
  }
}

/** `--store <file>`. */
export function addStoreOption(cmd: Command): Command {
  return cmd.addOption(new Option('--store <file>', 'store file (default: store.path of the config)'));
}

/** `--fx EUR=1.08` (repeatable): exchange rates into USD for a bill in several currencies. */
export function addFxOption(cmd: Command, extra = ''): Command {
  return cmd.option('--fx <rates>', `exchange rates into USD for a bill in several currencies, e.g. EUR=1.08 (repeatable${extra})`, (v: string, prev: string[]) => [...prev, v], [] as string[]);
}

/** The store path: `--store`, else the config's. */
export function readStorePath(opts: Opts, config: { store: { path: string } }): string {
  return (opts.store as string | undefined) ?? config.store.path;
}

/** The commands that create the data a read-only command needs, as its hint names them. */
export const storeCreators = {
  /** Usage and inventory: `capacity`, `report`, `rightsize --from-store`. */
  collect: '`headroom collect`',
  /** The bill: `costs`, `commitments` without --usage. */
  billing: '`headroom import --focus FILE` (or --cur FILE, or --cost-explorer)',
  /** Usage and the bill: `costs --by namespace` and the other allocations. */
  collectAndBilling: '`headroom collect` and `headroom import --focus FILE` (or --cur FILE)',
} as const;

/**
 * Refuses a store path that does not exist, for commands that only read a store (opening it would
 * create an empty one and report nothing): one message naming the path and `createdBy`, the
 * command that creates the data (one of `storeCreators`). Exit 2: the path is the user's input.
 * Returns the path unchanged.
 */
export function requireExistingStore(storePath: string, createdBy: string): string {
  if (storePath !== ':memory:' && !existsSync(storePath)) {
    throw new HeadroomError('NOT_FOUND', `store ${storePath} does not exist`, {
      hint: `run ${createdBy} first to create it, or pass --store with the path of an existing store (e.g. headroom-demo/headroom.duckdb after \`headroom demo\`)`,
      exitCode: 2,
    });
  }
  return storePath;
}

export interface FormatOptionSpec<F extends string> {
  /** The choices, core ones first (`coreFormats`), then this command's own. */
  choices: readonly F[];
  default: F;
  /** Old names still accepted, e.g. `{ text: 'table' }`. */
  aliases?: Record<string, F>;
}

/** `--format <format>` with its choices listed in help; a bad choice is a usage error (exit 2). */
export function addFormatOption<F extends string>(cmd: Command, spec: FormatOptionSpec<F>): Command {
  const choices = spec.choices as readonly string[];
  return cmd.addOption(
    new Option('--format <format>', `output format: ${choices.join('|')}`)
      .default(spec.default)
      .argParser((value: string) => {
        const format = spec.aliases?.[value] ?? value;
        if (!choices.includes(format)) throw new InvalidArgumentError(`expected one of ${choices.join(', ')}.`);
        return format;
      }),
  );
}

/** `--output <file>`: one file, written atomically. */
export function addOutputOption(cmd: Command, description = 'write to this file instead of stdout (atomically)'): Command {
  return cmd.addOption(new Option('--output <file>', description));
}

/**
 * Checks that a file can be written where asked, before any work: its directory exists, is a
 * directory and is writable, and the path is not itself a directory. Returns the path unchanged.
 */
export function checkOutputFile(flag: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  if (path === '') throw usage(`${flag}: empty file name`, `e.g. ${flag} out.json`);
  const dir = dirname(path);
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw usage(`${flag} ${path}: directory ${dir} does not exist`, `run mkdir -p ${dir} first, or choose another ${flag} path`);
  }
  if (!isDir) throw usage(`${flag} ${path}: ${dir} is not a directory`, `choose another ${flag} path`);
  let targetIsDir = false;
  try {
    targetIsDir = statSync(path).isDirectory();
  } catch {
    // does not exist yet: the usual case
  }
  if (targetIsDir) throw usage(`${flag} ${path}: is a directory`, `give a file name, e.g. ${flag} ${path.replace(/\/$/, '')}/out.json`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw usage(`${flag} ${path}: directory ${dir} is not writable`, `choose another ${flag} path, or fix the directory permissions`);
  }
  return path;
}

/** The checked `--output` path, or undefined for stdout. */
export function readOutputFile(opts: Opts): string | undefined {
  return checkOutputFile('--output', opts.output as string | undefined);
}

export interface OutDirOptionSpec {
  description: string;
  /** The default directory, shown in help; without one the option is required. */
  default?: string;
  defaultText?: string;
}

/** `--out-dir <dir>` (old name `--out`, hidden): a directory the command writes several files into. */
export function addOutDirOption(cmd: Command, spec: OutDirOptionSpec): Command {
  const shown = spec.defaultText ?? spec.default;
  cmd.addOption(new Option('--out-dir <dir>', `${spec.description}${shown === undefined ? ' (required)' : ` (default: ${shown})`}`));
  return cmd.addOption(new Option('--out <dir>').hideHelp());
}

/** The output directory: `--out-dir` (or `--out`), else `fallback`; required when there is none. */
export function readOutDir(opts: Opts, fallback?: string): string {
  const picked = pickOne(opts, ['--out-dir', '--out']);
  if (picked) {
    if (picked[1] === '') throw usage(`${picked[0]}: empty directory name`, `e.g. ${picked[0]} out`);
    return picked[1];
  }
  if (fallback === undefined) throw usage('--out-dir is required', 'e.g. --out-dir . (the old name --out still works)');
  return fallback;
}
