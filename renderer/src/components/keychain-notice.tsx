/**
 * Issue 7: "Where no keychain exists, the app says so and refuses to persist tokens, never writes
 * them in clear." Without a keychain key the replica keeps credentials in an in-memory database
 * (replica/open-replica.ts), so they are gone when the app quits and pulled again at the next start.
 */
export function KeychainNotice({ credentialsPersisted }: { credentialsPersisted: boolean }) {
  if (credentialsPersisted) return null;
  return (
    <p className="notice" role="status" aria-label="Keychain">
      No keychain: credentials are kept in memory only and re-downloaded each start.
    </p>
  );
}
