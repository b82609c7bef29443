/** Golden files: compared byte for byte; rewritten only with UPDATE_GOLDEN=1. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { expect } from 'vitest';

export async function expectGolden(path: string, actual: string): Promise<void> {
  if (process.env.UPDATE_GOLDEN === '1') {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, actual);
    return;
  }
  let expected: string;
  try {
    expected = await readFile(path, 'utf8');
  } catch {
    throw new Error(`golden file ${path} is missing; run with UPDATE_GOLDEN=1 to create it`);
  }
  expect(actual).toBe(expected);
}
