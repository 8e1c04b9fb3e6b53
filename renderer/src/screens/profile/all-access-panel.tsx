import { ALL_ACCESS_EXPLAINED } from '../../../../domain/wire/all-access';
import { useAllAccess } from './use-all-access';

/**
 * My Profile → All-Access Mode: a personal switch, shown only to the people the policy lets hold
 * it (Super Admins and Owners). Turning it on changes nothing for anyone else.
 */
export function AllAccessPanel() {
  const control = useAllAccess();
  if (!control.may?.allowed) return null;
  return (
    <section className="panel adm-panel" aria-labelledby="aam-title">
      <div className="panel-head">
        <h3 id="aam-title">All-Access Mode</h3>
        <button
          type="button"
          role="switch"
          aria-checked={control.on}
          aria-label="All-Access Mode"
          className={control.on ? 'adm-switch adm-switch-on' : 'adm-switch'}
          disabled={control.busy}
          onClick={() => void control.set(!control.on)}
        >
          {control.on ? 'On' : 'Off'}
        </button>
      </div>
      <p className="muted">{ALL_ACCESS_EXPLAINED}</p>
      {control.error && (
        <p className="error-text" role="alert">
          {control.error}
        </p>
      )}
    </section>
  );
}
