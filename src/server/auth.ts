/** Bearer-token auth for state-changing routes: constant-time compare; no token configured → refuse. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** A preHandler that demands `Authorization: Bearer <token>`. */
export function createBearerAuth(token: string | null) {
  const expected = token ? digest(token) : null;
  return async (request: FastifyRequest): Promise<void> => {
    if (!expected) throw new ApiError(403, 'AUTH_NOT_CONFIGURED', 'this endpoint changes state and no server.token is configured', 'set server.token (env or file) in headroom.yaml and restart');
    const header = request.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    // Hashing first makes the compare constant-time whatever the presented length.
    if (!m || !timingSafeEqual(digest(m[1]!.trim()), expected)) throw new ApiError(401, 'UNAUTHORIZED', 'missing or wrong bearer token', 'send Authorization: Bearer <server.token>');
  };
}
