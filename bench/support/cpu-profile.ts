/**
 * The top self-time entries of a V8 CPU profile (`node --cpu-prof`), as shares of the busy time
 * (everything but `(idle)`). Also runs alone: `npx tsx bench/support/cpu-profile.ts FILE [N]`.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  /** `function (file:line)`, or V8's own names: `(garbage collector)`, `(program)`. */
  name: string;
  selfMs: number;
  /** Of the busy time. */
  share: number;
}

export async function topSelfTime(file: string, n = 20): Promise<{ busyMs: number; entries: ProfileEntry[] }> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const nameOf = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url === '' ? '' : ` (${basename(url)}:${lineNumber + 1})`;
    nameOf.set(node.id, `${functionName || '(anonymous)'}${where}`);
  }
  const selfUs = new Map<string, number>();
  // A sample's time is the delta to the next one.
  for (let i = 0; i < profile.samples.length; i++) {
    const name = nameOf.get(profile.samples[i] as number) ?? '?';
    const delta = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(name, (selfUs.get(name) ?? 0) + delta);
  }
  selfUs.delete('(idle)');
  const busyUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const entries = [...selfUs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, selfMs: Math.round(us / 100) / 10, share: Math.round((us / busyUs) * 1000) / 10 }));
  return { busyMs: Math.round(busyUs / 1000), entries };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, n] = process.argv.slice(2);
  if (file === undefined) {
    console.error('usage: npx tsx bench/support/cpu-profile.ts FILE.cpuprofile [N]');
    process.exit(2);
  }
  const { busyMs, entries } = await topSelfTime(file, Number(n ?? 20));
  console.log(`busy ${busyMs} ms`);
  for (const e of entries)
    console.log(`${String(e.share).padStart(5)} %  ${String(e.selfMs).padStart(8)} ms  ${e.name}`);
}
