/**
 * Chiclet logos over a real stack (sync server + PostgreSQL + the simulator as Okta): an
 * account's logo reaches its Okta app (`POST /api/v1/apps/{id}/logo`, multipart `file`) and the
 * app's `_links.logo` serves it; it is uploaded only when it changed; an account without a logo
 * keeps Okta's default; a recreated app gets it again; a deleted account's logo goes with it.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../dev/stack/eventually';
import { oktaUserId } from '../../../dev/stack/okta-seed';
import { type OktaStack, startOktaStack } from '../../../dev/stack/okta-stack';
import { makeAccount, makeSettings, makeShare, makeUser } from '../../../dev/stack/workspace-factory';
import { pngLogo, SVG_LOGO, upload } from '../../support/logo-images';

const owner = makeUser({ id: 'u1', role: 'user', externalId: oktaUserId(1) });
const member = makeUser({ id: 'u2', role: 'user', externalId: oktaUserId(2) });
const withLogo = makeAccount({ id: 'acct-logo', name: 'Logo Vendor', extensionState: 'off' });
const plain = makeAccount({ id: 'acct-plain', name: 'Plain Vendor', extensionState: 'off' });
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('chiclet logos', () => {
  let stack: OktaStack;
  const as = (u: { externalId: string | null }) => u.externalId ?? '';
  const logoCalls = () => stack.sim.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/logo'));
  const simApp = (accountId: string) => {
    const [view] = stack.appsFor(accountId);
    return view ? stack.sim.directory.apps.get(view.id) : undefined;
  };
  const appJson = async (appId: string) =>
    (await (
      await fetch(`${stack.sim.url}/api/v1/apps/${appId}`, { headers: { authorization: `SSWS ${stack.sim.apiToken}` } })
    ).json()) as { _links: { logo: { href: string; type: string }[] } };

  beforeAll(async () => {
    stack = await startOktaStack({ users: 2, contract: true });
    await stack.seed({
      settings: [makeSettings({ extendedAccessEnabled: true })],
      users: [owner, member],
      accounts: [withLogo, plain],
      shares: [
        makeShare({ account: withLogo }, { user: owner }, 'owner', 's-logo-owner'),
        makeShare({ account: withLogo }, { user: member }, 'collaborator', 's-logo-member'),
        makeShare({ account: plain }, { user: owner }, 'owner', 's-plain-owner'),
      ],
    });
  });
  afterAll(async () => stack?.close());

  it('uploads the logo set before extending, and _links.logo serves exactly the stored image', async () => {
    const set = await stack.api(
      as(owner),
      'PUT',
      `/api/v1/accounts/${withLogo.id}/logo`,
      upload('image/png', pngLogo(32)),
    );
    expect(set.status).toBe(200);
    const { digest } = set.body as { digest: string };
    for (const a of [withLogo, plain]) {
      expect((await stack.api(as(owner), 'POST', `/api/v1/accounts/${a.id}/extend`)).status).toBe(202);
    }
    const app = await eventually(
      () => (simApp(withLogo.id)?.logo ? simApp(withLogo.id) : undefined),
      20_000,
      'logo in Okta',
    );
    expect(app?.logo?.mediaType).toBe('image/png');
    expect(sha(app?.logo?.bytes ?? Buffer.alloc(0))).toBe(digest);
    const link = (await appJson(app?.id ?? ''))._links.logo[0];
    expect(link?.type).toBe('image/png');
    const served = await fetch(link?.href ?? '');
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(sha(Buffer.from(await served.arrayBuffer()))).toBe(digest);

    // No logo: Okta's default, and no upload.
    await eventually(() => stack.appsFor(plain.id).length === 1, 20_000, 'the plain app');
    const plainApp = simApp(plain.id);
    expect(plainApp?.logo).toBeUndefined();
    expect((await appJson(plainApp?.id ?? ''))._links.logo[0]?.href).toContain('/assets/img/logos/default');
    expect(logoCalls().map((r) => r.path)).toEqual([`/api/v1/apps/${app?.id}/logo`]);
  });

  it('uploads only when the logo changed: a manual sync or the same image again costs no upload', async () => {
    const before = logoCalls().length;
    const appId = simApp(withLogo.id)?.id ?? '';
    const synced = async () => {
      await eventually(
        async () =>
          (await stack.server.repo.get(stack.server.db, 'accounts', withLogo.id))?.extensionState === 'synced',
        20_000,
        'synced',
      );
    };
    expect((await stack.api(as(owner), 'POST', `/api/v1/accounts/${withLogo.id}/sync`)).status).toBe(202);
    await synced();
    expect(
      (await stack.api(as(owner), 'PUT', `/api/v1/accounts/${withLogo.id}/logo`, upload('image/png', pngLogo(32))))
        .status,
    ).toBe(200);
    expect((await stack.api(as(owner), 'POST', `/api/v1/accounts/${withLogo.id}/sync`)).status).toBe(202);
    await synced();
    expect(logoCalls()).toHaveLength(before);

    // A new image (an SVG now) is uploaded once.
    const svg = await stack.api(
      as(owner),
      'PUT',
      `/api/v1/accounts/${withLogo.id}/logo`,
      upload('image/svg+xml', SVG_LOGO),
    );
    const digest = (svg.body as { digest: string }).digest;
    await eventually(() => simApp(withLogo.id)?.logo?.mediaType === 'image/svg+xml', 20_000, 'svg logo in Okta');
    expect(sha(simApp(withLogo.id)?.logo?.bytes ?? Buffer.alloc(0))).toBe(digest);
    expect(logoCalls()).toHaveLength(before + 1);
    expect(logoCalls().at(-1)?.path).toBe(`/api/v1/apps/${appId}/logo`);
  });

  it('gives a recreated app the logo again', async () => {
    const old = simApp(withLogo.id);
    // An Okta admin deletes the app; the next sync recreates it.
    if (old) stack.sim.directory.apps.delete(old.id);
    expect((await stack.api(as(owner), 'POST', `/api/v1/accounts/${withLogo.id}/sync`)).status).toBe(202);
    const fresh = await eventually(
      () => {
        const a = simApp(withLogo.id);
        return a && a.id !== old?.id && a.logo ? a : undefined;
      },
      20_000,
      'recreated app with its logo',
    );
    expect(fresh?.logo?.mediaType).toBe('image/svg+xml');
  });

  it('lists logos to members, and removes a deleted account’s logo with it', async () => {
    const index = await stack.api(as(member), 'GET', '/api/v1/accounts/logos');
    expect((index.body as { logos: { accountId: string }[] }).logos.map((l) => l.accountId)).toEqual([withLogo.id]);
    await stack.server.db.transaction((tx) =>
      stack.server.repo.remove(tx, 'accounts', withLogo.id, { type: 'system', name: 'test' }),
    );
    const [row] = await stack.server.db.query<{ n: number }>(
      `select count(*)::int as n from account_logos where account_id = $1`,
      [withLogo.id],
    );
    expect(row?.n).toBe(0);
  });
});
