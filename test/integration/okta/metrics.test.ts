/**
 * The Okta metrics over a real stack: an account extended while Okta answers a burst of 429s is
 * counted as calls by bucket and status, rate-limited answers and retries; the outbox gauges show
 * the queued account, then an empty queue; and readiness counts the running worker as alive.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { oktaUserId } from '../../../dev/stack/okta-seed';
import { type OktaStack, startOktaStack } from '../../../dev/stack/okta-stack';
import { makeAccount, makeSettings, makeShare, makeUser } from '../../../dev/stack/workspace-factory';

let stack: OktaStack;
beforeAll(async () => {
  stack = await startOktaStack({ users: 2 });
});
afterAll(async () => stack?.close());

const series = (text: string, pattern: RegExp): number =>
  text
    .split('\n')
    .filter((line) => pattern.test(line))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);

it('counts Okta calls, 429s and retries by bucket, and the outbox from the store', async () => {
  const owner = makeUser({ id: 'u1', role: 'owner', externalId: oktaUserId(1) });
  const account = makeAccount({ id: 'acct-metrics', name: 'Metered Vendor', extensionState: 'off' });
  await stack.seed({
    settings: [makeSettings({ extendedAccessEnabled: true })],
    users: [owner],
    accounts: [account],
    shares: [makeShare({ account }, { user: owner }, 'owner', 's-owner')],
  });
  // Whatever the seed queued is worked off first; an empty queue reads 0 and 0.
  let idle = '';
  await expect
    .poll(
      async () => {
        idle = await stack.server.metrics.text();
        return /^latchkey_okta_outbox_depth 0$/m.test(idle);
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  expect(idle).toMatch(/^latchkey_okta_outbox_oldest_age_seconds 0$/m);

  stack.sim.faults.set({ burst429: 2 });
  const extended = await stack.api(owner.externalId ?? '', 'POST', `/api/v1/accounts/${account.id}/extend`);
  expect(extended.status).toBe(202);
  await expect.poll(() => stack.appsFor(account.id).length, { timeout: 20_000 }).toBe(1);
  // The worker records the outcome after its last call: the queue empties.
  await expect
    .poll(async () => /^latchkey_okta_outbox_depth 0$/m.test(await stack.server.metrics.text()), { timeout: 20_000 })
    .toBe(true);

  const text = await stack.server.metrics.text();
  expect(series(text, /^latchkey_okta_rate_limited_total\{/)).toBe(2);
  expect(series(text, /^latchkey_okta_retries_total\{/)).toBeGreaterThanOrEqual(2);
  expect(series(text, /^latchkey_okta_calls_total\{.*status="429"/)).toBe(2);
  expect(series(text, /^latchkey_okta_calls_total\{.*status="200"/)).toBeGreaterThanOrEqual(1);
  expect(text).toMatch(/^latchkey_okta_calls_total\{bucket="apps\*",status="200"\} \d+$/m);
  expect(text).not.toContain('Metered Vendor');
  expect(text).not.toContain(account.id);
  expect(text).not.toMatch(/0oa[A-Za-z0-9]+/);

  const ready = await fetch(`${stack.url}/readyz`);
  expect(ready.status).toBe(200);
});
