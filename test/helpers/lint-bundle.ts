/**
 * A fresh lint bundle (scripts/bundle-lint.mjs, default config baked in) for a test, in a temporary
 * directory inside the repo, as dist/ is: the bundle requires the packages it leaves out (zod for
 * the SLO spec) from node_modules. Removed when the test finishes; no code cache is written.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, onTestFinished } from 'vitest';
import { validateConfig } from '../../src/config/index.js';
// @ts-expect-error plain JavaScript build helpers, no declarations
import { bundleLint } from '../../scripts/bundle-lint.mjs';

const repo = join(import.meta.dirname, '..', '..');

/** `made` receives what bundleLint reports (`modules`, `srcInputs`). */
export async function freshLintBundle(name: string, made: { modules?: string[]; srcInputs?: string[] } = {}): Promise<{ dir: string; bundle: string; cache: string }> {
  mkdirSync(join(repo, 'node_modules', '.cache'), { recursive: true });
  const dir = mkdtempSync(join(repo, 'node_modules', '.cache', `headroom-${name}-`));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const bundle = join(dir, 'lint-cli.cjs');
  expect(await bundleLint(bundle, validateConfig({}, '(defaults)'), made)).toBe(true);
  return { dir, bundle, cache: join(dir, 'lint-cli.cache') };
}
