import { useEffect } from 'react';
import { useNavAccess } from '../../stores/nav-access-store';
import { useApp } from '../app-context';
import { visibleAdminScreens } from './admin-access';

/** Publishes which admin screens the signed-in person may open; clears them on sign-out. */
export function NavAccessSync() {
  const { view, me } = useApp();
  const key = visibleAdminScreens(view.index, me?.id ?? null).join(',');
  useEffect(() => {
    useNavAccess.setState({ adminScreens: key === '' ? [] : (key.split(',') as never) });
  }, [key]);
  useEffect(() => () => useNavAccess.setState({ adminScreens: [] }), []);
  return null;
}
