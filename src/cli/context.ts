/** What every command gets from the composition root: config, logger, clock, output streams. */
import type { Logger } from '../util/logger.js';
import type { HeadroomConfig } from '../config/index.js';
import type { Progress } from '../util/progress.js';
import type { LazyHelp } from './lazy-help.js';

export interface CliContext {
  /** Loads (once) the config named by --config, or the defaults. */
  config(): Promise<HeadroomConfig>;
  /** Path given with --config, if any. */
  configPath: string | undefined;
  logger: Logger;
  progress: Progress;
  /** The clock, in epoch ms; commands never call Date.now() themselves. */
  nowMs(): number;
  stdout: NodeJS.WritableStream;
  /** Help text loaded only when help is shown (see lazy-help.ts). */
  help: LazyHelp;
}
