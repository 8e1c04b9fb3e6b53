import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppGroupAssignment, AppUserAssignment } from '../state/records';
import { type ApiContext, IdParam, ListQuery, sendPage } from './context';
import { oktaErrors } from './errors';
import { paginate } from './pagination';
import { appGroupJson, appUserJson } from './serialize';

const AppUserParams = z.object({ id: z.string().min(1), userId: z.string().min(1) });
const AppGroupParams = z.object({ id: z.string().min(1), groupId: z.string().min(1) });
const AssignUser = z.object({ id: z.string().min(1), scope: z.literal('USER').optional() });
const AssignGroup = z.object({ priority: z.number().int().min(0).optional() }).optional();

/**
 * Application user and group assignments (developer.okta.com/docs/api/openapi/okta-management/
 * management/tag/ApplicationUsers/ and …/ApplicationGroups/). Users reached through an assigned
 * group are listed with `scope: "GROUP"`, as Okta lists them.
 */
export function registerAppAssignmentRoutes(api: FastifyInstance, ctx: ApiContext): void {
  const { actions } = ctx;
  const dir = actions.directory;

  api.get('/apps/:id/users', async (req, reply) => {
    const app = actions.app(IdParam.parse(req.params).id);
    const query = ListQuery.parse(req.query);
    const rows: AppUserAssignment[] = [...app.users.values()];
    for (const gid of app.groups.keys()) {
      for (const uid of dir.groups.get(gid)?.members ?? []) {
        const user = dir.users.get(uid);
        if (user && !app.users.has(uid) && !rows.some((r) => r.userId === uid)) {
          rows.push({ seq: user.seq, userId: uid, created: app.created, lastUpdated: app.lastUpdated, scope: 'GROUP' });
        }
      }
    }
    rows.sort((a, b) => a.seq - b.seq);
    const page = paginate(rows, query, { limit: 50, max: 500 });
    return sendPage(reply, ctx, `/api/v1/apps/${app.id}/users`, req.query as Record<string, unknown>, page, (r) =>
      appUserJson(dir, app, r, ctx.baseUrl()),
    );
  });

  api.post('/apps/:id/users', async (req) => {
    const app = actions.app(IdParam.parse(req.params).id);
    const body = AssignUser.parse(req.body);
    const user = dir.users.get(body.id);
    if (!user) throw oktaErrors.notFound(body.id, 'User');
    actions.assignUser(app, user);
    const row = app.users.get(user.id);
    if (!row) throw oktaErrors.internal();
    return appUserJson(dir, app, row, ctx.baseUrl());
  });

  api.get('/apps/:id/users/:userId', async (req) => {
    const { id, userId } = AppUserParams.parse(req.params);
    const app = actions.app(id);
    const row = app.users.get(userId);
    if (!row) throw oktaErrors.notFound(userId, 'AppUser');
    return appUserJson(dir, app, row, ctx.baseUrl());
  });

  api.delete('/apps/:id/users/:userId', async (req, reply) => {
    const { id, userId } = AppUserParams.parse(req.params);
    const app = actions.app(id);
    const user = dir.users.get(userId);
    if (!user) throw oktaErrors.notFound(userId, 'User');
    actions.unassignUser(app, user);
    return reply.code(204).send();
  });

  api.get('/apps/:id/groups', async (req, reply) => {
    const app = actions.app(IdParam.parse(req.params).id);
    const query = ListQuery.parse(req.query);
    const rows = [...app.groups.values()].sort((a, b) => a.seq - b.seq);
    const page = paginate(rows, query, { limit: 20, max: 200 });
    // `expand=group` embeds each assigned group (`_embedded.group`), as Okta's list does.
    const group = query.expand === 'group' ? (r: AppGroupAssignment) => dir.groups.get(r.groupId) : undefined;
    return sendPage(reply, ctx, `/api/v1/apps/${app.id}/groups`, req.query as Record<string, unknown>, page, (r) =>
      appGroupJson(app, r, ctx.baseUrl(), group?.(r)),
    );
  });

  api.put('/apps/:id/groups/:groupId', async (req) => {
    const { id, groupId } = AppGroupParams.parse(req.params);
    const app = actions.app(id);
    const group = actions.group(groupId);
    actions.assignGroup(app, group, AssignGroup.parse(req.body)?.priority);
    const row = app.groups.get(group.id);
    if (!row) throw oktaErrors.internal();
    return appGroupJson(app, row, ctx.baseUrl());
  });

  api.get('/apps/:id/groups/:groupId', async (req) => {
    const { id, groupId } = AppGroupParams.parse(req.params);
    const app = actions.app(id);
    const row = app.groups.get(groupId);
    if (!row) throw oktaErrors.notFound(groupId, 'ApplicationGroupAssignment');
    return appGroupJson(app, row, ctx.baseUrl());
  });

  api.delete('/apps/:id/groups/:groupId', async (req, reply) => {
    const { id, groupId } = AppGroupParams.parse(req.params);
    actions.unassignGroup(actions.app(id), actions.group(groupId));
    return reply.code(204).send();
  });
}
