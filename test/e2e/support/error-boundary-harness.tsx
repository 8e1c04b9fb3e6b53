import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { LatchkeyApi } from '../../../domain/ipc-contract';
import { ScreenErrorBoundary } from '../../../renderer/src/components/screen-error-boundary';

// The real ScreenErrorBoundary around a screen that fails on request, bundled by the spec
// (screen-error-boundary.spec.ts) into a page of its own: the app ships no way to make a screen throw.

let mounts = 0;

function FragileScreen() {
  const [mounted] = useState(() => ++mounts);
  const [broken, setBroken] = useState(false);
  if (broken) {
    // What an error message may carry: an address and a token, which the report must not pass on.
    throw new TypeError(
      'cannot read the account of ada.lovelace@example.com (Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl)',
    );
  }
  return (
    <main className="screen">
      <h2 id="screen-title">Accounts</h2>
      <p>Mounted {mounted} times</p>
      <button type="button" onClick={() => setBroken(true)}>
        Break this screen
      </button>
    </main>
  );
}

/** What the boundary sent to the host's log, for the spec to read. */
const screenFailed: unknown[] = [];
Object.assign(window, { screenFailed });

const api: LatchkeyApi = {
  invoke: (async (channel: string, input?: unknown) => {
    if (channel === 'logs:screen-failed') {
      screenFailed.push(input);
      return { ok: true, value: { logged: true } };
    }
    if (channel === 'logs:open-folder') {
      return { ok: true, value: { ok: true, value: { folder: '/home/ada/.config/Latchkey/logs', opened: false } } };
    }
    return { ok: false, code: 'unknown-channel', message: channel };
  }) as LatchkeyApi['invoke'],
  on: () => () => {},
};

const root = document.getElementById('root');
if (!root) throw new Error('no #root');
createRoot(root).render(
  <>
    <nav aria-label="Screens">
      <button type="button">Collections</button>
    </nav>
    <ScreenErrorBoundary screen="Accounts" api={api}>
      <FragileScreen />
    </ScreenErrorBoundary>
  </>,
);
