/**
 * The composition root of the `headroom` command: parse global options, build the context
 * (config, logger, clock), dispatch to a subcommand, and turn any error into one line and an
 * exit code (root.ts). `headroom lint …` has a leaner root of its own (lint-main.ts).
 */
import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { commandRegistrations } from './commands/index.js';
import { asksForHelp } from './lazy-help.js';
import { createContext, finishCommands, packageVersion, rootProgram, runProgram } from './root.js';

export function buildProgram(ctx: CliContext): Command {
  const program = rootProgram(ctx, packageVersion(import.meta.url));
  for (const register of commandRegistrations) register(program, ctx);
  return finishCommands(program);
}

export async function main(argv: string[], stdout: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { ctx, level } = createContext(argv, stdout);
  const program = buildProgram(ctx);
  return runProgram(program, argv, ctx, level, async () => {
    if (asksForHelp(argv)) await ctx.help.loadAll();
  });
}
