/**
 * The lean composition root of `headroom lint …`: the global options and the lint command only.
 * A pre-commit hook or CI gate pays start-up on every run, so this root loads neither the other
 * commands nor (without --config) the config schema: scripts/build.mjs bundles this file with the
 * lint code into dist/lint-cli.cjs and bakes the default config in (`HEADROOM_DEFAULT_CONFIG`);
 * bin/headroom.cjs runs that bundle from a V8 code cache (bin/lint-bundle.cjs).
 * Run from the sources (tsx) or dist/, it loads the config like every command.
 */
import type { HeadroomConfig } from '../config/index.js';
import { registerLint } from './commands/lint.js';
import { directStdout } from './direct-stdout.js';
import { createContext, finishCommands, packageVersion, rootProgram, runProgram } from './root.js';

declare const HEADROOM_DEFAULT_CONFIG: HeadroomConfig | undefined;
declare const HEADROOM_MODULE_URL: string | undefined;

/** `stdout` by default: file descriptor 1 written directly (direct-stdout.ts), not the process.stdout stream. */
export async function lintMain(argv: string[], stdout: NodeJS.WritableStream = directStdout()): Promise<number> {
  const defaults = typeof HEADROOM_DEFAULT_CONFIG === 'undefined' ? undefined : HEADROOM_DEFAULT_CONFIG;
  const { ctx, level } = createContext(argv, stdout, defaults);
  const program = rootProgram(ctx, packageVersion(typeof HEADROOM_MODULE_URL === 'undefined' ? import.meta.url : HEADROOM_MODULE_URL));
  registerLint(program, ctx);
  finishCommands(program);
  return runProgram(program, argv, ctx, level);
}
