import { useEffect } from 'react';
import { useNavAccess } from '../../stores/nav-access-store';
import { useApp } from '../app-context';
import { type AdminScreen, visibleAdminScreens } from './admin-access';

/** Publishes which admin screens the signed-in person may open; clears them on sign-out. */
export function NavAccessSync() {
  const { view, me } = useApp();
  // A string key so the store changes only when the answer does, not on every replica change.
  const key = visibleAdminScreens(view.index, me?.id ?? null).join(',');
  useEffect(() => {
    const screens: AdminScreen[] = key === '' ? [] : (key.split(',') as AdminScreen[]);
    useNavAccess.setState({ adminScreens: screens });
  }, [key]);
  useEffect(() => () => useNavAccess.setState({ adminScreens: [] }), []);
  return null;
}
