/** Reads `headroom.yaml`: text → YAML → validated config. Reports every problem with its path. */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError, HeadroomError } from '../domain/errors.js';
import { nearestName } from '../util/nearest.js';
import { configSchema, type HeadroomConfig, type SecretRef } from './schema.js';

/** The keys the schema knows at `path` (through optional, default and nullable wrappers), for suggestions. */
function knownKeysAt(path: PropertyKey[]): string[] {
  let node: unknown = configSchema;
  const unwrap = (n: unknown): unknown => {
    let cur = n as { def?: { type?: string; innerType?: unknown } } | undefined;
    while (cur?.def && ['optional', 'default', 'nullable', 'prefault'].includes(cur.def.type ?? '')) cur = cur.def.innerType as typeof cur;
    return cur;
  };
  for (const key of path) {
    const shape = (unwrap(node) as { shape?: Record<string, unknown> } | undefined)?.shape;
    node = shape?.[String(key)];
  }
  return Object.keys((unwrap(node) as { shape?: Record<string, unknown> } | undefined)?.shape ?? {});
}

/** Validates an already-parsed object; throws ConfigError listing every problem. */
export function validateConfig(raw: unknown, file = 'config'): HeadroomConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue) => {
    const path = issue.path.length ? issue.path.join('.') : '(root)';
    if (issue.code !== 'unrecognized_keys') return [`${path}: ${issue.message}`];
    // One problem per unknown key, with the known key it was probably meant to be.
    const known = knownKeysAt(issue.path);
    return issue.keys.map((key) => {
      const near = nearestName(key, known);
      const where = issue.path.length ? `${path}.${key}` : key;
      return near ? `${where}: unknown key (did you mean ${issue.path.length ? `${path}.` : ''}${near}?)` : `${where}: unknown key (known here: ${known.join(', ')})`;
    });
  });
  throw new ConfigError(file, problems);
}

/** Loads a config file; with no file, returns the defaults (the demo needs no config). */
export async function loadConfig(file: string | undefined): Promise<HeadroomConfig> {
  if (!file) return validateConfig({}, '(defaults)');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new HeadroomError('CONFIG_INVALID', `config ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, {
      hint: 'check the --config path, or copy headroom.example.yaml',
      cause: err,
    });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter });
  if (doc.errors.length) {
    const problems = doc.errors.map((e) => `line ${lineCounter.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`);
    throw new HeadroomError('CONFIG_INVALID', `config ${file}: ${problems.join('; ')}`, { hint: `fix the YAML syntax of ${file} at that line` });
  }
  return validateConfig(doc.toJS(), file);
}

/** Reads a secret from the environment variable or file it names. Never log the result. */
export async function readSecret(ref: SecretRef, what: string): Promise<string> {
  if (ref.env) {
    const value = process.env[ref.env];
    if (!value) throw new HeadroomError('CONFIG_INVALID', `${what}: environment variable ${ref.env} is not set`, { hint: `export ${ref.env}=…` });
    return value;
  }
  try {
    return (await readFile(ref.file!, 'utf8')).trim();
  } catch (err) {
    throw new HeadroomError('CONFIG_INVALID', `${what}: secret file ${ref.file} cannot be read`, { hint: 'check the path and its permissions', cause: err });
  }
}

/** The environment variable that enables API auth when the config names no `server.token`. */
export const serverTokenEnv = 'HEADROOM_TOKEN';

/**
 * The bearer token of the API's state-changing routes. Precedence: `server.token` in the config
 * (the variable or file it names), else `HEADROOM_TOKEN` from the environment, else none — and
 * then POST routes refuse every request (fail closed).
 */
export async function resolveServerToken(ref: SecretRef | undefined, env: NodeJS.ProcessEnv = process.env): Promise<{ token: string | null; from: string }> {
  if (ref) return { token: await readSecret(ref, 'server.token'), from: ref.env ? `server.token (environment variable ${ref.env})` : `server.token (file ${ref.file})` };
  const value = env[serverTokenEnv];
  if (value) return { token: value, from: `environment variable ${serverTokenEnv}` };
  return { token: null, from: 'none' };
}
