const storageKey = 'latchkey.launchToken';

/**
 * The browser host opens us at `…/#token=<hex>`. The fragment never reaches a server; we read it,
 * remove it from the address bar and history at once, and keep it for this tab only so a reload
 * still connects. Returns null when the window was opened without one.
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
