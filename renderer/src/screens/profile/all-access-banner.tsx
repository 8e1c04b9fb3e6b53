import { useAllAccess } from './use-all-access';

/**
 * Above every signed-in screen while the person's own All-Access Mode is on: they see accounts and
 * collections nobody shared with them, and should not forget it is on.
 */
export function AllAccessBanner() {
  const control = useAllAccess();
  if (!control.on) return null;
  return (
    <section className="notice all-access-banner" role="status" aria-label="All-Access Mode">
      <div>
        <strong>All-Access Mode is on</strong>
        <p>You see every account and collection in the workspace. Passwords stay hidden unless you hold a role.</p>
        {control.error && (
          <p className="error-text" role="alert">
            {control.error}
          </p>
        )}
      </div>
      <button type="button" disabled={control.busy} onClick={() => void control.set(false)}>
        Turn off All-Access Mode
      </button>
    </section>
  );
}
