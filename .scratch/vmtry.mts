import { startSampleVictoriaMetrics } from '../test/helpers/victoria-metrics.js';
const t0 = performance.now();
const vm = await startSampleVictoriaMetrics({ days: 2, openMetrics: { namespaces: ['auth'] } });
console.log('started', vm.url, vm.loadSeconds, (performance.now()-t0)/1000);
for (const p of ['/-/ready', '/-/healthy', '/api/v1/status/buildinfo', '/api/v1/status/tsdb', '/api/v1/status/flags', '/api/v1/status/runtimeinfo', '/api/v1/status/config', '/api/v1/labels']) {
  const r = await fetch(vm.url + p); console.log(p, r.status, (await r.text()).slice(0, 300));
}
await vm.stop();
