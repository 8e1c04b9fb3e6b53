/**
 * The app's keyboard shortcuts: one table read by the renderer (which keys do what, and the `?`
 * help dialog) and by Electron's application menu (its accelerators). "Mod" is Ctrl, or ⌘ on macOS.
 */

export const MENU_COMMANDS = ['find', 'new-account', 'shortcuts', 'back', 'lock'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export interface Shortcut {
  /** What the help dialog shows, with "Mod" spelled per platform. */
  keys: string;
  description: string;
  /** Electron accelerator, for the commands the menu also offers. */
  accelerator?: string;
  command?: MenuCommand;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: 'Mod+F', description: 'Search accounts', accelerator: 'CmdOrCtrl+F', command: 'find' },
  { keys: 'Mod+N', description: 'New account', accelerator: 'CmdOrCtrl+N', command: 'new-account' },
  { keys: '↓ / ↑', description: 'Move the selection in the accounts list' },
  { keys: 'Enter', description: 'Log in to the selected account' },
  { keys: 'Space', description: 'Open the selected account' },
  { keys: 'Mod+C', description: "Copy the selected account's password (when you may see it)" },
  { keys: 'Esc', description: 'Close the dialog' },
  { keys: 'Alt+←', description: 'Back to the previous screen', accelerator: 'Alt+Left', command: 'back' },
  { keys: '?', description: 'Show these shortcuts', accelerator: 'Shift+/', command: 'shortcuts' },
  { keys: 'Mod+L', description: 'Lock Latchkey', accelerator: 'CmdOrCtrl+L', command: 'lock' },
];

export function shortcutKeys(keys: string, mac: boolean): string {
  return keys.replace('Mod+', mac ? '⌘' : 'Ctrl+');
}

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * The command a key press asks for, or null. `typing` is true in a text field, where `?` is a
 * character and Alt+← moves the caret: only the Mod shortcuts work there.
 */
export function commandForKey(press: KeyPress, typing: boolean, mac: boolean): MenuCommand | null {
  const mod = mac ? press.metaKey && !press.ctrlKey : press.ctrlKey && !press.metaKey;
  if (mod && !press.altKey && !press.shiftKey) {
    const key = press.key.toLowerCase();
    if (key === 'f') return 'find';
    if (key === 'n') return 'new-account';
    if (key === 'l') return 'lock';
    return null;
  }
  if (typing || press.ctrlKey || press.metaKey) return null;
  if (press.key === '?' && !press.altKey) return 'shortcuts';
  if (press.key === 'ArrowLeft' && press.altKey && !press.shiftKey) return 'back';
  return null;
}
