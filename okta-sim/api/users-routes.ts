import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SimUser } from '../state/records';
import { type ApiContext, IdParam, ListQuery, sendPage } from './context';
import { matchesAll, parseFilter } from './filter';
import { paginate } from './pagination';
import { userJson } from './serialize';

const ProfileInput = z
  .object({
    login: z.string().min(1).max(100),
    email: z.email(),
    firstName: z.string().min(1).max(50),
    lastName: z.string().min(1).max(50),
  })
  .catchall(z.string().nullable());

const CreateUser = z.object({
  profile: ProfileInput,
  credentials: z.object({ password: z.object({ value: z.string().min(1) }).optional() }).optional(),
});

const ActivateQuery = z.object({ activate: z.enum(['true', 'false']).default('true') });

/**
 * listUsers in Okta's spec (2026.06.3): `filter` supports "`status`, `lastUpdated`, `id`,
 * `profile.login`, `profile.email`, `profile.firstName`, and `profile.lastName`".
 */
const USER_FILTER_ATTRS = [
  'status',
  'lastUpdated',
  'id',
  'profile.login',
  'profile.email',
  'profile.firstName',
  'profile.lastName',
];

function readUserAttr(u: SimUser, attr: string): string | undefined {
  if (attr === 'status') return u.status;
  if (attr === 'id') return u.id;
  if (attr === 'lastUpdated') return u.lastUpdated;
  if (attr.startsWith('profile.')) return u.profile[attr.slice('profile.'.length)] ?? undefined;
  return undefined;
}

/** Users API subset (developer.okta.com/docs/api/openapi/okta-management/management/tag/User/). */
export function registerUserRoutes(api: FastifyInstance, ctx: ApiContext): void {
  const { actions } = ctx;
  const json = (u: SimUser) => userJson(u, ctx.baseUrl());

  api.get('/users', async (req, reply) => {
    const query = ListQuery.parse(req.query);
    const clauses = parseFilter(query.filter ?? query.search ?? '', USER_FILTER_ATTRS);
    const q = query.q?.toLowerCase();
    // Without a filter Okta lists every user that is not DEPROVISIONED.
    const users = [...actions.directory.users.values()].filter(
      (u) =>
        (clauses.length > 0 ? matchesAll(u, clauses, readUserAttr) : u.status !== 'DEPROVISIONED') &&
        (!q ||
          [u.profile.login, u.profile.email, u.profile.firstName, u.profile.lastName].some((f) =>
            f.toLowerCase().startsWith(q),
          )),
    );
    const page = paginate(users, query, { limit: 200, max: 200 });
    return sendPage(reply, ctx, '/api/v1/users', req.query as Record<string, unknown>, page, json);
  });

  api.get('/users/:id', async (req) => json(actions.user(IdParam.parse(req.params).id)));

  api.post('/users', async (req) => {
    const { activate } = ActivateQuery.parse(req.query);
    const body = CreateUser.parse(req.body);
    const { login, email, firstName, lastName, ...extra } = body.profile;
    const profile = { ...extra, login, email, firstName, lastName };
    return json(actions.createUser(profile, body.credentials?.password?.value, activate === 'true'));
  });

  // POST is a partial profile update, PUT replaces the profile (Users API, "Update a user").
  api.post('/users/:id', async (req) => {
    const user = actions.user(IdParam.parse(req.params).id);
    const { profile } = z.object({ profile: ProfileInput.partial() }).parse(req.body);
    actions.updateProfile(user, profile);
    return json(user);
  });

  api.put('/users/:id', async (req) => {
    const user = actions.user(IdParam.parse(req.params).id);
    const { profile } = z.object({ profile: ProfileInput }).parse(req.body);
    actions.updateProfile(user, profile);
    return json(user);
  });

  api.post('/users/:id/lifecycle/deactivate', async (req) => {
    actions.deactivateUser(actions.user(IdParam.parse(req.params).id));
    return {};
  });

  api.post('/users/:id/lifecycle/activate', async (req) => {
    const user = actions.user(IdParam.parse(req.params).id);
    actions.activateUser(user);
    return { activationUrl: `${ctx.baseUrl()}/welcome/sim-${user.id}`, activationToken: `sim-${user.id}` };
  });

  api.post('/users/:id/lifecycle/reactivate', async (req) => {
    const user = actions.user(IdParam.parse(req.params).id);
    actions.reactivateUser(user);
    return { activationUrl: `${ctx.baseUrl()}/welcome/sim-${user.id}`, activationToken: `sim-${user.id}` };
  });
}
