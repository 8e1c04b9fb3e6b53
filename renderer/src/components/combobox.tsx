import { type KeyboardEvent, useEffect, useId, useMemo, useState } from 'react';
import { matchesTerms, queryTerms } from '../screens/search-text';
import { comboboxKeyAction } from './combobox-keys';

export interface ComboboxOption {
  /** Unique among the options; what `onChange` reports. */
  value: string;
  /** The option's accessible name, and the text the input shows once it is chosen. */
  label: string;
  /** The heading the option is listed under ("People", "Teams"); options come in group order. */
  group: string;
  /** Folded text the query is matched against (see search-text.ts). */
  searchText: string;
}

/** Matches listed at once: typing narrows the rest, so 20,000 users never mount 20,000 options. */
const MAX_SHOWN = 50;

/**
 * An editable combobox with a list popup, following the WAI-ARIA APG pattern "list autocomplete
 * without automatic selection": typing filters the options, ↓/↑ move the active option
 * (aria-activedescendant, focus stays in the input), Enter chooses it, Esc closes the list and,
 * when it is closed, clears the input. Alt+↓ opens the list without moving.
 */
export function Combobox({
  label,
  options,
  value,
  onChange,
  disabled,
  placeholder,
  emptyText,
}: {
  label: string;
  options: readonly ComboboxOption[];
  /** The chosen option's value, or '' when none is chosen. */
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  placeholder?: string;
  /** Said in the open list when nothing matches. */
  emptyText: string;
}) {
  const id = useId();
  const listboxId = `${id}-listbox`;
  const chosen = options.find((option) => option.value === value) ?? null;
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  // While the person types, the input shows what they typed; otherwise the chosen option.
  const text = query ?? chosen?.label ?? '';
  const matches = useMemo(() => {
    const terms = queryTerms(query ?? '');
    return options.filter((option) => matchesTerms(option.searchText, terms));
  }, [options, query]);
  const shown = matches.slice(0, MAX_SHOWN);
  const groups = [...new Set(shown.map((option) => option.group))];
  const optionId = (index: number) => `${id}-option-${index}`;
  const expanded = open && !disabled;
  // The list scrolls: keep the active option in sight as the arrows move it.
  useEffect(() => {
    if (active >= 0) document.getElementById(`${id}-option-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, id]);

  const choose = (option: ComboboxOption) => {
    onChange(option.value);
    setQuery(null);
    setOpen(false);
    setActive(-1);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const action = comboboxKeyAction(
      { expanded, active, shown: shown.length, hasText: text !== '' },
      { key: event.key, altKey: event.altKey },
    );
    if (action.kind === 'ignore') return;
    event.preventDefault();
    if (action.kind === 'move') {
      setOpen(true);
      setActive(action.active);
      return;
    }
    if (action.kind === 'choose') {
      const option = shown[action.index];
      if (option) choose(option);
      return;
    }
    // Esc in an open list, or clearing the input, must not also close a dialog around it.
    event.stopPropagation();
    if (action.kind === 'close') {
      setOpen(false);
      setActive(-1);
    } else {
      setQuery(null);
      onChange('');
    }
  };

  return (
    <span className="combobox">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listboxId}
        aria-activedescendant={expanded && active >= 0 && active < shown.length ? optionId(active) : undefined}
        value={text}
        placeholder={placeholder}
        disabled={disabled}
        onChange={(event) => {
          setQuery(event.target.value);
          setOpen(true);
          setActive(-1);
          // Editing the text undoes the choice: what is shared is always what the input names.
          if (value !== '') onChange('');
        }}
        onKeyDown={onKeyDown}
        onClick={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setActive(-1);
          setQuery(null);
        }}
      />
      <div id={listboxId} role="listbox" aria-label={label} className="combobox-list" hidden={!expanded}>
        {expanded &&
          groups.map((group, at) => (
            // biome-ignore lint/a11y/useSemanticElements: a listbox groups its options with role=group (a fieldset holds form controls).
            <div key={group} role="group" aria-labelledby={`${id}-group-${at}`}>
              <div role="presentation" id={`${id}-group-${at}`} className="combobox-group">
                {group}
              </div>
              {shown.map((option, index) =>
                option.group === group ? (
                  // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard chooses from the input (aria-activedescendant), as the APG pattern says.
                  <div
                    key={option.value}
                    id={optionId(index)}
                    role="option"
                    // Focus stays in the input; the option is reachable, not a tab stop.
                    tabIndex={-1}
                    aria-selected={index === active}
                    className="combobox-option"
                    // Keeps focus (and so the open list) in the input while the pointer chooses.
                    onMouseDown={(event) => event.preventDefault()}
                    onClick={() => choose(option)}
                  >
                    {option.label}
                  </div>
                ) : null,
              )}
            </div>
          ))}
        {expanded && shown.length === 0 && <div className="combobox-empty">{emptyText}</div>}
      </div>
      {expanded && matches.length > shown.length && (
        <span className="muted combobox-more" aria-live="polite">
          Showing {shown.length} of {matches.length}: type more to narrow.
        </span>
      )}
    </span>
  );
}
