/**
 * bin/headroom.cjs ends a `headroom lint` run from the bundle with process.exit once its output is
 * written (Node would otherwise tear the heap down first). Output still queued must not be lost:
 * when fd 1 is a pipe another process made non-blocking and the reader is slow, lint's write(2)
 * meets EAGAIN and hands the rest to process.stdout, which queues it — the launcher must then let
 * Node drain the stream. Here the child makes its own stdout non-blocking (as a parent sharing the
 * pipe may), the parent reads nothing for a while, and every finding of a ~0.5 MB report arrives.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
// @ts-expect-error plain JavaScript, no declarations
import { lintBundleIsCurrent } from '../../../bin/dist-freshness.cjs';

const launcher = join(import.meta.dirname, '..', '..', '..', 'bin', 'headroom.cjs');
const rules = 1500;

function runThroughSlowPipe(file: string, nonBlocking: boolean): Promise<{ code: number | null; out: string; err: string }> {
  const script = `${nonBlocking ? "new (require('node:net').Socket)({ fd: 1, readable: false, writable: true }).unref();\n" : ''}process.argv = [process.execPath, ${JSON.stringify(launcher)}, 'lint', '--format', 'json', ${JSON.stringify(file)}];
require(${JSON.stringify(launcher)});`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // A slow reader: nothing is read for half a second, long after the 64 KiB pipe buffer filled.
    setTimeout(() => child.stdout.on('data', (d: Buffer) => (out += d.toString())), 500);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('headroom lint ends as soon as its output is written, and never before', () => {
  it('delivers a whole report through a slow non-blocking pipe, and through an ordinary one', async () => {
    expect(lintBundleIsCurrent(), 'the lint bundle is stale: run `npm run build`').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'headroom-launcher-exit-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'many.rules.yaml');
    const lines = ['groups:', '  - name: many', '    rules:'];
    for (let i = 0; i < rules; i++) lines.push(`      - record: job:x${i}:rate`, `        expr: rate(x${i})`);
    writeFileSync(file, `${lines.join('\n')}\n`);

    for (const nonBlocking of [true, false]) {
      const r = await runThroughSlowPipe(file, nonBlocking);
      // The summary (stderr), then the report (stdout): both whole. The one more finding: too many rules in one group.
      expect(r.err, `stderr (non-blocking: ${nonBlocking})`).toBe(`error: ${rules} findings at level error or above (${rules + 1} in all) in 1 file checked\n`);
      expect(r.code).toBe(1);
      expect(r.out.length).toBeGreaterThan(4 * 65536);
      const findings = JSON.parse(r.out) as { check: string; line: number }[];
      // One type error per rule (rate() of an instant vector), each at its rule's expr line.
      const types = findings.filter((f) => f.check === 'promql/types');
      expect(types).toHaveLength(rules);
      expect(types.at(-1)!.line).toBe(3 + 2 * rules);
    }
  }, 60_000);
});
