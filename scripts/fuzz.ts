/**
 * `npm run fuzz -- [--minutes N] [--seed S] [--path P]`: the fuzz suite of `npm test`
 * (test/security/fuzz-*.test.ts) for longer and from a random seed. It prints the seed first; a
 * failure prints fast-check's shrunk request, seed and path, which `--seed S --path P` replays.
 * Runs inside the same private D-Bus session as `npm test` only when it needs one (it does not).
 */
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';

const USAGE = 'usage: npm run fuzz -- [--minutes N] [--seed S] [--path P]';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    seed: { type: 'string' },
    path: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const minutes = Number(values.minutes);
if (!Number.isFinite(minutes) || minutes <= 0) {
  console.error(`--minutes must be a positive number of minutes, not '${values.minutes}'\n${USAGE}`);
  process.exit(2);
}
const seed = values.seed ?? String(randomInt(1, 2 ** 31 - 1));
if (!/^-?\d+$/.test(seed)) {
  console.error(`--seed must be an integer, not '${seed}'\n${USAGE}`);
  process.exit(2);
}

console.log(
  `fuzz: seed ${seed}, ${minutes} minute(s) over every interface${values.path ? `, path ${values.path}` : ''}`,
);
const run = spawnSync('node_modules/.bin/vitest', ['run', '--project', 'security*', 'test/security/fuzz-'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    LATCHKEY_FUZZ_MINUTES: String(minutes),
    LATCHKEY_FUZZ_SEED: seed,
    ...(values.path ? { LATCHKEY_FUZZ_PATH: values.path } : {}),
  },
});
const outcome =
  run.status === 0 ? 'found nothing' : `FOUND A FAILURE (replay: npm run fuzz -- --seed ${seed} --path <path above>)`;
console.log(`fuzz: seed ${seed} ${outcome}`);
process.exit(run.status ?? 1);
