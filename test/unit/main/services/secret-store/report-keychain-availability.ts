/**
 * Child-process probe for the "no keychain" case: libdbus fixes the bus address per process,
 * so the only honest way to run without a Secret Service is a fresh process without one.
 * Prints what the store reports and what a write attempt returns.
 */
import { openKeychainSecretStore } from '../../../../../main/services/secret-store/keychain-secret-store';

const store = await openKeychainSecretStore(`latchkey-test-${process.pid}`);
const write = await store.set('oidc-refresh-token', 'must-not-be-persisted');
const read = await store.get('oidc-refresh-token');
process.stdout.write(JSON.stringify({ availability: store.availability, write, read }));
