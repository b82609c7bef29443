/**
 * What every `headroom` composition root shares — the full CLI (main.ts) and the lean one of
 * `headroom lint` (lint-main.ts): the program with its global options, the context (config,
 * logger and progress made when first used), and the run that turns any error into one line and
 * an exit code. No stack traces for anything a user can cause.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { formatErrorLine, HeadroomError } from '../domain/errors.js';
import type { HeadroomConfig } from '../config/index.js';
import { createLogger, type Logger } from '../util/logger.js';
import { createProgress, type Progress } from '../util/progress.js';
import type { CliContext } from './context.js';
import { LazyHelp } from './lazy-help.js';
import { endQuietlyOnBrokenPipe, isBrokenPipe } from './broken-pipe.js';

const levels = ['trace', 'debug', 'info', 'warn', 'error', 'silent'] as const;
type Level = (typeof levels)[number];

/** The version in Headroom's package.json, found from any module's URL (source, dist or bundle). */
export function packageVersion(moduleUrl: string): string {
  for (let dir = dirname(fileURLToPath(moduleUrl)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'headroom') return pkg.version;
    }
    if (dirname(dir) === dir) return '0.0.0';
  }
}

/** The `headroom` program with its global options and no commands yet. */
export function rootProgram(ctx: CliContext, version: string): Command {
  const program = new Command('headroom')
    .description('Capacity forecasts, rightsizing, commitments and monitoring as code for Kubernetes on a cloud.')
    .version(version, '-V, --version')
    .option('-c, --config <file>', 'config file (headroom.yaml); defaults need none')
    .addOption(new Option('--log-level <level>', 'log level').choices([...levels]).default('info'))
    .showHelpAfterError('(run with --help for usage and examples)')
    .exitOverride()
    .addHelpText('after', '\nExamples:\n  $ headroom demo                      # every stage on the embedded sample, offline\n  $ headroom sample --openmetrics sample.om --days 14\n  $ headroom <command> --help          # each command has examples');
  program.configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => ctx.stdout.write(s) });
  return program;
}

/** Every command of `program` stops on errors instead of exiting, with the same hint. */
export function finishCommands(program: Command): Command {
  for (const cmd of program.commands) cmd.exitOverride().showHelpAfterError('(run with --help for usage and examples)');
  return program;
}

/**
 * The context of one run. Global options are read before dispatch so that the logger exists for
 * every command. The config (zod, yaml), the logger (pino) and the progress bar are made when a
 * command first uses them: `--version`, `--help` and light commands start without them.
 * `defaultConfig`, when given, is the config of a run without --config (the lean lint bundle
 * carries it, computed at build time, so that it need not load the schema).
 */
export function createContext(argv: string[], stdout: NodeJS.WritableStream, defaultConfig?: HeadroomConfig): { ctx: CliContext; level: Level } {
  endQuietlyOnBrokenPipe(stdout);
  const configIdx = argv.findIndex((a) => a === '--config' || a === '-c');
  const configPath = configIdx >= 0 ? argv[configIdx + 1] : argv.find((a) => a.startsWith('--config='))?.slice('--config='.length);
  const levelIdx = argv.indexOf('--log-level');
  const given = levelIdx >= 0 ? argv[levelIdx + 1] : undefined;
  const level = levels.find((l) => l === given) ?? 'info';
  let logger: Logger | undefined;
  let progress: Progress | undefined;
  let config: Promise<HeadroomConfig> | undefined;
  const ctx: CliContext = {
    config: () => (config ??= !configPath && defaultConfig ? Promise.resolve(structuredClone(defaultConfig)) : import('../config/index.js').then(({ loadConfig }) => loadConfig(configPath))),
    configPath,
    get logger() {
      return (logger ??= createLogger(level));
    },
    get progress() {
      return (progress ??= createProgress());
    },
    nowMs: () => Date.now(),
    stdout,
    help: new LazyHelp(),
  };
  return { ctx, level };
}

/** Parses and runs; returns the exit code. Any error becomes one line (a bug says so). */
export async function runProgram(program: Command, argv: string[], ctx: CliContext, level: Level, beforeParse?: () => Promise<void>): Promise<number> {
  try {
    await beforeParse?.();
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return err.exitCode === 0 ? 0 : 2; // commander already printed the one-line reason
    }
    // The reader of stdout stopped early (`| head`): what it wanted, it got.
    if (isBrokenPipe(err)) return 0;
    // One line for a person. The structured record (code, cause, stack) only at --log-level debug:
    // the same error twice at the default level is noise.
    process.stderr.write(`${formatErrorLine(err)}\n`);
    if (level === 'debug' || level === 'trace') ctx.logger.debug({ err, code: err instanceof HeadroomError ? err.code : 'INTERNAL' }, 'error detail');
    if (!(err instanceof HeadroomError)) process.stderr.write('(this is a bug in Headroom; rerun with --log-level debug and report it)\n');
    return err instanceof HeadroomError ? err.exitCode : 1;
  }
}
