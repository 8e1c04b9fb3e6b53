/**
 * The logo upload as the SDK sends it, against the simulator over real HTTP: one multipart
 * request with the image in `file`; after a 429 the retry sends the whole image again
 * (the SDK builds a stream, which the executor turns into a buffer), and Okta's refusal of
 * something that is not an image comes back as a typed error.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { oktaUserSeed } from '../../../dev/stack/okta-seed';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { createOktaApps, type OktaApps } from '../../../sync-server/okta/okta-client';
import { RateGovernor } from '../../../sync-server/okta/rate-governor';
import { pngLogo, SVG_LOGO } from '../../support/logo-images';

describe('uploading an app logo', () => {
  let sim: OktaSim;
  let okta: OktaApps;

  beforeEach(async () => {
    sim = await startOktaSim({ port: 0, seed: { users: oktaUserSeed(1) } });
    okta = createOktaApps({
      orgUrl: sim.url,
      auth: { kind: 'ssws', token: sim.apiToken },
      governor: new RateGovernor({ maxConcurrency: 4 }),
      backoff: { baseMs: 1, capMs: 5 },
    });
  });
  afterEach(async () => {
    okta.close();
    await sim.close();
  });

  it('sends the image in the multipart field file, again in full after a 429, and gives up as a server error when Okta keeps failing', async () => {
    const appId = await okta.createBookmarkApp('Logo Vendor - App', 'https://latchkey.example/launch/a1');
    const png = pngLogo(24);
    sim.faults.set({ burst429: 1 });
    await okta.uploadLogo(appId, { mediaType: 'image/png', bytes: png });
    expect(sim.directory.apps.get(appId)?.logo).toMatchObject({ mediaType: 'image/png', version: 1 });
    expect(sim.directory.apps.get(appId)?.logo?.bytes.equals(png)).toBe(true);
    const uploads = sim.requests().filter((r) => r.path === `/api/v1/apps/${appId}/logo`);
    expect(uploads.map((r) => r.status)).toEqual([429, 201]);

    sim.faults.set({ burst429: 0, errorRate: 1 });
    const failing = okta.uploadLogo(appId, { mediaType: 'image/svg+xml', bytes: Buffer.from(SVG_LOGO) });
    // Every attempt answered 5xx: the call gives up with a server error, having sent the body each time.
    await expect(failing).rejects.toMatchObject({ code: 'server_error' });
    sim.faults.set({ errorRate: 0 });
    await okta.uploadLogo(appId, { mediaType: 'image/svg+xml', bytes: Buffer.from(SVG_LOGO) });
    expect(sim.directory.apps.get(appId)?.logo).toMatchObject({ mediaType: 'image/svg+xml', version: 2 });
    expect(sim.directory.apps.get(appId)?.logo?.bytes.toString('utf8')).toBe(SVG_LOGO);
  });

  it("comes back as Okta's 400 E0000001 for a file that is not an image", async () => {
    const appId = await okta.createBookmarkApp('Logo Vendor - Bad', 'https://latchkey.example/launch/a2');
    await expect(
      okta.uploadLogo(appId, { mediaType: 'image/png', bytes: Buffer.from('<html>not an image</html>') }),
    ).rejects.toMatchObject({ code: 'rejected', status: 400, oktaErrorCode: 'E0000001' });
    expect(sim.directory.apps.get(appId)?.logo).toBeUndefined();
  });
});
