import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateKeyring, startPrivateKeyring } from '../../../../../dev/stack/private-keyring';
import { getOrCreateDeviceId } from '../../../../../main/services/secret-store/device-id';
import { openKeychainSecretStore } from '../../../../../main/services/secret-store/keychain-secret-store';
import { getOrCreateReplicaKey } from '../../../../../main/services/secret-store/replica-key';
import {
  type SecretStore,
  SecretStoreError,
  unavailableSecretStore,
} from '../../../../../main/services/secret-store/secret-store';

const run = promisify(execFile);

describe('keychain secret store (real gnome-keyring on a private bus)', () => {
  let keyring: PrivateKeyring;
  let store: SecretStore;
  const service = `latchkey-test-${randomUUID()}`;

  beforeAll(async () => {
    keyring = await startPrivateKeyring();
    store = await openKeychainSecretStore(service);
  }, 30_000);
  afterAll(async () => keyring?.stop());

  it('reports the keychain as available', () => {
    expect(store.availability.available).toBe(true);
  });

  it('keeps a refresh token until it is deleted', async () => {
    expect(await store.get('oidc-refresh-token')).toEqual({ ok: true, value: null });
    expect(await store.set('oidc-refresh-token', 'rt-1')).toEqual({ ok: true, value: undefined });
    expect(await store.set('oidc-refresh-token', 'rt-2')).toEqual({ ok: true, value: undefined });
    expect(await store.get('oidc-refresh-token')).toEqual({ ok: true, value: 'rt-2' });
    expect(await store.delete('oidc-refresh-token')).toEqual({ ok: true, value: true });
    expect(await store.get('oidc-refresh-token')).toEqual({ ok: true, value: null });
    expect(await store.delete('oidc-refresh-token')).toEqual({ ok: true, value: false });
  });

  it('survives reopening: a second store under the same service reads what the first wrote', async () => {
    await store.set('oidc-refresh-token', 'kept');
    const reopened = await openKeychainSecretStore(service);
    expect(await reopened.get('oidc-refresh-token')).toEqual({ ok: true, value: 'kept' });
    await reopened.delete('oidc-refresh-token');
  });

  it('keeps services apart', async () => {
    await store.set('oidc-refresh-token', 'mine');
    const other = await openKeychainSecretStore(`${service}-other`);
    expect(await other.get('oidc-refresh-token')).toEqual({ ok: true, value: null });
    await store.delete('oidc-refresh-token');
  });

  it('keeps one device id for the installation', async () => {
    const first = await getOrCreateDeviceId(store);
    expect(await getOrCreateDeviceId(await openKeychainSecretStore(service))).toBe(first);
    await store.delete('device-id');
  });

  it('creates the replica key once and returns the same key afterwards', async () => {
    const first = await getOrCreateReplicaKey(store);
    const second = await getOrCreateReplicaKey(store);
    expect(first.ok && Buffer.from(first.value, 'base64url')).toHaveLength(32);
    expect(second).toEqual(first);
    await store.delete('replica-encryption-key');
  });
});

describe('device id', () => {
  it('is a fresh id per run when there is no keychain to keep it', async () => {
    const none = unavailableSecretStore('none');
    const first = await getOrCreateDeviceId(none);
    expect(first).toMatch(/^dev-[0-9a-f-]{36}$/);
    expect(await getOrCreateDeviceId(none)).not.toBe(first);
  });

  it('is a fresh id for this run when the keychain fails to read or keep it, not an error', async () => {
    // A keychain that stopped answering (its daemon gone, a D-Bus timeout): every request to the
    // sync server sends the device id, so failing here would stop sync, not just the audit's name.
    const broken: SecretStore = {
      availability: { available: true, backend: 'os-keychain:linux' },
      get: async (account) => {
        throw new SecretStoreError('read_failed', account, { cause: new Error('D-Bus timeout') });
      },
      set: async (account) => {
        throw new SecretStoreError('write_failed', account, { cause: new Error('D-Bus timeout') });
      },
      delete: async (account) => {
        throw new SecretStoreError('delete_failed', account, { cause: new Error('D-Bus timeout') });
      },
    };
    expect(await getOrCreateDeviceId(broken)).toMatch(/^dev-[0-9a-f-]{36}$/);
  });
});

describe('without a Secret Service', () => {
  it('reports unavailable with a reason and refuses to persist', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'test/unit/main/services/secret-store/report-keychain-availability.ts'],
      { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/latchkey-bus' } },
    );
    const report = JSON.parse(stdout);
    expect(report.availability.available).toBe(false);
    expect(report.availability.reason).toMatch(/no usable OS keychain/);
    expect(report.write).toMatchObject({ ok: false, code: 'unavailable' });
    expect(report.read).toMatchObject({ ok: false, code: 'unavailable' });
  }, 30_000);
});
