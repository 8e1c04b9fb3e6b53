import { useState } from 'react';
import { decide } from '../../../../domain/policy';
import { useApp } from '../app-context';
import { setAllAccessMode } from './settings-writes';

/**
 * All-Access Mode (Super Admins and Owners, troubleshooting-extended-account-access.md). Unlike the
 * product the seeds describe, it never creates Okta assignments, so turning it off leaves no
 * chiclet behind (docs/architecture.md).
 */
export function AllAccessPanel() {
  const { handle, view, me } = useApp();
  const [error, setError] = useState<string | null>(null);
  const on = view.index.settings.allAccessMode;
  const toggle = me ? decide(view.index, me.id, 'workspace.toggleAllAccessMode') : null;
  return (
    <section className="panel adm-panel" aria-labelledby="aam-title">
      <div className="panel-head">
        <h3 id="aam-title">All-Access Mode</h3>
        <button
          type="button"
          role="switch"
          aria-checked={on}
          aria-label="All-Access Mode"
          className={on ? 'adm-switch adm-switch-on' : 'adm-switch'}
          disabled={!toggle?.allowed}
          onClick={() => {
            setError(null);
            setAllAccessMode(handle, !on).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
          }}
        >
          {on ? 'On' : 'Off'}
        </button>
      </div>
      <p className="muted">
        Lets workspace Admins, Super Admins and Owners see every account and collection, to recover an item whose owners
        left. It grants visibility only: it never adds anyone to an Okta app, so Okta chiclets keep following who has
        Owner or Collaborator access.
      </p>
      {toggle && !toggle.allowed && <p className="notice">{toggle.message}</p>}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
