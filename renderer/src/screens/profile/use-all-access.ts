/**
 * Personal All-Access Mode, shared by My Profile's switch and the frame's "is on" banner: the
 * current state comes from the caller's own user record in the replica (`User.allAccess`, written
 * only by the server), the change goes through `PUT /api/v1/me/all-access`, which the server
 * authorises (sync-server/users/all-access-route.ts). Whether to offer it at all is the policy's
 * answer (`me.toggleAllAccess`), so the UI and the server cannot disagree on who may.
 */
import { useState } from 'react';
import { seesEverything } from '../../../../domain/access';
import { type Decision, decide } from '../../../../domain/policy';
import { api as routes } from '../../../../domain/wire/api';
import { useAccess, useApp } from '../app-context';
import { callApi } from '../call-api';

export interface AllAccessControl {
  /** The policy's answer for turning it on or off; null before the user's record arrived. */
  may: Decision | null;
  on: boolean;
  busy: boolean;
  error: string | null;
  set(on: boolean): Promise<void>;
}

export function useAllAccess(): AllAccessControl {
  const { api } = useApp();
  // The banner above the first screen: the mode is the user's own, known before the whole workspace.
  const { index, me } = useAccess();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Until replication brings the server's write, the answer of the command is the fresher state.
  const [answered, setAnswered] = useState<{ on: boolean; was: boolean } | null>(null);
  const stored = me ? seesEverything(index, me) : false;
  const on = answered !== null && answered.was === stored ? answered.on : stored;
  const set = async (next: boolean): Promise<void> => {
    setBusy(true);
    setError(null);
    const outcome = await callApi(api, routes.setAllAccess, { body: { on: next } });
    setBusy(false);
    if (!outcome.ok) return setError(outcome.message);
    setAnswered({ on: outcome.body.on, was: stored });
  };
  return { may: me ? decide(index, me.id, 'me.toggleAllAccess') : null, on, busy, error, set };
}
