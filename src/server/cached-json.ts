/**
 * A JSON body serialised once and sent many times, with a strong ETag so that clients polling a
 * result (dashboards, scripts) get 304 Not Modified until a new run changes it.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface CachedJson {
  /** UTF-8 bytes, so that no request re-encodes the body. */
  body: Buffer;
  /** Strong validator: a digest of the bytes, quoted. */
  etag: string;
}

/** `json`: what reply.serialize() returns (a string from the route's response schema). */
export function createCachedJson(json: string | ArrayBuffer | Uint8Array): CachedJson {
  const body = typeof json === 'string' ? Buffer.from(json, 'utf8') : Buffer.from(json instanceof ArrayBuffer ? new Uint8Array(json) : json);
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/** RFC 9110 If-None-Match: `*` or a list of tags, compared weakly (a W/ prefix does not matter). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** Sends the cached body, or 304 without a body when the client already holds these bytes. */
export function sendCachedJson(request: FastifyRequest, reply: FastifyReply, cached: CachedJson): FastifyReply {
  void reply.header('etag', cached.etag).header('cache-control', 'no-cache');
  if (matchesIfNoneMatch(request.headers['if-none-match'], cached.etag)) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(cached.body);
}

/** Response schema entry for 304 (documented in OpenAPI; no body). */
export const notModifiedSchema = { description: 'Not Modified: the ETag in If-None-Match is current', type: 'null' } as const;
