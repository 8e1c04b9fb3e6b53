import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { effectiveRole, seesEverything } from '../../../domain/access';
import { decide } from '../../../domain/policy';
import { copyToClipboard, useClipboard } from '../stores/clipboard-store';
import { startLaunch } from '../stores/launch-store';
import { refreshLogos } from '../stores/logo-store';
import { closeRotationNotice, useRotationNotice } from '../stores/rotation-notice-store';
import { navigate } from '../stores/route-store';
import { consumeRequest, useShortcutRequests } from '../stores/shortcut-store';
import { roleName } from './access-text';
import { type AccountFilter, NO_FILTER } from './account-filter';
import { AccountFormDialog } from './account-form';
import { accountList, rotationsForMe, shownAccounts } from './account-list';
import { AccountLogo } from './account-logo';
import { useApp } from './app-context';
import { LaunchButton } from './launch-button';
import { rotationNotice } from './rotation-text';
import { gridColumns, gridRowGap, offsetWithin, scrollParent } from './virtual-grid';

/** A card row's height before it is measured (a card with one line of labels). */
const ESTIMATED_ROW = 150;

/** The card of an account, if it is mounted (the list mounts only the rows near the viewport). */
const cardOf = (list: HTMLElement | null, accountId: string) =>
  list?.querySelector<HTMLButtonElement>(`.account-card[data-account-id="${CSS.escape(accountId)}"]`) ?? null;

export function AccountsScreen() {
  const { api, handle, view, me: viewMe, pulled, firstScreen } = useApp();
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const pending = useShortcutRequests((s) => s.pending);
  const [filter, setFilter] = useState<AccountFilter>(NO_FILTER);
  const [creating, setCreating] = useState(false);
  // The first screen until the whole workspace is read, then the live list (account-list.ts).
  const list = useMemo(() => accountList(view, viewMe, firstScreen), [view, viewMe, firstScreen]);
  const index = list?.index ?? view.index;
  const me = list?.me ?? null;
  const roleOf = useMemo(
    () => (accountId: string) => (me ? effectiveRole(index, me.id, accountId).role : null),
    [index, me],
  );
  const shown = useMemo(() => (list ? shownAccounts(list, filter, roleOf) : null), [list, filter, roleOf]);
  const filtered = shown?.kind === 'list' ? shown.accounts : [];
  // Logos are not replicated: read which accounts have one when the list opens or its accounts change.
  const accountCount = list?.total ?? 0;
  const meId = me?.id ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the count is the refresh trigger.
  useEffect(() => {
    if (meId !== null) void refreshLogos(api);
  }, [api, meId, accountCount]);
  const labels = list?.labels ?? [];
  const waiting = list?.rotationRequired.length ?? 0;
  const mine = useMemo(() => (list ? rotationsForMe(list) : 0), [list]);
  const noticeDone = useRotationNotice((s) => s.done);
  const mayLaunch = (accountId: string) =>
    me ? decide(index, me.id, 'account.launch', { type: 'account', id: accountId }).allowed : false;
  const canCreate = me ? decide(index, me.id, 'account.create') : null;
  const allAccess = me ? seesEverything(index, me) : false;
  // A new account is made once the whole workspace is read (its form picks from it).
  const complete = list?.complete ?? false;
  // Ctrl/Cmd+F and Ctrl/Cmd+N (or the menu), also when made on another screen before this one opened.
  const createAllowed = canCreate === null || !complete ? null : canCreate.allowed;
  useEffect(() => {
    // New account waits until the app knows who you are (the first sync) rather than doing nothing.
    if (pending === null || (pending === 'new-account' && createAllowed === null)) return;
    consumeRequest();
    if (pending === 'search') {
      searchRef.current?.focus();
      searchRef.current?.select();
    } else if (createAllowed) {
      setCreating(true);
    }
  }, [pending, createAllowed]);
  /** Ctrl/Cmd+C on a card copies that account's password, for those who may see it. */
  const copyPassword = async (accountId: string) => {
    const account = index.accounts.get(accountId);
    if (!me || !account) return;
    const see = decide(index, me.id, 'credentials.view', { type: 'account', id: accountId });
    if (!see.allowed) {
      useClipboard.setState({ phase: 'failed', message: `Nothing copied: ${see.message}` }, true);
      return;
    }
    const doc = await handle.replica.collections.credentials.findOne(accountId).exec();
    const password = doc?.get('password');
    if (typeof password !== 'string' || password === '') {
      useClipboard.setState({ phase: 'failed', message: `${account.name} has no password on this device.` }, true);
      return;
    }
    await copyToClipboard(api, password, 'password', account.name);
  };
  // Where the menu's Edit → Copy runs first (Electron's role on macOS), the page hears a `copy`
  // event rather than the key: the focused card still means its password.
  const copyRef = useRef(copyPassword);
  copyRef.current = copyPassword;
  useEffect(() => {
    const onCopy = (event: ClipboardEvent) => {
      const focused = document.activeElement;
      if (!(focused instanceof HTMLElement) || !focused.classList.contains('account-card')) return;
      const accountId = focused.dataset.accountId;
      if (!accountId || (document.getSelection()?.toString() ?? '') !== '') return;
      event.preventDefault();
      void copyRef.current(accountId);
    };
    document.addEventListener('copy', onCopy);
    return () => document.removeEventListener('copy', onCopy);
  }, []);
  const update = (patch: Partial<AccountFilter>) => setFilter({ ...filter, ...patch });

  // The list is virtualised by grid rows: it scrolls with the screen, only the rows near the
  // viewport are mounted, and the rows above and below are the list's padding.
  const [layout, setLayout] = useState({ columns: 1, gap: 0, scroller: null as HTMLElement | null, margin: 0 });
  const showsList = shown?.kind === 'list' && shown.count > 0;
  // Rows of the whole list from the start; those past the first screen's page wait for the rest.
  const listed = shown?.kind === 'list' ? shown.count : 0;
  useLayoutEffect(() => {
    const cards = listRef.current;
    if (!showsList || !cards) return;
    const measure = () => {
      const scroller = scrollParent(cards);
      const next = {
        columns: gridColumns(cards),
        gap: gridRowGap(cards),
        scroller,
        margin: offsetWithin(cards, scroller),
      };
      setLayout((was) =>
        was.columns === next.columns &&
        was.gap === next.gap &&
        was.scroller === next.scroller &&
        Math.abs(was.margin - next.margin) < 1
          ? was
          : next,
      );
    };
    measure();
    // Notices above the list come and go, and the window resizes: both move or reflow the grid.
    const observer = new ResizeObserver(measure);
    observer.observe(cards);
    if (cards.parentElement) observer.observe(cards.parentElement);
    return () => observer.disconnect();
  }, [showsList]);
  const { columns } = layout;
  const rows = useVirtualizer<HTMLElement, HTMLLIElement>({
    count: Math.ceil(listed / columns),
    getScrollElement: () => layout.scroller,
    estimateSize: () => ESTIMATED_ROW,
    gap: layout.gap,
    scrollMargin: layout.margin,
    overscan: 3,
    useFlushSync: false,
  });
  const visibleRows = rows.getVirtualItems();
  const firstRow = visibleRows[0];
  const lastRow = visibleRows[visibleRows.length - 1];
  const padTop = firstRow ? firstRow.start - layout.margin : 0;
  const padBottom = lastRow ? Math.max(rows.getTotalSize() - (lastRow.end - layout.margin), 0) : 0;

  // The selection is the focused card. Moving it to a card that is not mounted scrolls its row
  // into view first and focuses the card once it renders.
  const [focusWanted, setFocusWanted] = useState<string | null>(null);
  useEffect(() => {
    if (focusWanted === null) return;
    const target = cardOf(listRef.current, focusWanted);
    if (!target) return;
    target.focus();
    setFocusWanted(null);
  });
  /** Arrow keys move the selection through the list, as in a listbox. */
  const moveSelection = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    if (filtered.length === 0) return;
    event.preventDefault();
    const focused = document.activeElement;
    const currentId =
      focused instanceof HTMLElement && focused.classList.contains('account-card') ? focused.dataset.accountId : null;
    const at = currentId ? filtered.findIndex((account) => account.id === currentId) : -1;
    const down = event.key === 'ArrowDown';
    const next =
      at === -1 ? (down ? 0 : filtered.length - 1) : Math.min(Math.max(at + (down ? 1 : -1), 0), filtered.length - 1);
    const account = filtered[next];
    if (!account) return;
    const mounted = cardOf(listRef.current, account.id);
    if (mounted) {
      mounted.focus();
      return;
    }
    rows.scrollToIndex(Math.floor(next / columns), { align: 'auto' });
    setFocusWanted(account.id);
  };

  return (
    <main className="screen" aria-labelledby="screen-title">
      <div className="screen-head">
        <h2 id="screen-title">Accounts</h2>
        <button
          type="button"
          className="primary"
          disabled={!canCreate?.allowed || !complete}
          onClick={() => setCreating(true)}
          aria-describedby={canCreate && !canCreate.allowed ? 'create-refused' : undefined}
        >
          New account
        </button>
      </div>
      {!noticeDone && mine > 0 && (
        <div className="notice rotation-notice" role="status">
          <button
            type="button"
            className="link"
            onClick={() => {
              closeRotationNotice();
              update({ ...NO_FILTER, needsRotation: true });
            }}
          >
            {rotationNotice(mine)}
          </button>
          <button type="button" className="link" aria-label="Dismiss password notice" onClick={closeRotationNotice}>
            Dismiss
          </button>
        </div>
      )}
      {canCreate && !canCreate.allowed && (
        <p className="notice" id="create-refused">
          {canCreate.message}
        </p>
      )}
      <search className="filters">
        <label>
          Search
          <input
            ref={searchRef}
            type="search"
            aria-keyshortcuts="Control+F Meta+F"
            onKeyDown={moveSelection}
            value={filter.search}
            onChange={(e) => update({ search: e.target.value })}
            placeholder="Name, app, username or label"
          />
        </label>
        <label>
          Label
          <select value={filter.label ?? ''} onChange={(e) => update({ label: e.target.value || null })}>
            <option value="">All labels</option>
            {labels.map((label) => (
              <option key={label}>{label}</option>
            ))}
          </select>
        </label>
        <label>
          Collection
          <select value={filter.collectionId ?? ''} onChange={(e) => update({ collectionId: e.target.value || null })}>
            <option value="">All collections</option>
            {(list?.collections ?? view.collections).map((collection) => (
              <option key={collection.id} value={collection.id}>
                {collection.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Your role
          <select
            value={filter.role ?? ''}
            onChange={(e) => update({ role: (e.target.value || null) as AccountFilter['role'] })}
          >
            <option value="">Any role</option>
            <option value="owner">Owner</option>
            <option value="collaborator">Collaborator</option>
            {allAccess && <option value="none">No role (your All-Access Mode)</option>}
          </select>
        </label>
        {(waiting > 0 || filter.needsRotation) && (
          <button
            type="button"
            className="rotation-filter"
            aria-pressed={filter.needsRotation}
            onClick={() => update({ needsRotation: !filter.needsRotation })}
          >
            Needs rotation ({waiting})
          </button>
        )}
      </search>
      {list === null || shown === null ? (
        <p className="empty-state" aria-busy="true">
          Loading your accounts…
        </p>
      ) : list.total === 0 ? (
        <p className="empty-state">
          No accounts yet. Shared logins you add, or that are shared with you, appear here.
          {!pulled.has('accounts') && ' The first sync with the server has not finished yet.'}
        </p>
      ) : shown.kind === 'waiting' ? (
        <p className="empty-state" aria-busy="true">
          Searching all {list.total} accounts…
        </p>
      ) : shown.count === 0 ? (
        <p className="empty-state">
          No account matches these filters.{' '}
          <button type="button" className="link" onClick={() => update(NO_FILTER)}>
            Clear filters
          </button>
        </p>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {shown.count} account{shown.count === 1 ? '' : 's'}
          </p>
          <ul
            className="account-cards"
            aria-label="Accounts"
            ref={listRef}
            // Set through the DOM's style object (CSSOM), which the renderer's CSP allows.
            style={{ paddingTop: padTop, paddingBottom: padBottom }}
          >
            {visibleRows.flatMap((row) =>
              lanesOf(row.index, columns, listed).map((at, lane) => {
                // The first card of a row measures the row (the grid stretches a row's cards alike).
                const measured = { 'data-index': lane === 0 ? row.index : undefined };
                const measure = lane === 0 ? rows.measureElement : undefined;
                const account = filtered[at];
                // Past the first screen's page until the whole list is read (a quick scroll can get there).
                if (!account)
                  return (
                    <li key={`pending-${at}`} className="account-row" aria-hidden="true" {...measured} ref={measure}>
                      <span className="account-card account-card-pending" />
                    </li>
                  );
                const role = roleOf(account.id);
                return (
                  <li key={account.id} className="account-row" {...measured} ref={measure}>
                    <button
                      type="button"
                      className="account-card"
                      data-account-id={account.id}
                      aria-keyshortcuts="Enter Control+C Meta+C"
                      onClick={() => navigate({ screen: 'account', accountId: account.id })}
                      onKeyDown={(event) => {
                        moveSelection(event);
                        if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'c') {
                          event.preventDefault();
                          void copyPassword(account.id);
                          return;
                        }
                        // The focused card is the selected account: Enter logs in (when the policy
                        // allows it), Space still opens its details.
                        if (event.key !== 'Enter' || !me || !mayLaunch(account.id)) return;
                        event.preventDefault();
                        void startLaunch(api, account.id);
                      }}
                    >
                      <span className="card-title">
                        <AccountLogo accountId={account.id} className="card-logo" />
                        {account.name}
                      </span>
                      <span className="card-app">{account.appName}</span>
                      <span className="card-role">{role ? roleName(role) : 'No role'}</span>
                      {account.labels.length > 0 && (
                        <span className="card-labels">
                          {account.labels.map((label) => (
                            <span key={label} className="label-chip">
                              {label}
                            </span>
                          ))}
                        </span>
                      )}
                    </button>
                    <LaunchButton accountId={account.id} accountName={account.name} hideWhenRefused />
                  </li>
                );
              }),
            )}
          </ul>
        </>
      )}
      {creating && me && (
        <AccountFormDialog mode={{ kind: 'create', meId: me.id }} onClose={() => setCreating(false)} />
      )}
    </main>
  );
}

/** Positions in the list of the cards in grid row `row` (the last row may be short). */
function lanesOf(row: number, columns: number, count: number): number[] {
  const start = row * columns;
  return Array.from({ length: Math.max(0, Math.min(columns, count - start)) }, (_, lane) => start + lane);
}
