/**
 * What a key does in the share picker's combobox (WAI-ARIA APG "list autocomplete without automatic
 * selection"), apart from React: the component keeps the state and applies the answer.
 */
export interface ComboboxKeyState {
  /** Whether the list is showing. */
  readonly expanded: boolean;
  /** The active option's index among the shown ones, -1 for none. */
  readonly active: number;
  /** How many options the list shows. */
  readonly shown: number;
  /** Whether the input holds any text (typed or the chosen option's label). */
  readonly hasText: boolean;
}

export interface ComboboxKey {
  readonly key: string;
  readonly altKey: boolean;
}

export type ComboboxKeyAction =
  /** Not ours: let the key do what it does in any text field (Enter with no active option submits). */
  | { readonly kind: 'ignore' }
  /** Open the list (if closed) and make `active` the active option (-1: none). */
  | { readonly kind: 'move'; readonly active: number }
  /** Choose the option at `index`. */
  | { readonly kind: 'choose'; readonly index: number }
  /** Close the list; the key must not also close a dialog around the combobox. */
  | { readonly kind: 'close' }
  /** Clear the input and the choice; the key must not also close a dialog. */
  | { readonly kind: 'clear' };

export function comboboxKeyAction(state: ComboboxKeyState, event: ComboboxKey): ComboboxKeyAction {
  const { expanded, active, shown } = state;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    // Alt+↓ opens the list without moving; an empty list has nothing to move to.
    if (event.altKey || shown === 0) return { kind: 'move', active: expanded ? active : -1 };
    const down = event.key === 'ArrowDown';
    if (active === -1) return { kind: 'move', active: down ? 0 : shown - 1 };
    // Wraps at both ends.
    return { kind: 'move', active: (active + (down ? 1 : shown - 1)) % shown };
  }
  if (event.key === 'Enter') {
    return expanded && active >= 0 && active < shown ? { kind: 'choose', index: active } : { kind: 'ignore' };
  }
  if (event.key === 'Escape') {
    if (expanded) return { kind: 'close' };
    if (state.hasText) return { kind: 'clear' };
  }
  return { kind: 'ignore' };
}
