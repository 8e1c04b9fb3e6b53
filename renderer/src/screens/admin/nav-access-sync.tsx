import { useEffect } from 'react';
import { api as routes } from '../../../../domain/wire/api';
import { useNavAccess } from '../../stores/nav-access-store';
import { useAccess, useApp } from '../app-context';
import { callApi } from '../call-api';
import { type AdminScreen, visibleAdminScreens } from './admin-access';

/** Publishes which admin screens the signed-in person may open; clears them on sign-out. */
export function NavAccessSync() {
  const { api } = useApp();
  // Workspace roles are known from the first screen on (useAccess): the sidebar is complete at once.
  const { index, me } = useAccess();
  // A string key so the store changes only when the answer does, not on every replica change.
  const key = visibleAdminScreens(index, me?.id ?? null).join(',');
  useEffect(() => {
    const screens: AdminScreen[] = key === '' ? [] : (key.split(',') as AdminScreen[]);
    useNavAccess.setState({ adminScreens: screens });
  }, [key]);
  // The sidebar's count of orphaned accounts: asked once when the screen becomes available (the
  // Orphaned accounts screen updates it on every load, so it follows recoveries made there).
  const mayRecover = key.split(',').includes('orphaned-accounts');
  useEffect(() => {
    if (!mayRecover) {
      useNavAccess.setState({ orphanedCount: 0 });
      return;
    }
    let live = true;
    void callApi(api, routes.orphanedAccounts).then((outcome) => {
      if (live && outcome.ok) useNavAccess.setState({ orphanedCount: outcome.body.accounts.length });
    });
    return () => {
      live = false;
    };
  }, [api, mayRecover]);
  useEffect(() => () => useNavAccess.setState({ adminScreens: [], orphanedCount: 0 }), []);
  return null;
}
