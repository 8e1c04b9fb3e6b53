import { create } from 'zustand';
import type { ScreenId } from './route-store';

/**
 * The admin screens the signed-in person may open (screens/admin/admin-access.ts), published
 * from inside the signed-in app so the sidebar, which sits outside it, can hide the rest.
 * Empty while signed out or before the replica knows the person's role.
 */
export const useNavAccess = create<{ adminScreens: readonly ScreenId[]; orphanedCount: number }>(() => ({
  adminScreens: [],
  /** Accounts with no Owner left, as the server last listed them (0 when unknown or not an admin). */
  orphanedCount: 0,
}));
