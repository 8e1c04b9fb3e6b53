import { describe, expect, it } from 'vitest';
import { commandForKey, type KeyPress, SHORTCUTS, shortcutKeys } from '../../../domain/shortcuts';

const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('keyboard shortcuts', () => {
  it('Ctrl+F and Ctrl+N on Windows and Linux, ⌘F and ⌘N on macOS, even while typing', () => {
    expect(commandForKey(press('f', { ctrlKey: true }), true, false)).toBe('find');
    expect(commandForKey(press('N', { ctrlKey: true }), false, false)).toBe('new-account');
    expect(commandForKey(press('f', { metaKey: true }), false, true)).toBe('find');
    expect(commandForKey(press('n', { metaKey: true }), true, true)).toBe('new-account');
  });

  it('Ctrl+L (⌘L on macOS) locks, even while typing', () => {
    expect(commandForKey(press('l', { ctrlKey: true }), true, false)).toBe('lock');
    expect(commandForKey(press('L', { metaKey: true }), false, true)).toBe('lock');
    expect(commandForKey(press('l', { ctrlKey: true, shiftKey: true }), false, false)).toBeNull();
    expect(SHORTCUTS.find((s) => s.command === 'lock')).toMatchObject({ keys: 'Mod+L', accelerator: 'CmdOrCtrl+L' });
  });

  it('the other platform’s modifier, or an extra one, is not the shortcut', () => {
    expect(commandForKey(press('f', { metaKey: true }), false, false)).toBeNull();
    expect(commandForKey(press('f', { ctrlKey: true }), false, true)).toBeNull();
    expect(commandForKey(press('f', { ctrlKey: true, shiftKey: true }), false, false)).toBeNull();
    expect(commandForKey(press('n', { ctrlKey: true, altKey: true }), false, false)).toBeNull();
  });

  it('? opens the help and Alt+← goes back, but not in a text field, where they are typing', () => {
    expect(commandForKey(press('?', { shiftKey: true }), false, false)).toBe('shortcuts');
    expect(commandForKey(press('ArrowLeft', { altKey: true }), false, false)).toBe('back');
    expect(commandForKey(press('?', { shiftKey: true }), true, false)).toBeNull();
    expect(commandForKey(press('ArrowLeft', { altKey: true }), true, false)).toBeNull();
    expect(commandForKey(press('ArrowLeft'), false, false)).toBeNull();
  });

  it('spells Mod per platform for the help dialog', () => {
    expect(shortcutKeys('Mod+F', false)).toBe('Ctrl+F');
    expect(shortcutKeys('Mod+F', true)).toBe('⌘F');
    expect(SHORTCUTS.map((s) => s.keys)).toEqual(expect.arrayContaining(['Mod+F', 'Mod+N', 'Esc', '?', 'Alt+←']));
  });
});
