/**
 * The command registry. Each command lives in its own file and exports `register(program, ctx)`.
 * Add a command by adding one line here (keep alphabetical).
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerDemo } from './demo.js';
import { registerSample } from './sample.js';
import { registerCommitments } from './commitments.js';
import { registerBacktest } from './backtest.js';
import { registerForecast } from './forecast.js';
import { registerReport } from './report.js';
import { registerCapacity } from './capacity.js';
import { registerRightsize } from './rightsize.js';
import { registerCollect } from './collect.js';
import { registerDoctor } from './doctor.js';
import { registerServe } from './serve.js';
import { registerGenerate } from './generate.js';
import { registerLint } from './lint.js';
import { registerCosts } from './costs.js';
import { registerImportBilling } from './import-billing.js';
// @command-imports (add imports above this line)

export const commandRegistrations: ((program: Command, ctx: CliContext) => void)[] = [
  registerDemo,
  registerSample,
  registerCommitments,
  registerBacktest,
  registerForecast,
  registerReport,
  registerCapacity,
  registerRightsize,
  registerCollect,
  registerDoctor,
  registerServe,
  registerGenerate,
  registerLint,
  registerCosts,
  registerImportBilling,
  // @command-registrations (add registrations above this line)
];
