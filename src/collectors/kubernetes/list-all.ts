/**
 * Lists every object of a kind in pages (`limit` + `continue`), the way kubectl does, so a large
 * cluster never answers in one huge response. A 410 (the continue token expired) restarts the
 * list from the beginning, a few times; other failures become one-line SourceErrors.
 */
import { ApiException } from '@kubernetes/client-node';
import { SourceError } from '../../domain/errors.js';
import { kubernetesMessages as msg } from './messages.js';

export const PAGE_LIMIT = 500;
const MAX_RESTARTS = 3;

export interface ListPage<T> {
  items: T[];
  metadata?: { _continue?: string };
}

export type ListFn<T> = (params: { limit: number; _continue?: string }) => Promise<ListPage<T>>;

export async function listAll<T>(server: string, what: string, list: ListFn<T>, limit = PAGE_LIMIT): Promise<T[]> {
  for (let restart = 0; ; restart++) {
    const items: T[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await list({ limit, ...(token ? { _continue: token } : {}) });
        items.push(...page.items);
        token = page.metadata?._continue || undefined;
      } while (token);
      return items;
    } catch (err) {
      if (statusCode(err) === 410 && restart < MAX_RESTARTS) continue;
      throw toSourceError(server, what, err);
    }
  }
}

/** HTTP status of a client error, when it has one. */
export function statusCode(err: unknown): number | null {
  return err instanceof ApiException ? err.code : null;
}

function statusMessage(err: ApiException<unknown>): string {
  const body = err.body;
  if (typeof body === 'string') {
    try {
      const parsed = JSON.parse(body) as { message?: string };
      if (parsed.message) return parsed.message;
    } catch {
      return body.slice(0, 200);
    }
  }
  if (body && typeof body === 'object' && 'message' in body) return String((body as { message: unknown }).message);
  return `HTTP ${err.code}`;
}

export function toSourceError(server: string, what: string, err: unknown): SourceError {
  if (err instanceof ApiException) {
    switch (err.code) {
      case 401: return new SourceError('SOURCE_REJECTED', msg.unauthorized(server), { hint: msg.unauthorizedHint, cause: err });
      case 403: return new SourceError('SOURCE_REJECTED', msg.forbidden(server, what), { hint: msg.forbiddenHint, cause: err });
      case 404: return new SourceError('SOURCE_REJECTED', msg.notFound(server, what), { hint: msg.notFoundHint, cause: err });
      case 410: return new SourceError('SOURCE_UNAVAILABLE', msg.expired(server, what), { hint: msg.expiredHint, cause: err });
      default: return new SourceError('SOURCE_UNAVAILABLE', msg.failed(server, what, statusMessage(err)), { hint: msg.failedHint, cause: err });
    }
  }
  const code = (err as { code?: string }).code;
  const detail = code ?? (err instanceof Error ? err.message.split('\n')[0]! : String(err));
  return new SourceError('SOURCE_UNAVAILABLE', msg.failed(server, what, detail), { hint: msg.failedHint, cause: err });
}
