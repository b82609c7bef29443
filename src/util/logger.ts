/** The process logger: pino, JSON lines when stderr is not a TTY, short human lines when it is. */
import { createRequire } from 'node:module';
import type * as PinoModule from 'pino';
import type { DestinationStream, Logger, LevelWithSilent } from 'pino';

// pino (CommonJS) is loaded when the first logger is made, not when this module is imported:
// commands that never log (--version, --help, lint) start without it.
const require = createRequire(import.meta.url);
const loadPino = (): typeof PinoModule => require('pino') as typeof PinoModule;

export type { Logger };

export function createLogger(level: LevelWithSilent = 'info', stream: NodeJS.WritableStream = process.stderr): Logger {
  const { pino } = loadPino();
  const tty = (stream as NodeJS.WriteStream).isTTY === true;
  if (!tty) return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, stream as DestinationStream);
  // On a terminal: `level message key=value`, no JSON noise.
  const write = (line: string) => {
    const o = JSON.parse(line) as Record<string, unknown>;
    const { level: lv, msg, time: _t, ...rest } = o;
    const name = pino.levels.labels[lv as number] ?? String(lv);
    const extras = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
    stream.write(`${name === 'info' ? '' : `${name}: `}${msg ?? ''}${extras ? ` ${extras}` : ''}\n`);
  };
  return pino({ level, base: undefined }, { write });
}

/** A logger that drops everything (tests, library callers). */
export function silentLogger(): Logger {
  const { pino } = loadPino();
  return pino({ level: 'silent' });
}
