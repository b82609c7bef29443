/**
 * Standard output for `headroom lint`, written with write(2) on file descriptor 1. `process.stdout`
 * is a stream: the first use builds it (for a pipe — a pre-commit hook's stdout — a net socket, with
 * Node's `net` and pipe modules), a cost each lint run paid for the two writes it makes. Written
 * synchronously, as Node writes to files and pipes on Linux anyway; the output is complete at exit.
 * Same contract as process.stdout behind endQuietlyOnBrokenPipe (broken-pipe.ts): once the reader has
 * gone (EPIPE), later output is dropped and the command ends as it would have. A descriptor that
 * would block (EAGAIN: another process made the shared pipe non-blocking) or any other surprise hands
 * the rest of the output to process.stdout, which waits for the reader.
 */
import { writeSync } from 'node:fs';
import { endQuietlyOnBrokenPipe } from './broken-pipe.js';

export function directStdout(): NodeJS.WritableStream {
  let readerGone = false;
  let stream: NodeJS.WritableStream | undefined;
  const write = (chunk: string | Uint8Array): boolean => {
    if (readerGone) return true;
    if (stream) return stream.write(chunk);
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let at = 0;
    try {
      while (at < bytes.length) at += writeSync(1, bytes, at);
      return true;
    } catch (err) {
      if ((err as { code?: unknown }).code === 'EPIPE') {
        readerGone = true;
        return true;
      }
      // The stream under the same contract: a reader gone later ends its output quietly too.
      stream = process.stdout;
      endQuietlyOnBrokenPipe(stream);
      return stream.write(bytes.subarray(at));
    }
  };
  // Only write is used (lint writes its findings and a summary; commander its help); callbacks are not.
  return { write } as unknown as NodeJS.WritableStream;
}
