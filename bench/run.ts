/**
 * `npm run bench -- NAME` runs `bench/NAME.ts`. A benchmark's default export is an async
 * function that returns its figures; this runner prints one `metric: value` line per figure
 * and writes them to `bench/results/NAME.json` with the machine and time they were taken.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

export type Figures = Record<string, number | string>;
export type Benchmark = () => Promise<Figures>;

const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  console.error('usage: npm run bench -- NAME   (runs bench/NAME.ts)');
  process.exit(2);
}
const mod = (await import(`./${name}.ts`)) as { default?: Benchmark };
if (typeof mod.default !== 'function') {
  console.error(`bench/${name}.ts has no default export function`);
  process.exit(2);
}
const figures = await mod.default();
for (const [metric, value] of Object.entries(figures)) console.log(`${metric}: ${value}`);
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
await mkdir(resultsDir, { recursive: true });
const record = {
  benchmark: name,
  takenAt: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  figures,
};
await writeFile(`${resultsDir}${name}.json`, `${JSON.stringify(record, null, 2)}\n`);
// Benchmarks may leave handles (pools, servers) they closed asynchronously; exit explicitly.
process.exit(0);
