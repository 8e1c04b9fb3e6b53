import { create } from 'zustand';
import type { LatchkeyApi } from '../../../domain/ipc-contract';
import type { LaunchStatus } from '../../../domain/launch-ipc';
import type { Credentials } from '../../../domain/records';
import { type ReplicaState, useReplica } from '../replica/replica-store';

/**
 * The current chiclet launch as the UI shows it. The host runs the launch (session, server
 * authorisation, login window) and reports each stage on `launch:status`; when it asks for
 * `needs-credentials`, this module reads the account's secrets from the replica and hands them
 * to the host with `launch:fill` — the only way secrets leave the replica (domain/launch-ipc.ts).
 */
export interface LaunchState {
  accountId: string | null;
  status: LaunchStatus | null;
}
export const useLaunchRequest = create<LaunchState>(() => ({ accountId: null, status: null }));

/** A fresh replica may still be pulling the account's credentials when the launch is authorised. */
const CREDENTIALS_WAIT_MS = 20_000;

export function dismissLaunch(): void {
  useLaunchRequest.setState({ accountId: null, status: null });
}

/** The host that runs launches, for the banner's "Log in" / "Cancel" answer. */
let host: LatchkeyApi | null = null;

/**
 * The user's answer to a launch that did not come from the app or an Okta chiclet
 * (`needs-confirmation`). "Log in" continues to `needs-credentials`, and only then does this
 * module hand over the secrets; "Cancel" ends the launch with nothing filled.
 */
export async function answerLaunch(confirm: boolean): Promise<void> {
  const status = useLaunchRequest.getState().status;
  if (!host || status?.stage !== 'needs-confirmation') return;
  const result = await host.invoke('launch:confirm', { launchId: status.launchId, confirm });
  // The next stage also arrives on launch:status; a refusal of the call itself is shown here.
  if (!result.ok) {
    useLaunchRequest.setState({ status: { ...status, stage: 'failed', code: result.code, message: result.message } });
  }
}

/**
 * The app's own "Log in" (button, or Enter on an account): the same launch as a chiclet, started
 * with `launch:open`, which the host runs without asking to confirm. Its stages, and the request
 * for the replica's secrets, arrive on `launch:status` like any other launch's.
 */
export async function startLaunch(api: LatchkeyApi, accountId: string): Promise<void> {
  useLaunchRequest.setState({ accountId, status: null });
  const result = await api.invoke('launch:open', { accountId });
  if (result.ok) {
    // A host without a launcher answers "not available" here and sends no `launch:status`:
    // the answer is the launch's only status. Stages that already arrived are newer: kept.
    if (useLaunchRequest.getState().status === null) useLaunchRequest.setState({ accountId, status: result.value });
    return;
  }
  useLaunchRequest.setState({
    accountId,
    status: {
      launchId: 'none',
      accountId,
      stage: 'failed',
      accountName: null,
      appName: null,
      code: result.code,
      message: result.message,
    },
  });
}

export function followLaunchRequests(api: LatchkeyApi): () => void {
  host = api;
  const offRequested = api.on('launch:requested', ({ accountId }) => useLaunchRequest.setState({ accountId }));
  const offStatus = api.on('launch:status', (status) => {
    const current = useLaunchRequest.getState().status;
    // Stages of an older launch that arrive late must not overwrite a newer one.
    if (current && current.launchId !== status.launchId && status.stage !== 'started') return;
    useLaunchRequest.setState({ accountId: status.accountId, status });
    if (status.stage === 'needs-credentials') void supplyCredentials(api, status);
  });
  return () => {
    host = null;
    offRequested();
    offStatus();
  };
}

async function supplyCredentials(api: LatchkeyApi, status: LaunchStatus): Promise<void> {
  const credentials = await credentialsFor(status.accountId, CREDENTIALS_WAIT_MS);
  if (credentials === null) {
    useLaunchRequest.setState({
      status: {
        ...status,
        stage: 'failed',
        code: 'no_credentials',
        message: 'The password of this account has not reached this device yet. Check your connection and try again.',
      },
    });
    return;
  }
  const result = await api.invoke('launch:fill', {
    launchId: status.launchId,
    password: credentials.password,
    totpSecret: credentials.totpSecret,
  });
  if (!result.ok) {
    useLaunchRequest.setState({ status: { ...status, stage: 'failed', code: result.code, message: result.message } });
  }
}

/** Waits (bounded) for an open replica holding the account's credentials. */
function credentialsFor(accountId: string, timeoutMs: number): Promise<Credentials | null> {
  return new Promise((resolve) => {
    let done = false;
    let stopDoc: (() => void) | null = null;
    let stopReplica = () => {};
    const finish = (value: Credentials | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stopReplica();
      stopDoc?.();
      resolve(value);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    const watch = (state: ReplicaState) => {
      if (state.phase !== 'ready' || stopDoc) return;
      const subscription = state.handle.replica.collections.credentials.findOne(accountId).$.subscribe((doc) => {
        if (doc && !doc.deleted) finish(doc.toJSON() as Credentials);
      });
      stopDoc = () => subscription.unsubscribe();
    };
    stopReplica = useReplica.subscribe(watch);
    watch(useReplica.getState());
  });
}
