/** How `headroom generate` treats the output directory: stale generated files, hand-written files, partial failures. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoProblems, generateMonitoring } from '../../src/app/generate.js';
import { validateConfig } from '../../src/config/load.js';
import { generatedMarker } from '../../src/domain/conventions.js';
import { repoRoot } from '../helpers/cli.js';

let out: string;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'headroom-generate-files-'));
});

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('headroom generate output directory', () => {
  it('removes generated files of dashboards and SLOs that no longer exist, and keeps hand-written files', async () => {
    mkdirSync(join(out, 'dashboards'), { recursive: true });
    mkdirSync(join(out, 'alerts'), { recursive: true });
    writeFileSync(join(out, 'dashboards', 'slo-old-service.json'), JSON.stringify({ description: generatedMarker }));
    writeFileSync(join(out, 'alerts', 'team.yaml'), 'groups: []\n');
    const r = await generateMonitoring({ config: validateConfig({}), outDir: out, slosDir: join(repoRoot, 'slos') });
    expect(r.removed).toEqual(['dashboards/slo-old-service.json']);
    expect(existsSync(join(out, 'dashboards', 'slo-old-service.json'))).toBe(false);
    expect(readFileSync(join(out, 'alerts', 'team.yaml'), 'utf8')).toBe('groups: []\n');
    expect(existsSync(join(out, 'dashboards', 'slo-search-query-errors.json'))).toBe(true);
  });

  it('writes everything else and then reports an Alertmanager problem as a config error', async () => {
    const dir = join(out, 'partial');
    const config = validateConfig({ alerting: { routes: { critical: 'pager' }, receivers: [{ name: 'pager', pagerduty: { routingKey: { env: 'PD_KEY' } } }] } });
    const r = await generateMonitoring({ config, outDir: dir, slosDir: join(repoRoot, 'slos') });
    expect(r.problems).toEqual(['alertmanager: alerting.receivers.0.pagerduty.routingKey: Alertmanager reads secrets from files; give { file: /path } instead of { env: PD_KEY }']);
    expect(existsSync(join(dir, 'alerts', 'capacity.yaml'))).toBe(true);
    expect(existsSync(join(dir, 'alertmanager', 'alertmanager.yml'))).toBe(false);
    expect(() => assertNoProblems(r)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', exitCode: 2 }));
  });
});
