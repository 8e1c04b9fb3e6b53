const storageKey = 'latchkey.connectionToken';

/**
 * The browser host opens us at `…/#token=<hex>`, a one-time link. The fragment never reaches a
 * server; we read it and remove it from the address bar and history at once. Returns the token
 * this window connects with: the link's, or (after a reload) the one the host handed this tab over
 * its last connection. Null when the window was opened without either.
 */
export function takeLaunchToken(location: Location, history: History, storage: Storage): string | null {
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromFragment) {
    storage.setItem(storageKey, fromFragment);
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    return fromFragment;
  }
  return storage.getItem(storageKey);
}

/**
 * Keeps the token the host handed us for the next connection. Every token opens one connection, so
 * this tab's storage is the only place a reload can find a usable one; sessionStorage, because it
 * belongs to this tab and ends with it.
 */
export function keepNextToken(storage: Storage, token: string): void {
  storage.setItem(storageKey, token);
}
