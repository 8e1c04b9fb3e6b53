/**
 * Attack: a web page or a local program sends `latchkey://launch/<id>` to make the desktop log
 * the user in without them. Through the real interface: the desktop launcher talking HTTP to a
 * real sync server (PGlite) with a real token from the Okta simulator, and the server's real
 * chiclet page minting the nonce. Only the login window is a recorder: the point is whether the
 * launcher gets that far without the user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import type { LaunchStatus } from '../../domain/launch-ipc';
import type { AutofillDriver } from '../../main/services/launcher/autofill-engine';
import { createLauncher, type Launcher } from '../../main/services/launcher/launch-service';

let world: SyncWorld;
let launcher: Launcher;
const opened: string[] = [];

const driver: AutofillDriver = {
  open: async (url) => void opened.push(url),
  describe: async () => ({ origin: 'null', fields: [] }),
  fill: async () => 'wrong-origin',
  submit: async () => false,
  currentUrl: async () => 'about:blank',
};

beforeAll(async () => {
  world = await startSyncWorld('pglite');
  // What the sync proxy does for the launcher: the user's bearer token on a real HTTP call.
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${world.server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await world.token('bob')}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { ok: true as const, value: { status: res.status, body: (await res.json()) as unknown } };
  };
  launcher = createLauncher({
    session: {
      status: () => ({ signedIn: true }),
      signIn: async () => ({ ok: true }),
      locked: () => false,
      unlock: async () => ({ ok: true }),
    },
    api,
    launchSecrets: (accountId, launchId) => api('POST', `/api/v1/launch/${accountId}/secrets`, { launchId }),
    openWindow: async () => ({ driver, close: async () => undefined }),
    log: () => undefined,
  });
});
afterAll(async () => {
  await launcher?.close();
  await world?.close();
});

/** The link the server's chiclet page hands off to, as the browser would pass it to the OS. */
async function chicletLink(accountId: string): Promise<string> {
  const html = await (await fetch(`${world.server.url}/launch/${accountId}`)).text();
  const link = /href="(latchkey:\/\/[^"]+)"/.exec(html)?.[1];
  expect(link).toMatch(new RegExp(`^latchkey://launch/${accountId}\\?n=[A-Za-z0-9_-]{43}$`));
  return link ?? '';
}

async function secretsRefusedBeforeConfirmation(status: LaunchStatus | null) {
  expect(status).toMatchObject({ stage: 'needs-confirmation', accountName: 'Brand Instagram' });
  const before = opened.length;
  // The renderer (or anyone reaching the IPC) sending secrets now gets nothing filled.
  const early = await launcher.fill({ launchId: status?.launchId ?? '', password: 'pw', totpSecret: null });
  expect(early).toMatchObject({ stage: 'failed', code: 'unknown_launch' });
  expect(opened.length).toBe(before);
}

describe('a launch the user did not start asks first', () => {
  it('a bare latchkey:// link stops at needs-confirmation and opens no login window', async () => {
    await secretsRefusedBeforeConfirmation(await launcher.openDeepLink('latchkey://launch/acct-shared'));
  });

  it('a made-up nonce, or the chiclet page’s nonce for another account, is not a chiclet', async () => {
    const madeUp = await launcher.openDeepLink(`latchkey://launch/acct-shared?n=${'A'.repeat(43)}`);
    await secretsRefusedBeforeConfirmation(madeUp);
    const otherAccount = (await chicletLink('acct-private')).replace('acct-private', 'acct-shared');
    await secretsRefusedBeforeConfirmation(await launcher.openDeepLink(otherAccount));
  });

  it('a chiclet page’s nonce is used once: the replayed link asks', async () => {
    const link = await chicletLink('acct-shared');
    const first = await launcher.openDeepLink(link);
    expect(first).toMatchObject({ stage: 'needs-credentials' });
    await secretsRefusedBeforeConfirmation(await launcher.openDeepLink(link));
  });

  it('the user’s “Log in” continues the launch; “Cancel” ends it with nothing filled', async () => {
    const asked = await launcher.openDeepLink('latchkey://launch/acct-shared');
    const cancelled = await launcher.confirm({ launchId: asked?.launchId ?? '', confirm: false });
    expect(cancelled).toMatchObject({ stage: 'failed', code: 'cancelled' });
    expect(await launcher.fill({ launchId: asked?.launchId ?? '', password: 'pw', totpSecret: null })).toMatchObject({
      code: 'unknown_launch',
    });

    const again = await launcher.openDeepLink('latchkey://launch/acct-shared');
    const before = opened.length;
    expect(await launcher.confirm({ launchId: again?.launchId ?? '', confirm: true })).toMatchObject({
      stage: 'needs-credentials',
    });
    await launcher.fill({ launchId: again?.launchId ?? '', password: 'pw', totpSecret: null });
    expect(opened.slice(before)).toHaveLength(1);
  });

  it('a chiclet click (through the server’s page) and the app’s own UI do not ask', async () => {
    expect(await launcher.openDeepLink(await chicletLink('acct-shared'))).toMatchObject({ stage: 'needs-credentials' });
    expect(await launcher.open('acct-shared')).toMatchObject({ stage: 'needs-credentials' });
  });
});
