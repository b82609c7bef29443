/**
 * Structured JSON errors: `{ error: { code, message, hint? } }` with a stable code and a status.
 * Codes are HeadroomError codes plus the few only HTTP has (auth, conflicts, body size).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HeadroomError, type ErrorCode } from '../domain/errors.js';

export type ApiErrorCode = ErrorCode | 'UNAUTHORIZED' | 'AUTH_NOT_CONFIGURED' | 'RUN_IN_PROGRESS' | 'BODY_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE';

export class ApiError extends Error {
  constructor(readonly statusCode: number, readonly code: ApiErrorCode, message: string, readonly hint?: string) {
    super(message);
  }
}

const statusByCode: Partial<Record<ApiErrorCode, number>> = {
  INPUT_INVALID: 400, USAGE: 400, NOT_FOUND: 404, UNAUTHORIZED: 401, AUTH_NOT_CONFIGURED: 403, RUN_IN_PROGRESS: 409,
  BODY_TOO_LARGE: 413, UNSUPPORTED_MEDIA_TYPE: 415, CONFIG_INVALID: 500, SOURCE_UNAVAILABLE: 502, SOURCE_TIMEOUT: 504, SOURCE_REJECTED: 502,
  STORE_FAILED: 500, OUTPUT_UNWRITABLE: 500, MISSING_DEPENDENCY: 500, INTERNAL: 500,
};

export const errorResponseSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, hint: { type: 'string' } },
    },
  },
} as const;

function body(code: string, message: string, hint?: string) {
  return { error: hint ? { code, message, hint } : { code, message } };
}

/** Maps any error to a status and the JSON body; 5xx messages of unknown errors are not echoed. */
export function handleError(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof ApiError) {
    void reply.status(err.statusCode).send(body(err.code, err.message, err.hint));
    return;
  }
  if (err instanceof HeadroomError) {
    const status = statusByCode[err.code] ?? 500;
    if (status >= 500) request.log.error({ code: err.code, err: err.message }, 'request failed');
    void reply.status(status).send(body(err.code, err.message, err.hint));
    return;
  }
  const fe = err as FastifyError;
  if (fe.validation) {
    void reply.status(400).send(body('INPUT_INVALID', `${fe.validationContext ?? 'request'} ${fe.message.replace(/^(querystring|body|params|headers)\s*/, '')}`, 'see /openapi.json for the accepted parameters'));
    return;
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    void reply.status(413).send(body('BODY_TOO_LARGE', 'request body is larger than server.bodyLimitBytes'));
    return;
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    void reply.status(415).send(body('UNSUPPORTED_MEDIA_TYPE', 'send application/json'));
    return;
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    void reply.status(fe.statusCode).send(body('INPUT_INVALID', fe.message));
    return;
  }
  request.log.error({ err }, 'unhandled error');
  void reply.status(500).send(body('INTERNAL', 'internal error; see the server log'));
}
