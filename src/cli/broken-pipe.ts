/**
 * A reader that stops early (`headroom --help | head -1`, `headroom costs --format csv | head`)
 * closes the pipe; the next write to stdout then fails with EPIPE. That is the reader's choice, not
 * an error: stdout stops taking output and the command ends as it would have, with no stack trace.
 * Set up once, here, for every command.
 */

/** True when `err` says the reader of stdout has gone. */
export function isBrokenPipe(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

const guarded = new WeakSet<NodeJS.WritableStream>();

/**
 * Swallows EPIPE on `stream` (and the "destroyed" errors of later writes to it); any other error
 * is thrown on as before. Idempotent.
 */
export function endQuietlyOnBrokenPipe(stream: NodeJS.WritableStream): void {
  // A collecting writer (tests, the lint bundle's cache warm-up) has no events to guard.
  if (guarded.has(stream) || typeof stream.on !== 'function') return;
  guarded.add(stream);
  stream.on('error', (err: unknown) => {
    if (isBrokenPipe(err)) return;
    throw err;
  });
}
