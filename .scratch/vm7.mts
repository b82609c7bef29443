import { startSampleVictoriaMetrics } from '../test/helpers/victoria-metrics.js';
const t0 = performance.now();
const vm = await startSampleVictoriaMetrics({ days: 7, seed: 42 });
console.log('started', vm.url, vm.loadSeconds, (performance.now()-t0)/1000);
await vm.stop();
