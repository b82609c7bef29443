/**
 * A response cache for Cost Explorer (each request costs $0.01): one JSON file per
 * (operation, arguments) under a cache dir. Only windows that ended long enough ago are cached
 * (AWS revises recent days), so a repeated run over the same past window makes no requests.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../util/atomic-write.js';

/** JSON with keys sorted at every level: equal arguments → equal key. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export class CostExplorerCache {
  constructor(private readonly dir: string) {}

  private path(operation: string, input: unknown): string {
    const hash = createHash('sha256').update(`${operation}\n${stableJson(input)}`).digest('hex').slice(0, 32);
    return join(this.dir, `${operation}-${hash}.json`);
  }

  async get<T>(operation: string, input: unknown): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(this.path(operation, input), 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  async put(operation: string, input: unknown, output: unknown): Promise<void> {
    await writeFileAtomic(this.path(operation, input), JSON.stringify(output));
  }
}
