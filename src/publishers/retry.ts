/** Retries with exponential backoff and jitter; every attempt's error is kept for the report. */

export interface RetryOptions {
  /** Total attempts, including the first. Default 4. */
  attempts?: number;
  /** Delay before the second attempt, ms; doubles each time. Default 500. */
  baseDelayMs?: number;
  /** Upper bound on one delay, ms. Default 10 000. */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Return false for errors not worth retrying (e.g. 4xx). */
  isRetryable?: (err: unknown) => boolean;
}

export interface RetryResult<T> {
  ok: boolean;
  value?: T;
  attempts: number;
  errors: string[];
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function retryWithBackoff<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<RetryResult<T>> {
  const attempts = Math.max(1, options.attempts ?? 4);
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 10_000;
  const sleep = options.sleep ?? defaultSleep;
  const errors: string[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return { ok: true, value: await fn(attempt), attempts: attempt, errors };
    } catch (err) {
      errors.push(err instanceof Error ? err.message : String(err));
      if (attempt === attempts || (options.isRetryable && !options.isRetryable(err))) return { ok: false, attempts: attempt, errors };
      const delay = Math.min(max, base * 2 ** (attempt - 1));
      await sleep(delay / 2 + Math.random() * (delay / 2));
    }
  }
  return { ok: false, attempts, errors };
}
