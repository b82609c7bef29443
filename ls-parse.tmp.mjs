import { readFileSync } from 'node:fs';
const t0 = performance.now();
const { parser } = await import('@prometheus-io/lezer-promql');
const t1 = performance.now();
const all = JSON.parse(readFileSync('/tmp/ls-exprs.json', 'utf8'));
const uniq = [...new Set(all)];
let n = 0;
const t2 = performance.now(); const c0 = process.cpuUsage();
for (const e of uniq) { const t = parser.parse(e); n += t.length; }
const t3 = performance.now(); const c1 = process.cpuUsage(c0);
for (const e of uniq) { const t = parser.parse(e); n += t.length; }
const t4 = performance.now();
console.log(`import ${(t1-t0).toFixed(1)} cold parse of ${uniq.length} ${(t3-t2).toFixed(1)} ms (cpu ${(c1.user/1000).toFixed(0)}), second ${(t4-t3).toFixed(1)}`);
