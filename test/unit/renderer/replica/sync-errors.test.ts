import { errorToPlainJson } from 'rxdb/plugins/utils';
import { describe, expect, it } from 'vitest';
import {
  failureToError,
  isOfflineCause,
  SyncFailedError,
  SyncOfflineError,
} from '../../../../renderer/src/replica/sync-errors';

// RxDB's error$ carries plain copies of what a handler threw; the indicator reads them.
describe('isOfflineCause', () => {
  it('knows an offline failure from the plain copy RxDB reports', () => {
    for (const code of ['offline', 'idp_unreachable', 'disconnected', 'unavailable']) {
      const thrown = failureToError({ code, reason: 'Okta could not be reached a moment ago' });
      expect(thrown).toBeInstanceOf(SyncOfflineError);
      expect(isOfflineCause(errorToPlainJson(thrown))).toBe(true);
    }
  });

  it('does not take any other failure for being offline', () => {
    const thrown = failureToError({ code: 'user_not_provisioned', reason: 'not in this workspace' });
    expect(thrown).toBeInstanceOf(SyncFailedError);
    expect(isOfflineCause(errorToPlainJson(thrown))).toBe(false);
    expect(isOfflineCause({})).toBe(false);
  });
});
