#!/usr/bin/env node
// Runs before `npm test`: makes sure the real components the tests use are installed.
// Installs the Debian packages with apt-get when missing and running as root; otherwise says
// exactly what to install. npm cannot install these (they are not npm packages).
import { execFileSync, spawnSync } from 'node:child_process';

const needs = [
  { bin: 'prometheus', pkg: 'prometheus' },
  { bin: 'promtool', pkg: 'prometheus' },
  { bin: 'amtool', pkg: 'prometheus-alertmanager' },
  { bin: 'jsonnet', pkg: 'jsonnet' },
  { bin: 'chromium', pkg: 'chromium' },
  // The second metrics backend the Prometheus integration tests also run against.
  { bin: 'victoria-metrics', pkg: 'victoria-metrics' },
];
const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
const missing = [...new Set(needs.filter((n) => !has(n.bin)).map((n) => n.pkg))];
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(`Tests need Debian packages that are not installed: ${missing.join(' ')}`);
  console.error(`Install them with: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`);
  process.exit(1);
}
console.error(`Installing Debian packages the tests need: ${missing.join(' ')} …`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
try {
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: ['ignore', 'ignore', 'inherit'], env });
} catch {
  console.error(`apt-get could not install ${missing.join(' ')}; install them by hand and rerun npm test`);
  process.exit(1);
}
const still = needs.filter((n) => !has(n.bin)).map((n) => n.bin);
if (still.length) {
  console.error(`still missing after install: ${still.join(' ')}`);
  process.exit(1);
}
