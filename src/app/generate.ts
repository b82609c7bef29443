/**
 * `headroom generate` as an application service: read the SLO specs, compile, and write the
 * files atomically. Stale generated files (carrying the marker) of removed dashboards or SLOs are
 * deleted; hand-written files beside them are left alone.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { HeadroomConfig } from '../config/index.js';
import { generatedMarker } from '../domain/conventions.js';
import { HeadroomError, InputError } from '../domain/errors.js';
import { compileMonitoring, findDuplicateSlos, outputLayout, parseSloSpec, resolveMonitoringSettings, type CompileResult, type SloDefinition, type SloRuleFormat } from '../generators/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/** Reads every `*.yaml`/`*.yml` spec in `dir`; all problems of all files in one error. */
export async function readSloSpecs(dir: string, required: boolean): Promise<SloDefinition[]> {
  let entries: string[];
  try {
    entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && ['.yaml', '.yml'].includes(extname(e.name))).map((e) => e.name).sort();
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new InputError(`SLO spec directory ${dir} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { hint: 'pass an existing directory with --slos, or set slosDir in the config', cause: err });
  }
  const slos: SloDefinition[] = [];
  const problems: string[] = [];
  for (const name of entries) {
    const file = join(dir, name);
    const result = parseSloSpec(file, await readFile(file, 'utf8'), basename(name, extname(name)));
    slos.push(...result.slos);
    problems.push(...result.problems);
  }
  problems.push(...findDuplicateSlos(slos));
  if (problems.length) {
    throw new InputError(`SLO specs in ${dir}: ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.join('; ')}`, { hint: 'fix the listed fields (sloth prometheus/v1, PrometheusServiceLevel or OpenSLO; see slos/*.yaml and the README section SLO specs)' });
  }
  return slos;
}

async function removeStaleGenerated(outDir: string, keep: Set<string>): Promise<string[]> {
  const removed: string[] = [];
  const dirs = [outputLayout.dashboards, outputLayout.alerts, outputLayout.alertTests, outputLayout.crds, outputLayout.sloRules, 'alertmanager', 'mixin'];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await readdir(join(outDir, dir));
    } catch {
      continue;
    }
    for (const name of names) {
      const rel = `${dir}/${name}`;
      if (keep.has(rel) || !/\.(json|ya?ml|libsonnet|md)$/.test(name)) continue;
      const text = await readFile(join(outDir, rel), 'utf8').catch(() => '');
      if (text.includes(generatedMarker)) {
        await rm(join(outDir, rel), { force: true });
        removed.push(rel);
      }
    }
  }
  return removed;
}

export interface GenerateOptions {
  config: HeadroomConfig;
  outDir: string;
  /** SLO spec directory; default the config's slosDir (missing is fine then). */
  slosDir?: string;
  /** `prometheusrule`: PrometheusServiceLevel specs are written back as PrometheusRules. Default `rules`. */
  sloFormat?: SloRuleFormat;
}

export interface GenerateResult extends CompileResult {
  outDir: string;
  removed: string[];
}

/** Compiles and writes everything; throws after writing the rest if one output had problems. */
export async function generateMonitoring(options: GenerateOptions): Promise<GenerateResult> {
  const settings = resolveMonitoringSettings(options.config);
  const slos = await readSloSpecs(options.slosDir ?? options.config.slosDir, options.slosDir !== undefined);
  const result = compileMonitoring({ settings, slos, sloFormat: options.sloFormat ?? 'rules' });
  for (const f of result.files) await writeFileAtomic(join(options.outDir, f.path), f.content);
  const removed = await removeStaleGenerated(options.outDir, new Set(result.files.map((f) => f.path)));
  return { ...result, outDir: options.outDir, removed };
}

/** The terminal summary: what was written where, plus notes. */
export function formatGenerateSummary(r: GenerateResult): string {
  const count = (prefix: string) => r.files.filter((f) => f.path.startsWith(prefix)).length;
  const lines = [
    `wrote ${r.files.length} files to ${r.outDir}:`,
    `  dashboards/       ${count('dashboards/') - 1} dashboards + Grafana provisioning`,
    `  alerts/           ${r.files.filter((f) => /^alerts\/[^/]+\.yaml$/.test(f.path)).length} rule files, runbooks.md, ${count('alerts/tests/')} promtool test files${count('alerts/crds/') ? `, ${count('alerts/crds/')} PrometheusRule CRDs` : ''}`,
    `  slos/rules/       ${count('slos/rules/')} SLO rule files`,
    count('alertmanager/') ? '  alertmanager/     alertmanager.yml' : '  alertmanager/     (not generated: no alerting.routes/receivers in the config)',
    '  mixin/            mixin.libsonnet',
  ];
  for (const n of r.notes) lines.push(`note: ${n}`);
  for (const p of r.removed) lines.push(`removed stale ${p}`);
  lines.push('check: promtool check rules alerts/*.yaml slos/rules/*.yaml && promtool test rules alerts/tests/*.yaml');
  return `${lines.join('\n')}\n`;
}

/** Turns compile problems into one error after the rest was written. */
export function assertNoProblems(r: GenerateResult): void {
  if (r.problems.length) throw new HeadroomError('CONFIG_INVALID', `generate: ${r.problems.join('; ')}`, { hint: 'fix the alerting section of the config; the other files were written' });
}
