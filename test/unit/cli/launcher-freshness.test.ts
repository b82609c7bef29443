/**
 * bin/dist-freshness.cjs decides whether bin/headroom.cjs may run dist/ or must run the sources:
 * `distIsCurrent` over all of src/, `lintBundleIsCurrent` (the `headroom lint` path) over the
 * sources the lint bundle is made of (`lintInputs` of the build stamp) and their directories.
 * Neither may ever let an edit run stale.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript, no declarations
import { distIsCurrent, lintBundleIsCurrent } from '../../../bin/dist-freshness.cjs';

const builtAtS = 1_700_000_000;
let root: string;
const files = ['src/cli/lint-main.ts', 'src/generators/lint/index.ts', 'src/store/db.ts'];
const dirs = ['src', 'src/cli', 'src/generators', 'src/generators/lint', 'src/store'];

/** Every file and directory of src/ as of the build; the stamp names the first two files as the bundle's. */
function build(stamp: Record<string, unknown> = { lintInputs: files.slice(0, 2) }) {
  for (const f of files) if (existsSync(join(root, f))) utimesSync(join(root, f), builtAtS, builtAtS);
  for (const d of dirs) utimesSync(join(root, d), builtAtS, builtAtS);
  writeFileSync(join(root, 'dist', 'build-stamp.json'), JSON.stringify({ srcNewestMs: builtAtS * 1000, ...stamp }));
}
const state = () => ({ dist: distIsCurrent(root) as boolean, lint: lintBundleIsCurrent(root) as boolean });
const edit = (f: string) => utimesSync(join(root, f), builtAtS + 10, builtAtS + 10);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'headroom-freshness-'));
  for (const d of [...dirs, 'dist']) mkdirSync(join(root, d), { recursive: true });
  for (const f of files) writeFileSync(join(root, f), 'export {};\n');
  build();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('dist freshness', () => {
  it('a fresh build is current for every command and for lint', () => {
    expect(state()).toEqual({ dist: true, lint: true });
  });

  it('an edit of a source the bundle is made of makes both stale', () => {
    edit('src/generators/lint/index.ts');
    expect(state()).toEqual({ dist: false, lint: false });
  });

  it('an edit of a source outside the bundle leaves lint on the bundle, the other commands on the sources', () => {
    edit('src/store/db.ts');
    expect(state()).toEqual({ dist: false, lint: true });
  });

  it('a file added to or deleted from a directory of the bundle makes both stale', () => {
    writeFileSync(join(root, 'src/generators/lint/new-check.ts'), 'export {};\n');
    expect(state()).toEqual({ dist: false, lint: false });
    build();
    unlinkSync(join(root, 'src/generators/lint/new-check.ts'));
    expect(state().lint).toBe(false);
  });

  it('a deleted bundle source, a stamp without the bundle\'s sources (an older build) or no stamp: lint is not current', () => {
    unlinkSync(join(root, 'src/cli/lint-main.ts'));
    build();
    expect(state().lint).toBe(false);
    writeFileSync(join(root, 'src/cli/lint-main.ts'), 'export {};\n');
    build({ lintInputs: undefined });
    expect(state()).toEqual({ dist: true, lint: false });
    rmSync(join(root, 'dist', 'build-stamp.json'));
    expect(state()).toEqual({ dist: false, lint: false });
  });
});
