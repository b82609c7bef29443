/**
 * The composition root of the `headroom` command: parse global options, build the context
 * (config, logger, clock), dispatch to a subcommand, and turn any error into one line and an
 * exit code. No stack traces for anything a user can cause.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { formatErrorLine, HeadroomError } from '../domain/errors.js';
import { loadConfig, type HeadroomConfig } from '../config/index.js';
import { createLogger } from '../util/logger.js';
import { createProgress } from '../util/progress.js';
import type { CliContext } from './context.js';
import { commandRegistrations } from './commands/index.js';

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
  // Global options are read before dispatch so that the logger exists for every command.
  const configIdx = argv.findIndex((a) => a === '--config' || a === '-c');
  const configPath = configIdx >= 0 ? argv[configIdx + 1] : argv.find((a) => a.startsWith('--config='))?.slice('--config='.length);
  const levelIdx = argv.indexOf('--log-level');
  const level = (levelIdx >= 0 ? argv[levelIdx + 1] : 'info') as 'info';
  const logger = createLogger(['trace', 'debug', 'info', 'warn', 'error', 'silent'].includes(level) ? level : 'info');
  let config: Promise<HeadroomConfig> | undefined;
  const ctx: CliContext = {
    config: () => (config ??= loadConfig(configPath)),
    configPath,
    logger,
    progress: createProgress(),
    nowMs: () => Date.now(),
    stdout,
  };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return err.exitCode === 0 ? 0 : 2; // commander already printed the one-line reason
    }
    process.stderr.write(`${formatErrorLine(err)}\n`);
    if (!(err instanceof HeadroomError) || err.code === 'INTERNAL') {
      logger.debug({ err }, 'internal error detail');
      if (!(err instanceof HeadroomError)) process.stderr.write('(this is a bug in Headroom; rerun with --log-level debug and report it)\n');
    }
    return err instanceof HeadroomError ? err.exitCode : 1;
  }
}
