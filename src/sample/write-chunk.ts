/**
 * One write to an output stream that honours backpressure and does not hide the stream's failure:
 * once a write has failed (the reader closed the pipe, the disk is full), the next call throws that
 * error instead of writing into a dead stream and waiting for a `drain` that never comes.
 */
import type { Writable } from 'node:stream';
import { once } from 'node:events';

export async function writeChunk(out: Writable, chunk: Uint8Array): Promise<void> {
  if (out.errored) throw out.errored;
  if (out.destroyed) throw Object.assign(new Error('the output stream was closed'), { code: 'ERR_STREAM_DESTROYED' });
  // `once` rejects when the stream emits 'error' while we wait.
  if (!out.write(chunk)) await once(out, 'drain');
}
