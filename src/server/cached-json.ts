/**
 * A JSON body serialised once and sent many times: the bytes, gzipped once for the clients that
 * accept it (Go's and Python's HTTP clients ask for gzip by default; 26 KB of recommendations
 * shrink ~10×), and an ETag so that clients polling a result (dashboards, scripts) get 304 Not
 * Modified until a new run changes it. Nothing is encoded or compressed per request.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface CachedJson {
  /** UTF-8 bytes, so that no request re-encodes the body. */
  body: Buffer;
  /** Strong validator of `body`: a digest of the bytes, quoted. The gzip form is sent as W/<etag>. */
  etag: string;
  /** `body` gzipped, made on the first request that accepts gzip. */
  gzipBody?: Buffer;
}

/** Below this, gzip saves less than its header and a round of inflate costs the client. */
const gzipMinBytes = 1_024;

/** `json`: what reply.serialize() returns (a string from the route's response schema). */
export function createCachedJson(json: string | ArrayBuffer | Uint8Array): CachedJson {
  const body = typeof json === 'string' ? Buffer.from(json, 'utf8') : Buffer.from(json instanceof ArrayBuffer ? new Uint8Array(json) : json);
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/** RFC 9110 If-None-Match: `*` or a list of tags, compared weakly (a W/ prefix does not matter). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

/** RFC 9110 Accept-Encoding: gzip (or x-gzip) with a non-zero weight, or `*` without gzip named. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let any = false;
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';').map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    if (coding === 'gzip' || coding === 'x-gzip') return weight > 0;
    if (coding === '*') any = weight > 0;
  }
  return any;
}

/**
 * Sends the cached body (gzipped when the client accepts it and it is worth it), or 304 without a
 * body when the client already holds these bytes.
 */
export function sendCachedJson(request: FastifyRequest, reply: FastifyReply, cached: CachedJson): FastifyReply {
  const gzip = cached.body.length >= gzipMinBytes && acceptsGzip(request.headers['accept-encoding']);
  // The gzip form has other bytes: its validator is weak, like a proxy that compresses would make it.
  const etag = gzip ? `W/${cached.etag}` : cached.etag;
  void reply.header('etag', etag).header('cache-control', 'no-cache').header('vary', 'accept-encoding');
  if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
  void reply.type('application/json; charset=utf-8');
  if (!gzip) return reply.send(cached.body);
  cached.gzipBody ??= gzipSync(cached.body);
  return reply.header('content-encoding', 'gzip').send(cached.gzipBody);
}

/** Response schema entry for 304 (documented in OpenAPI; no body). */
export const notModifiedSchema = { description: 'Not Modified: the ETag in If-None-Match is current', type: 'null' } as const;
