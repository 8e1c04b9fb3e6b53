import { describe, expect, it } from 'vitest';
import { type ComboboxKeyState, comboboxKeyAction } from '../../../../renderer/src/components/combobox-keys';

const closed: ComboboxKeyState = { expanded: false, active: -1, shown: 50, hasText: false };
const open = (active: number, shown = 50): ComboboxKeyState => ({ expanded: true, active, shown, hasText: true });
const press = (key: string, altKey = false) => ({ key, altKey });

describe('the share picker combobox keys', () => {
  it('↓ on a closed list opens it on the first option, ↑ on the last', () => {
    expect(comboboxKeyAction(closed, press('ArrowDown'))).toEqual({ kind: 'move', active: 0 });
    expect(comboboxKeyAction(closed, press('ArrowUp'))).toEqual({ kind: 'move', active: 49 });
  });

  it('the arrows move one option at a time and wrap at both ends', () => {
    expect(comboboxKeyAction(open(3), press('ArrowDown'))).toEqual({ kind: 'move', active: 4 });
    expect(comboboxKeyAction(open(3), press('ArrowUp'))).toEqual({ kind: 'move', active: 2 });
    expect(comboboxKeyAction(open(49), press('ArrowDown'))).toEqual({ kind: 'move', active: 0 });
    expect(comboboxKeyAction(open(0), press('ArrowUp'))).toEqual({ kind: 'move', active: 49 });
  });

  it('Alt+↓ opens the list without choosing an active option', () => {
    expect(comboboxKeyAction(closed, press('ArrowDown', true))).toEqual({ kind: 'move', active: -1 });
    expect(comboboxKeyAction(open(7), press('ArrowDown', true))).toEqual({ kind: 'move', active: 7 });
  });

  it('with nothing matching, the arrows open the list and activate nothing', () => {
    expect(comboboxKeyAction({ ...closed, shown: 0 }, press('ArrowDown'))).toEqual({ kind: 'move', active: -1 });
  });

  it('Enter chooses the active option, and otherwise submits the form as in any field', () => {
    expect(comboboxKeyAction(open(5), press('Enter'))).toEqual({ kind: 'choose', index: 5 });
    expect(comboboxKeyAction(open(-1), press('Enter'))).toEqual({ kind: 'ignore' });
    expect(comboboxKeyAction(closed, press('Enter'))).toEqual({ kind: 'ignore' });
    // The list narrowed under the active index (typing): nothing stale is chosen.
    expect(comboboxKeyAction(open(5, 3), press('Enter'))).toEqual({ kind: 'ignore' });
  });

  it('Esc closes an open list first, then clears the input, then lets a dialog close', () => {
    expect(comboboxKeyAction(open(2), press('Escape'))).toEqual({ kind: 'close' });
    expect(comboboxKeyAction({ ...closed, hasText: true }, press('Escape'))).toEqual({ kind: 'clear' });
    expect(comboboxKeyAction(closed, press('Escape'))).toEqual({ kind: 'ignore' });
  });

  it('typing is left to the input', () => {
    expect(comboboxKeyAction(open(2), press('a'))).toEqual({ kind: 'ignore' });
    expect(comboboxKeyAction(open(2), press('Tab'))).toEqual({ kind: 'ignore' });
  });
});
