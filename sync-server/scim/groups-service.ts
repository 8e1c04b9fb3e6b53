/**
 * SCIM Groups → Latchkey teams (Okta "Push Groups"). A pushed group whose name matches an
 * existing team that no other Okta group is linked to becomes that team ("Link Group" in the
 * seed okta-user-provisioning-with-scim.md) instead of a duplicate.
 */
import { randomUUID } from 'node:crypto';
import type { Team } from '../../domain/records';
import { groupFieldsFromScim, type ScimGroupFields, toScimGroup } from '../../domain/scim-group';
import type { Queryable } from '../store/db';
import { badRequest, conflict, notFound } from './errors';
import { filterToSql } from './filter-sql';
import type { ListRequest } from './list';
import { checkIfMatch, metaFor } from './meta';
import { applyPatch } from './patch';
import type { ScimStore, Stored } from './scim-store';

const READ_ONLY = ['id', 'meta', 'schemas'];

export interface GroupsServiceDeps {
  store: ScimStore;
  now: () => Date;
}

export function groupsService({ store, now }: GroupsServiceDeps) {
  const render = (stored: Stored<Team>, baseUrl: string) =>
    toScimGroup(stored.record, metaFor('Group', stored, `${baseUrl}/Groups/${stored.record.id}`), `${baseUrl}/Users`);

  return {
    render,

    async list(page: ListRequest, baseUrl: string) {
      return store.read(async (tx) => {
        const where = page.filter ? filterToSql(page.filter, store.teamAttributes) : null;
        const { rows, total } = await store.listTeams(tx, where, { offset: page.startIndex - 1, limit: page.count });
        return { resources: rows.map((r) => render(r, baseUrl)), total };
      });
    },

    async get(id: string) {
      return store.read((tx) => requireTeam(tx, id));
    },

    /** `linked` is true when an existing team was linked rather than a new one created. */
    async create(body: unknown): Promise<{ stored: Stored<Team>; linked: boolean }> {
      const fields = parse(body);
      return store.transaction(async (tx) => {
        await requireUsers(tx, fields.memberIds);
        const existing = await store.findTeamByDisplayName(tx, fields.displayName);
        const timestamp = now().toISOString();
        if (existing) {
          const team = existing.record;
          if (team.oktaGroupId !== null && fields.oktaGroupId !== null && team.oktaGroupId !== fields.oktaGroupId) {
            throw conflict(`team '${team.displayName}' is already linked to another Okta group`);
          }
          const memberIds = [...new Set([...team.memberIds, ...fields.memberIds])];
          const linked: Team = {
            ...team,
            memberIds,
            oktaGroupId: fields.oktaGroupId ?? team.oktaGroupId,
            updatedAt: timestamp,
          };
          return { stored: await store.putTeam(tx, linked), linked: true };
        }
        const team: Team = { id: randomUUID(), ...fields, mappedRole: null, updatedAt: timestamp };
        return { stored: await store.putTeam(tx, team), linked: false };
      });
    },

    async replace(id: string, body: unknown, ifMatch?: string): Promise<Stored<Team>> {
      const fields = parse(body);
      return store.transaction((tx) => update(tx, id, ifMatch, () => fields));
    },

    async patch(id: string, body: unknown, ifMatch?: string): Promise<Stored<Team>> {
      return store.transaction((tx) =>
        update(tx, id, ifMatch, (current) => {
          const scim = toScimGroup(current, metaFor('Group', { record: current, created: '', version: '' }, ''), '');
          return parse(applyPatch({ ...scim }, body, READ_ONLY));
        }),
      );
    },

    /** Removing a team also removes what was shared with it, so no share points at nothing. */
    async remove(id: string, ifMatch?: string): Promise<void> {
      await store.transaction(async (tx) => {
        checkIfMatch(await requireTeam(tx, id, true), ifMatch);
        for (const share of await store.sharesHeldBy(tx, 'team', id)) await store.deleteShare(tx, share);
        await store.deleteTeam(tx, id);
      });
    },
  };

  async function requireTeam(tx: Queryable, id: string, lock = false): Promise<Stored<Team>> {
    const stored = await store.getTeam(tx, id, { lock });
    if (!stored) throw notFound(`Group ${id} not found`);
    return stored;
  }

  async function update(
    tx: Queryable,
    id: string,
    ifMatch: string | undefined,
    decide: (current: Team) => ScimGroupFields,
  ): Promise<Stored<Team>> {
    const stored = await requireTeam(tx, id, true);
    checkIfMatch(stored, ifMatch);
    const current = stored.record;
    const fields = decide(current);
    const known = new Set(current.memberIds);
    await requireUsers(
      tx,
      fields.memberIds.filter((m) => !known.has(m)),
    );
    if (fields.displayName.toLowerCase() !== current.displayName.toLowerCase()) {
      const holder = await store.findTeamByDisplayName(tx, fields.displayName);
      if (holder && holder.record.id !== id) throw conflict(`a group named '${fields.displayName}' already exists`);
    }
    const next: Team = {
      ...current,
      ...fields,
      oktaGroupId: fields.oktaGroupId ?? current.oktaGroupId,
      updatedAt: now().toISOString(),
    };
    if (
      next.displayName === current.displayName &&
      next.oktaGroupId === current.oktaGroupId &&
      sameMembers(next, current)
    ) {
      return stored;
    }
    return store.putTeam(tx, next);
  }

  /** Members must be provisioned users (RFC 7644 §3.12 `invalidValue` otherwise); nothing is stored. */
  async function requireUsers(tx: Queryable, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const found = await store.existingUserIds(tx, ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0)
      throw badRequest('invalidValue', `members are not provisioned users: ${missing.slice(0, 10).join(', ')}`);
  }
}

function parse(body: unknown): ScimGroupFields {
  const result = groupFieldsFromScim(body);
  if (!result.ok) throw badRequest(result.scimType, result.detail);
  return result.value;
}

function sameMembers(a: Team, b: Team): boolean {
  return a.memberIds.length === b.memberIds.length && a.memberIds.every((id, i) => b.memberIds[i] === id);
}
