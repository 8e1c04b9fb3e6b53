import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SimGroup, SimUser } from '../state/records';
import { type ApiContext, IdParam, ListQuery, sendPage } from './context';
import { matchesAll, parseFilter } from './filter';
import { paginate } from './pagination';
import { groupJson, userJson } from './serialize';

const MemberParams = z.object({ groupId: z.string().min(1), userId: z.string().min(1) });
const GroupProfile = z.object({
  profile: z.object({ name: z.string().min(1).max(255), description: z.string().max(1024).optional() }),
});

/**
 * listGroups in Okta's spec (2026.06.3): `filter` supports "`id`, `type`, `lastUpdated`, and
 * `lastMembershipUpdated`"; `search` also reaches profile attributes. Other attributes: E0000031.
 */
const GROUP_FILTER_ATTRS = ['id', 'type', 'lastUpdated', 'lastMembershipUpdated'];
const GROUP_SEARCH_ATTRS = [...GROUP_FILTER_ATTRS, 'profile.name', 'profile.description'];

function readGroupAttr(g: SimGroup, attr: string): string | undefined {
  if (attr === 'id') return g.id;
  if (attr === 'type') return 'OKTA_GROUP';
  if (attr === 'lastUpdated') return g.lastUpdated;
  if (attr === 'lastMembershipUpdated') return g.lastMembershipUpdated;
  if (attr === 'profile.name') return g.profile.name;
  if (attr === 'profile.description') return g.profile.description;
  return undefined;
}

/** Groups API subset (developer.okta.com/docs/api/openapi/okta-management/management/tag/Group/). */
export function registerGroupRoutes(api: FastifyInstance, ctx: ApiContext): void {
  const { actions } = ctx;
  const json = (g: SimGroup) => groupJson(g, ctx.baseUrl());

  api.get('/groups', async (req, reply) => {
    const query = ListQuery.parse(req.query);
    const clauses =
      query.filter !== undefined
        ? parseFilter(query.filter, GROUP_FILTER_ATTRS)
        : parseFilter(query.search ?? '', GROUP_SEARCH_ATTRS);
    const q = query.q?.toLowerCase();
    const groups = [...actions.directory.groups.values()].filter(
      (g) => matchesAll(g, clauses, readGroupAttr) && (!q || g.profile.name.toLowerCase().startsWith(q)),
    );
    const page = paginate(groups, query, { limit: 10_000, max: 10_000 });
    return sendPage(reply, ctx, '/api/v1/groups', req.query as Record<string, unknown>, page, json);
  });

  api.post('/groups', async (req) => {
    const { profile } = GroupProfile.parse(req.body);
    return json(actions.directory.addGroup({ name: profile.name, description: profile.description ?? '' }));
  });

  api.get('/groups/:id', async (req) => json(actions.group(IdParam.parse(req.params).id)));

  api.put('/groups/:id', async (req) => {
    const group = actions.group(IdParam.parse(req.params).id);
    actions.updateGroup(group, GroupProfile.parse(req.body).profile);
    return json(group);
  });

  api.get('/groups/:id/users', async (req, reply) => {
    const group = actions.group(IdParam.parse(req.params).id);
    const query = ListQuery.parse(req.query);
    const members = [...group.members]
      .map((id) => actions.directory.users.get(id))
      .filter((u): u is SimUser => u !== undefined)
      .sort((a, b) => a.seq - b.seq);
    const page = paginate(members, query, { limit: 1000, max: 1000 });
    return sendPage(reply, ctx, `/api/v1/groups/${group.id}/users`, req.query as Record<string, unknown>, page, (u) =>
      userJson(u, ctx.baseUrl()),
    );
  });

  api.put('/groups/:groupId/users/:userId', async (req, reply) => {
    const { groupId, userId } = MemberParams.parse(req.params);
    actions.setMembership(actions.group(groupId), actions.user(userId), true);
    return reply.code(204).send();
  });

  api.delete('/groups/:groupId/users/:userId', async (req, reply) => {
    const { groupId, userId } = MemberParams.parse(req.params);
    actions.setMembership(actions.group(groupId), actions.user(userId), false);
    return reply.code(204).send();
  });
}
