import { readFileSync, readdirSync } from 'node:fs';
import { setAsideLiteralBlocks } from '../src/generators/lint/literal-blocks.js';
import { readPlainBlockYaml } from '../src/generators/lint/plain-block-yaml.js';
const files = readdirSync('/tmp/lintio/corpus').sort();
const texts = files.map((f) => readFileSync('/tmp/lintio/corpus/' + f, 'utf8'));
for (let pass = 0; pass < 3; pass++) {
const out: string[] = [];
let total = 0, totalP = 0;
texts.forEach((t, i) => { const t0 = performance.now(); const a = setAsideLiteralBlocks(t); const t1 = performance.now(); readPlainBlockYaml(t, a?.blocks); const t2 = performance.now(); total += t1 - t0; totalP += t2 - t1; out.push(`${files[i]!.slice(0, 5)} ${(t1 - t0).toFixed(2)}/${(t2 - t1).toFixed(2)}`); });
console.log(out.join(' | '), 'total', total.toFixed(1), totalP.toFixed(1));
}
