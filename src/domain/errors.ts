/**
 * One error base class for everything a user can cause or meet. Every error carries a stable
 * `code` (for the API and tests), a `hint` that says how to fix it, and the process exit code
 * the CLI uses. Layers wrap with context: `new SourceError('collect billing 1234', { cause })`.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'INPUT_INVALID'
  | 'USAGE'
  | 'SOURCE_UNAVAILABLE'
  | 'SOURCE_TIMEOUT'
  | 'SOURCE_REJECTED'
  | 'OUTPUT_UNWRITABLE'
  | 'STORE_FAILED'
  | 'NOT_FOUND'
  | 'MISSING_DEPENDENCY'
  | 'INTERNAL';

/**
 * Codes whose fix is in the user's hands — the config, an argument, an input file, or a path to
 * write to that cannot be written (read-only, missing permission, full, under /proc): exit 2, as
 * every command does for usage errors. The rest (a source down, a store failing) exit 1.
 */
const userFixable: ReadonlySet<ErrorCode> = new Set(['CONFIG_INVALID', 'USAGE', 'INPUT_INVALID', 'OUTPUT_UNWRITABLE']);

export interface HeadroomErrorOptions {
  cause?: unknown;
  hint?: string;
  exitCode?: number;
}

export class HeadroomError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, options: HeadroomErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HeadroomError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? (userFixable.has(code) ? 2 : 1);
  }
}

/** A config file that fails validation: every problem with its path, e.g. `prometheus.url: expected a URL`. */
export class ConfigError extends HeadroomError {
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super('CONFIG_INVALID', `config ${file}: ${problems.join('; ')}`, { hint: `fix the listed fields in ${file} (see headroom.example.yaml)` });
    this.problems = problems;
  }
}

/** Bad user input (CSV line, flag value). The message names the input and the line or flag. */
export class InputError extends HeadroomError {
  constructor(message: string, options: HeadroomErrorOptions = {}) {
    super('INPUT_INVALID', message, options);
  }
}

/** An outside source (Prometheus, Kubernetes, AWS) that is down, slow or refused the request. */
export class SourceError extends HeadroomError {
  constructor(code: 'SOURCE_UNAVAILABLE' | 'SOURCE_TIMEOUT' | 'SOURCE_REJECTED', message: string, options: HeadroomErrorOptions = {}) {
    super(code, message, options);
  }
}

/** Prefixes an error's message with context while keeping its code, hint and cause chain. */
export function wrapError(context: string, err: unknown): HeadroomError {
  if (err instanceof HeadroomError) {
    const wrapped = new HeadroomError(err.code, `${context}: ${err.message}`, { cause: err, hint: err.hint, exitCode: err.exitCode });
    return wrapped;
  }
  const message = err instanceof Error ? err.message : String(err);
  return new HeadroomError('INTERNAL', `${context}: ${message}`, { cause: err });
}

/** One line for a terminal: the message and, when known, the fix. Never a stack trace. */
export function formatErrorLine(err: unknown): string {
  if (err instanceof HeadroomError) return err.hint ? `error: ${err.message} (${err.hint})` : `error: ${err.message}`;
  const message = err instanceof Error ? err.message : String(err);
  return `error: ${message}`;
}
