/**
 * The lean composition root of `headroom lint …`: the global options and the lint command only.
 * A pre-commit hook or CI gate pays start-up on every run, so this root loads neither the other
 * commands nor (without --config) the config schema: scripts/build.mjs bundles this file with the
 * lint code into dist/lint-cli.cjs and bakes the default config in (`HEADROOM_DEFAULT_CONFIG`);
 * bin/headroom.mjs runs that bundle from a V8 code cache (bin/lint-bundle.mjs).
 * Run from the sources (tsx) or dist/, it loads the config like every command.
 * For a big run the launcher may start a helper thread running the same bundle (bin/lint-helper.cjs):
 * lintMain gets it, and the helper runs lintPart on the files lintFiles hands it.
 */
import type { HeadroomConfig } from '../config/index.js';
import type { LintFilesPart, LintHelper, LintOptions } from '../generators/lint/index.js';
import { registerLint } from './commands/lint.js';
import { createContext, finishCommands, packageVersion, rootProgram, runProgram } from './root.js';

declare const HEADROOM_DEFAULT_CONFIG: HeadroomConfig | undefined;
declare const HEADROOM_MODULE_URL: string | undefined;

export async function lintMain(argv: string[], stdout: NodeJS.WritableStream = process.stdout, helper?: LintHelper): Promise<number> {
  const defaults = typeof HEADROOM_DEFAULT_CONFIG === 'undefined' ? undefined : HEADROOM_DEFAULT_CONFIG;
  const { ctx, level } = createContext(argv, stdout, defaults);
  ctx.lintHelper = helper;
  const program = rootProgram(ctx, packageVersion(typeof HEADROOM_MODULE_URL === 'undefined' ? import.meta.url : HEADROOM_MODULE_URL));
  registerLint(program, ctx);
  finishCommands(program);
  try {
    return await runProgram(program, argv, ctx, level);
  } finally {
    helper?.release(); // a run that stopped before lintFiles (bad usage, --help) lets it go too
  }
}

/** What a helper thread does with the files a run hands it. */
export async function lintPart(files: string[], options: LintOptions): Promise<LintFilesPart> {
  return (await import('../generators/lint/index.js')).lintFilesPart(files, options);
}
