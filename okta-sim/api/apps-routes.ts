import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SimApp } from '../state/records';
import { type ApiContext, IdParam, ListQuery, sendPage } from './context';
import { oktaErrors } from './errors';
import { matchesAll, parseFilter } from './filter';
import { paginate } from './pagination';
import { appJson } from './serialize';

/**
 * A bookmark app as the Apps API accepts it (developer.okta.com/docs/guides/… "Add a bookmark
 * app"): `name: "bookmark"`, `signOnMode: "BOOKMARK"`, a `label`, and `settings.app.url`.
 * Unknown fields are accepted and ignored, as Okta ignores read-only fields sent back on PUT.
 */
const BookmarkApp = z.object({
  name: z.literal('bookmark'),
  label: z.string().trim().min(1, 'The field cannot be left blank').max(100),
  signOnMode: z.literal('BOOKMARK'),
  settings: z.object({
    app: z.object({
      url: z.url({ protocol: /^https?$/ }),
      requestIntegration: z.boolean().optional(),
    }),
  }),
});

const ActivateQuery = z.object({ activate: z.enum(['true', 'false']).default('true') });
const AppListQuery = ListQuery.extend({ includeNonDeleted: z.enum(['true', 'false']).default('false') });
/**
 * The properties `listApplications` filters on in Okta's Management API spec (2026.06.3):
 * "`id`, `status`, `credentials.signing.kid`, `settings.slo.enabled`, or `name`". `user.id` and
 * `group.id`, listed in older versions, are refused like any other unknown attribute (E0000031);
 * a user's apps are `GET /api/v1/users/{id}/appLinks`, a group's `GET /api/v1/groups/{id}/apps`.
 */
const APP_FILTER_ATTRS = ['id', 'status', 'name', 'credentials.signing.kid', 'settings.slo.enabled'];

/** Applications API subset (developer.okta.com/docs/api/openapi/okta-management/management/tag/Application/). */
export function registerAppRoutes(api: FastifyInstance, ctx: ApiContext): void {
  const { actions } = ctx;
  const dir = actions.directory;
  const json = (a: SimApp) => appJson(a, ctx.baseUrl());

  // Bookmark and OIDC apps have no signing key and no single logout: those filters match none.
  const readAppAttr = (a: SimApp, attr: string): string | undefined => {
    if (attr === 'id') return a.id;
    if (attr === 'status') return a.status;
    if (attr === 'name') return a.name;
    if (attr === 'settings.slo.enabled') return 'false';
    return undefined;
  };

  api.post('/apps', async (req) => {
    const { activate } = ActivateQuery.parse(req.query);
    const body = BookmarkApp.parse(req.body);
    const app = dir.addApp({
      name: body.name,
      label: body.label,
      signOnMode: body.signOnMode,
      url: body.settings.app.url,
      requestIntegration: body.settings.app.requestIntegration ?? false,
      status: activate === 'true' ? 'ACTIVE' : 'INACTIVE',
    });
    return json(app);
  });

  api.get('/apps', async (req, reply) => {
    const query = AppListQuery.parse(req.query);
    const clauses = parseFilter(query.filter ?? '', APP_FILTER_ATTRS);
    const q = query.q?.toLowerCase();
    const searching = q !== undefined || clauses.length > 0;
    const apps = [...dir.apps.values()].filter((a) => {
      // `includeNonDeleted` (default false): "Specifies whether to include non-active, but not
      // deleted apps in the results" (Okta's listApplications reference), so by default only
      // ACTIVE apps are listed, and a filter on `status eq "INACTIVE"` finds none without it.
      if (query.includeNonDeleted === 'false' && a.status !== 'ACTIVE') return false;
      // Searches read an index that a new app reaches late (Directory.searchLag).
      if (searching && !dir.searchable(a)) return false;
      // `q` matches the start of the app's name or label (Apps API, "List all applications").
      if (q && !a.name.toLowerCase().startsWith(q) && !a.label.toLowerCase().startsWith(q)) return false;
      return matchesAll(a, clauses, readAppAttr);
    });
    const page = paginate(apps, query, { limit: 20, max: 200 });
    return sendPage(reply, ctx, '/api/v1/apps', req.query as Record<string, unknown>, page, json);
  });

  api.get('/apps/:id', async (req) => json(actions.app(IdParam.parse(req.params).id)));

  // Full replace: whatever is not sent is reset, so the label and URL must both be present.
  api.put('/apps/:id', async (req) => {
    const app = actions.app(IdParam.parse(req.params).id);
    const body = BookmarkApp.parse(req.body);
    if (app.signOnMode !== 'BOOKMARK')
      throw oktaErrors.validation('signOnMode', ['signOnMode: cannot change the sign-on mode']);
    app.label = body.label;
    app.url = body.settings.app.url;
    app.requestIntegration = body.settings.app.requestIntegration ?? false;
    dir.touchApp(app);
    return json(app);
  });

  api.post('/apps/:id/lifecycle/deactivate', async (req) => {
    const app = actions.app(IdParam.parse(req.params).id);
    app.status = 'INACTIVE';
    dir.touchApp(app);
    return {};
  });

  api.post('/apps/:id/lifecycle/activate', async (req) => {
    const app = actions.app(IdParam.parse(req.params).id);
    app.status = 'ACTIVE';
    dir.touchApp(app);
    return {};
  });

  api.delete('/apps/:id', async (req, reply) => {
    const app = actions.app(IdParam.parse(req.params).id);
    if (app.status === 'ACTIVE') throw oktaErrors.deleteActiveApp();
    dir.apps.delete(app.id);
    return reply.code(204).send();
  });
}
