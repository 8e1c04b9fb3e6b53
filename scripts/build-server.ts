/**
 * Builds the sync server and the Okta simulator to plain JavaScript, so an operator runs them
 * with `node out/server/cli.js` and `node out/okta-sim/cli.js`, without tsx:
 *
 *   npx tsx scripts/build-server.ts [--out DIR]     (part of `npm run build`; DIR defaults to out)
 *
 * One ESM file per program; packages stay imports of node_modules (PGlite finds its WASM there,
 * and only `dependencies` are needed to run). Files read at run time beside the code — the SQL
 * migrations, the simulator's demo seed — are copied next to the built file, where the bundled
 * `import.meta.url` points.
 */
import { cp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

export const SERVER_PROGRAMS = [
  { entry: 'sync-server/cli.ts', outDir: 'server', assets: [['sync-server/store/migrations', 'migrations']] },
  { entry: 'okta-sim/cli.ts', outDir: 'okta-sim', assets: [['okta-sim/seeds', 'seeds']] },
] as const;

export async function buildServerPrograms(outRoot: string): Promise<void> {
  await Promise.all(
    SERVER_PROGRAMS.map(async (program) => {
      const outDir = path.resolve(outRoot, program.outDir);
      await rm(outDir, { recursive: true, force: true });
      await mkdir(outDir, { recursive: true });
      await build({
        entryPoints: [path.join(root, program.entry)],
        outfile: path.join(outDir, 'cli.js'),
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20.19',
        packages: 'external',
        sourcemap: 'linked',
        logLevel: 'warning',
        // Modules that also run alone (`npx tsx sync-server/users/roles-cli.ts`) compare their
        // own URL with argv[1]; bundled, every module has the entry's URL, so the flag tells them
        // they are not the entry (cli/runs-directly.ts).
        banner: { js: 'globalThis.LATCHKEY_BUNDLED = true;' },
      });
      for (const [from, to] of program.assets) {
        await cp(path.join(root, from), path.join(outDir, to), { recursive: true });
      }
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'out' } } });
  await buildServerPrograms(values.out);
  console.log(`built ${SERVER_PROGRAMS.map((p) => path.join(values.out, p.outDir, 'cli.js')).join(', ')}`);
}
