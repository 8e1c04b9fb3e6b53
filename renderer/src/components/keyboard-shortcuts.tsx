import { useEffect } from 'react';
import type { LatchkeyApi } from '../../../domain/ipc-contract';
import { commandForKey, type MenuCommand, SHORTCUTS, shortcutKeys } from '../../../domain/shortcuts';
import { useAppInfo } from '../stores/app-info-store';
import { lockNow } from '../stores/lock-store';
import { goBack, navigate, useRoute } from '../stores/route-store';
import { requestOnAccounts, setShortcutsHelp, useShortcutRequests } from '../stores/shortcut-store';
import { Dialog } from './dialog';

function isMac(): boolean {
  const info = useAppInfo.getState();
  return info.status === 'ready' && info.info.platform === 'darwin';
}

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)
    return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
}

export function runCommand(command: MenuCommand, api: LatchkeyApi): void {
  // Locking works from anywhere, a dialog included: main locks, and the dialog goes with the UI.
  if (command === 'lock') {
    void lockNow(api);
    return;
  }
  // A modal dialog owns the keyboard until it closes (Esc): nothing opens behind it.
  if (document.querySelector('dialog[open]')) return;
  switch (command) {
    case 'find':
    case 'new-account':
      if (useRoute.getState().route.screen !== 'accounts') navigate({ screen: 'accounts' });
      requestOnAccounts(command === 'find' ? 'search' : 'new-account');
      return;
    case 'back':
      goBack();
      return;
    case 'shortcuts':
      setShortcutsHelp(true);
      return;
  }
}

/** The app-wide shortcuts (domain/shortcuts.ts) and the app menu's commands, plus the `?` help. */
export function KeyboardShortcuts({ api }: { api: LatchkeyApi }) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const command = commandForKey(event, typingIn(event.target), isMac());
      if (!command) return;
      event.preventDefault();
      runCommand(command, api);
    };
    document.addEventListener('keydown', onKeyDown);
    const stopMenu = api.on('menu:command', ({ command }) => runCommand(command, api));
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      stopMenu();
    };
  }, [api]);
  const helpOpen = useShortcutRequests((s) => s.helpOpen);
  return helpOpen ? <ShortcutsHelp onClose={() => setShortcutsHelp(false)} /> : null;
}

function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const mac = isMac();
  return (
    <Dialog
      title="Keyboard shortcuts"
      onClose={onClose}
      actions={
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      }
    >
      <table className="shortcuts-table" aria-label="Keyboard shortcuts">
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.keys}>
              <th scope="row">
                <kbd>{shortcutKeys(shortcut.keys, mac)}</kbd>
              </th>
              <td>{shortcut.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
