/**
 * bin/headroom.cjs, run as the installed `headroom` command (sh, then Node), starts Node without
 * NODE_EXTRA_CA_CERTS for `headroom lint` without --prometheus-url — a run that opens no connection,
 * and Node 20 parses that file at every start — and with it for everything else. Node says when it
 * reads the variable: a file it cannot load gets a warning on stderr at start, before any program
 * code. (That the trust it carries reaches lint's live checks: test/integration/lint-live.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const launcher = join(import.meta.dirname, '..', '..', '..', 'bin', 'headroom.cjs');
const warning = /Warning: Ignoring extra certs from `[^`]*no-such-ca\.pem`/;

describe('the headroom command and NODE_EXTRA_CA_CERTS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-extra-ca-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const rules = join(dir, 'ok.rules.yaml');
  writeFileSync(rules, 'groups:\n  - name: g\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n');
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'no-such-ca.pem'), NO_COLOR: '1' };
  /** The launcher executed as a program, as npm's bin link runs it. */
  const run = (...args: string[]) => spawnSync(launcher, args, { env, encoding: 'utf8', timeout: 60_000 });

  it('lint without --prometheus-url: Node starts without it, and the run is the same', () => {
    const r = run('lint', rules);
    expect(r.stderr).not.toMatch(warning);
    expect(r.stdout).toBe('1 file checked, no findings\n');
    expect(r.status).toBe(0);
    // The same through Node started directly, which reads it.
    const direct = spawnSync(process.execPath, [launcher, 'lint', rules], { env, encoding: 'utf8', timeout: 60_000 });
    expect(direct.stderr).toMatch(warning);
    expect(direct.stdout).toBe(r.stdout);
  });

  it('keeps it for lint --prometheus-url (either spelling) and for every other command', () => {
    for (const args of [
      ['lint', '--prometheus-url', 'http://127.0.0.1:9', rules],
      ['lint', `--prometheus-url=http://127.0.0.1:9`, rules],
      ['lint', rules, '--prometheus-url', 'http://127.0.0.1:9'],
      ['--version'],
      ['doctor', '--help'],
    ]) {
      const r = run(...args);
      expect(r.stderr, args.join(' ')).toMatch(warning);
    }
    // Arguments reach the program unchanged: spaces, quotes, an empty one.
    const odd = join(dir, `it's a "rules" file.yaml`);
    writeFileSync(odd, 'groups: []\n');
    const r = run('lint', '--format', 'json', odd, '--disable', '');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('[]\n');
  });
});
