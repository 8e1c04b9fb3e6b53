/**
 * The Okta calls that find and undo drift, on the official SDK's Apps API (okta-client.ts builds
 * them on its one client): every assignment shape Okta allows on a bookmark app — users directly
 * (`scope: USER`) and groups, whose members Okta lists as app users with `scope: GROUP` — and
 * one paged list of every bookmark app for the drift sweep.
 */
import type okta from '@okta/okta-sdk-nodejs';
import type { AppGroupRead } from '../../domain/okta-plan';

export interface AppUserRead {
  oktaUserId: string;
  /** USER: assigned directly; GROUP: only through an assigned group. */
  scope: 'USER' | 'GROUP';
  /** The app username Okta shows (the user's login for a bookmark app); the id when absent. */
  userName: string;
}

export interface AppListed {
  appId: string;
  label: string;
  url: string;
  status: 'ACTIVE' | 'INACTIVE';
}

export interface OktaDriftCalls {
  /** Every app user, with its scope (`GET /api/v1/apps/{id}/users`, 500 a page). */
  listAppUsers(appId: string): Promise<AppUserRead[]>;
  /** Every group assigned to the app, with its name (`GET /api/v1/apps/{id}/groups?expand=group`, 200 a page). */
  listAppGroups(appId: string): Promise<AppGroupRead[]>;
  unassignGroup(appId: string, groupId: string): Promise<void>;
  /**
   * Every bookmark app in the org, inactive ones included (`GET /api/v1/apps?filter=name eq
   * "bookmark"&includeNonDeleted=true`, 200 a page): one call per 200 apps instead of one per app.
   */
  listBookmarkApps(): Promise<AppListed[]>;
}

type ApplicationApi = okta.Client['applicationApi'];
type Call = <T>(what: string, fn: () => Promise<T>) => Promise<T>;

interface RawAppUser {
  id?: string;
  scope?: string;
  credentials?: { userName?: string | null } | null;
}
interface RawGroupAssignment {
  id?: string;
  _embedded?: { group?: { profile?: { name?: string } } };
}
interface RawApp {
  id?: string;
  label?: string;
  status?: string;
  settings?: { app?: { url?: string } };
}

/** `applications` gives the SDK's Apps API once the SDK is loaded (okta-sdk.ts). */
export function driftCalls(applications: () => Promise<ApplicationApi>, call: Call): OktaDriftCalls {
  return {
    listAppUsers: (appId) =>
      call(`list assignments of app ${appId}`, async () => {
        const out: AppUserRead[] = [];
        for await (const raw of await (await applications()).listApplicationUsers({ appId, limit: 500 })) {
          const u = raw as RawAppUser | null;
          if (!u?.id) continue;
          out.push({
            oktaUserId: u.id,
            scope: u.scope === 'GROUP' ? 'GROUP' : 'USER',
            userName: u.credentials?.userName || u.id,
          });
        }
        return out;
      }),
    listAppGroups: (appId) =>
      call(`list group assignments of app ${appId}`, async () => {
        const out: AppGroupRead[] = [];
        for await (const raw of await (await applications()).listApplicationGroupAssignments({
          appId,
          limit: 200,
          expand: 'group',
        })) {
          const g = raw as RawGroupAssignment | null;
          if (!g?.id) continue;
          out.push({ groupId: g.id, name: g._embedded?.group?.profile?.name || g.id });
        }
        return out;
      }),
    unassignGroup: (appId, groupId) =>
      call(`unassign group ${groupId} from app ${appId}`, async () =>
        (await applications()).unassignApplicationFromGroup({ appId, groupId }),
      ),
    listBookmarkApps: () =>
      call('list bookmark apps', async () => {
        const out: AppListed[] = [];
        const pages = await (await applications()).listApplications({
          filter: 'name eq "bookmark"',
          includeNonDeleted: true,
          limit: 200,
        });
        for await (const raw of pages) {
          const a = raw as RawApp | null;
          if (!a?.id) continue;
          out.push({
            appId: a.id,
            label: String(a.label ?? ''),
            url: String(a.settings?.app?.url ?? ''),
            status: a.status === 'ACTIVE' ? 'ACTIVE' : 'INACTIVE',
          });
        }
        return out;
      }),
  };
}
