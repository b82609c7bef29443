/** The process logger: pino, JSON lines when stderr is not a TTY, short human lines when it is. */
import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

export function createLogger(level: LevelWithSilent = 'info', stream: NodeJS.WritableStream = process.stderr): Logger {
  const tty = (stream as NodeJS.WriteStream).isTTY === true;
  if (!tty) return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, stream as pino.DestinationStream);
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
  return pino({ level: 'silent' });
}
