/**
 * The composition root of the `headroom` command: parse global options, build the context
 * (config, logger, clock), dispatch to a subcommand, and turn any error into one line and an
 * exit code. No stack traces for anything a user can cause.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { formatErrorLine, HeadroomError } from '../domain/errors.js';
import type { HeadroomConfig } from '../config/index.js';
import { createLogger, type Logger } from '../util/logger.js';
import { createProgress, type Progress } from '../util/progress.js';
import type { CliContext } from './context.js';
import { commandRegistrations } from './commands/index.js';
import { asksForHelp, LazyHelp } from './lazy-help.js';
import { endQuietlyOnBrokenPipe, isBrokenPipe } from './broken-pipe.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('headroom')
    .description('Capacity forecasts, rightsizing, commitments and monitoring as code for Kubernetes on a cloud.')
    .version(version, '-V, --version')
    .option('-c, --config <file>', 'config file (headroom.yaml); defaults need none')
    .addOption(new Option('--log-level <level>', 'log level').choices(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info'))
    .showHelpAfterError('(run with --help for usage and examples)')
    .exitOverride()
    .addHelpText('after', '\nExamples:\n  $ headroom demo                      # every stage on the embedded sample, offline\n  $ headroom sample --openmetrics sample.om --days 14\n  $ headroom <command> --help          # each command has examples');
  program.configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => ctx.stdout.write(s) });
  for (const register of commandRegistrations) register(program, ctx);
  for (const cmd of program.commands) cmd.exitOverride().showHelpAfterError('(run with --help for usage and examples)');
  return program;
}

export async function main(argv: string[], stdout: NodeJS.WritableStream = process.stdout): Promise<number> {
  endQuietlyOnBrokenPipe(stdout);
  // Global options are read before dispatch so that the logger exists for every command.
  const configIdx = argv.findIndex((a) => a === '--config' || a === '-c');
  const configPath = configIdx >= 0 ? argv[configIdx + 1] : argv.find((a) => a.startsWith('--config='))?.slice('--config='.length);
  const levelIdx = argv.indexOf('--log-level');
  const levels = ['trace', 'debug', 'info', 'warn', 'error', 'silent'] as const;
  const given = levelIdx >= 0 ? argv[levelIdx + 1] : undefined;
  const level = levels.find((l) => l === given) ?? 'info';
  // The config (zod, yaml), the logger (pino) and the progress bar are made when a command first
  // uses them: `--version`, `--help` and light commands start without them.
  let logger: Logger | undefined;
  let progress: Progress | undefined;
  let config: Promise<HeadroomConfig> | undefined;
  const ctx: CliContext = {
    config: () => (config ??= import('../config/index.js').then(({ loadConfig }) => loadConfig(configPath))),
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
  const program = buildProgram(ctx);
  try {
    if (asksForHelp(argv)) await ctx.help.loadAll();
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
