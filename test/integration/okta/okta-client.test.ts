/**
 * The SDK-backed Okta client against the simulator over real HTTP: every call the reconciler
 * makes, pagination of assignments, and pacing by the rate-limit headers (no 429 at the limit).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { oktaUserSeed } from '../../../dev/stack/okta-seed';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { createOktaApps, type OktaApps } from '../../../sync-server/okta/okta-client';
import { RateGovernor } from '../../../sync-server/okta/rate-governor';

describe('Okta client on @okta/okta-sdk-nodejs', () => {
  let sim: OktaSim;
  let okta: OktaApps;
  const users = oktaUserSeed(30);

  beforeEach(async () => {
    sim = await startOktaSim({ port: 0, seed: { users } });
    okta = createOktaApps({
      orgUrl: sim.url,
      auth: { kind: 'ssws', token: sim.apiToken },
      governor: new RateGovernor({ maxConcurrency: 8 }),
    });
  });
  afterEach(async () => {
    okta.close();
    await sim.close();
  });

  it('creates, reads, relabels, assigns over several pages, unassigns, deactivates and deletes a bookmark app', async () => {
    const url = 'https://latchkey.example/launch/acct-1';
    const appId = await okta.createBookmarkApp('Contentzilla - Instagram', url);
    expect(await okta.getApp(appId)).toEqual({ appId, label: 'Contentzilla - Instagram', url, status: 'ACTIVE' });

    for (const u of users) await okta.assignUser(appId, u.id);
    expect((await okta.listAssignees(appId)).sort()).toEqual(users.map((u) => u.id).sort());

    await okta.replaceApp(appId, 'Contentzilla - Instagram (2)', url);
    expect((await okta.getApp(appId))?.label).toBe('Contentzilla - Instagram (2)');
    expect(await okta.findAppsByUrl(url, 'Contentzilla')).toEqual([
      { appId, label: 'Contentzilla - Instagram (2)', url, status: 'ACTIVE' },
    ]);

    await okta.unassignUser(appId, users[0]?.id ?? '');
    expect(await okta.listAssignees(appId)).not.toContain(users[0]?.id);

    await okta.deactivateApp(appId);
    await okta.deleteApp(appId);
    expect(await okta.getApp(appId)).toBeNull();
    // Only labels, URLs and Okta ids went out, with the token only in the Authorization header.
    const bodies = JSON.stringify(sim.requests().map((r) => r.body));
    expect(bodies).not.toContain(sim.apiToken);
  });

  it('uses only the configuration it is given, whatever OKTA_* variables say', async () => {
    vi.stubEnv('OKTA_CLIENT_AUTHORIZATIONMODE', 'PrivateKey');
    vi.stubEnv('OKTA_CLIENT_TOKEN', 'a-token-from-the-environment');
    vi.stubEnv('OKTA_CLIENT_ORGURL', 'http://127.0.0.1:9');
    const isolated = createOktaApps({
      orgUrl: sim.url,
      auth: { kind: 'ssws', token: sim.apiToken },
      governor: new RateGovernor({ maxConcurrency: 2 }),
    });
    try {
      const appId = await isolated.createBookmarkApp('Env - Check', 'https://latchkey.example/launch/env');
      expect((await isolated.getApp(appId))?.label).toBe('Env - Check');
    } finally {
      isolated.close();
      vi.unstubAllEnvs();
    }
  });

  it('fails a call Okta refuses with a typed error carrying its status', async () => {
    const appId = await okta.createBookmarkApp('A - B', 'https://latchkey.example/launch/a');
    await expect(okta.deleteApp(appId)).rejects.toMatchObject({ name: 'OktaCallError', code: 'rejected', status: 403 });
    await expect(okta.assignUser(appId, '00uDoesNotExist0000')).rejects.toMatchObject({
      code: 'not_found',
      status: 404,
    });
  });
});
