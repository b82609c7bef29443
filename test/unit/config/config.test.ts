import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { validateConfig, configSchema } from '../../../src/config/index.js';
import { ConfigError } from '../../../src/domain/errors.js';

function problemsOf(raw: unknown): string[] {
  try {
    validateConfig(raw, 'headroom.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('config validation', () => {
  it('gives the defaults when no config is present, so the demo needs none', () => {
    const config = validateConfig(undefined);
    expect(config.store.path).toBe('.headroom/headroom.duckdb');
    expect(config.server.host).toBe('127.0.0.1');
    expect(config.rightsizing.history).toBe('14d');
    expect(config.prometheus).toBeUndefined();
  });

  it('reports every problem with its path, not just the first', () => {
    const problems = problemsOf({ prometheus: { url: 'not a url', concurrency: 0 }, server: { port: 'x' }, bogus: 1 });
    expect(problems).toEqual(expect.arrayContaining([
      'prometheus.url: expected a URL',
      expect.stringMatching(/^prometheus\.concurrency: /),
      expect.stringMatching(/^server\.port: /),
      expect.stringMatching(/bogus/),
    ]));
    expect(problems.length).toBeGreaterThanOrEqual(4);
  });

  it('rejects a secret that names both an environment variable and a file', () => {
    expect(problemsOf({ server: { token: { env: 'A', file: '/b' } } })).toEqual(['server.token: give exactly one of env or file']);
  });

  it('accepts the shipped example, which documents every top-level option', () => {
    const text = readFileSync(new URL('../../../headroom.example.yaml', import.meta.url), 'utf8');
    const raw = parse(text) as Record<string, unknown>;
    expect(() => validateConfig(raw, 'headroom.example.yaml')).not.toThrow();
    const keys = Object.keys(configSchema.shape);
    expect(Object.keys(raw).sort()).toEqual([...keys].sort());
  });
});

describe('unknown config keys', () => {
  it('name the nearest known key, at any depth', () => {
    expect(problemsOf({ stroe: { path: 'x.duckdb' }, prometheus: { url: 'http://127.0.0.1:9090', timout: '3s' } })).toEqual([
      'prometheus.timout: unknown key (did you mean prometheus.timeout?)',
      'stroe: unknown key (did you mean store?)',
    ]);
  });

  it('list the known keys when nothing is close', () => {
    const [problem] = problemsOf({ server: { zzzzzzzz: 1 } });
    expect(problem).toMatch(/^server\.zzzzzzzz: unknown key \(known here: .*host.*port/);
  });
});
