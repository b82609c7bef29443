/**
 * `--promtool`: cross-checks rule groups with `promtool check rules` (the Prometheus release on
 * the PATH) and reports what promtool rejects. Groups embedded in PrometheusRules or ConfigMaps are
 * written to a temporary plain rule file first; promtool's line numbers then refer to that file, so
 * those findings carry the unit's position instead.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PromtoolProblem { line?: number | undefined; column?: number | undefined; message: string }

/** Runs promtool on rule groups; null when promtool is not on the PATH. */
export async function promtoolCheckRules(groups: unknown, plainFile: string | null): Promise<PromtoolProblem[] | null> {
  let dir: string | null = null;
  let file = plainFile;
  try {
    if (!file) {
      dir = await mkdtemp(join(tmpdir(), 'headroom-lint-'));
      file = join(dir, 'rules.yaml');
      await writeFile(file, JSON.stringify({ groups }));
    }
    const out = await new Promise<{ code: number | null; text: string } | null>((resolve) => {
      execFile('promtool', ['check', 'rules', file!], { timeout: 60_000 }, (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') resolve(null);
        else resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, text: `${stdout}\n${stderr}` });
      });
    });
    if (!out) return null;
    if (out.code === 0) return [];
    const problems: PromtoolProblem[] = [];
    for (const raw of out.text.split('\n')) {
      const line = raw.trim();
      if (!line || /^Checking |^FAILED:?$|^SUCCESS/.test(line)) continue;
      const m = /^(?:.*?: )?(\d+):(\d+): (.*)$/.exec(line);
      const stripped = line.startsWith(`${file}: `) ? line.slice(file!.length + 2) : line;
      problems.push(m && plainFile ? { line: Number(m[1]), column: Number(m[2]), message: m[3]! } : { message: stripped });
    }
    return problems;
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
