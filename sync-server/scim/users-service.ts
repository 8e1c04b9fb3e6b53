/**
 * SCIM Users → Latchkey users. Each operation is one transaction through `ScimStore`, so a
 * refused request stores nothing and an accepted one reaches replicas and the Okta projection
 * together with everything it implies (deprovisioning on deactivation).
 */
import { randomUUID } from 'node:crypto';
import type { User } from '../../domain/records';
import { planDeprovision } from '../../domain/scim-deprovision';
import { type ScimUserFields, toScimUser, userFieldsFromScim } from '../../domain/scim-user';
import { roleOnProvision } from '../../domain/workspace-roles';
import type { Queryable } from '../store/db';
import { badRequest, conflict, isUniqueViolation, notFound, ScimError } from './errors';
import { exactEquality, filterToSql } from './filter-sql';
import type { ListRequest } from './list';
import { checkIfMatch, metaFor } from './meta';
import { applyPatch } from './patch';
import type { ScimStore, Stored } from './scim-store';

const READ_ONLY = ['id', 'meta', 'groups', 'schemas'];

export interface UsersServiceDeps {
  store: ScimStore;
  now: () => Date;
  /** LATCHKEY_OWNER_EMAIL: provisioned while the workspace has no Owner, this person becomes it. */
  ownerEmail?: string | undefined;
}

export function usersService({ store, now, ownerEmail }: UsersServiceDeps) {
  const render = (stored: Stored<User>, baseUrl: string) =>
    toScimUser(stored.record, metaFor('User', stored, `${baseUrl}/Users/${stored.record.id}`));

  return {
    render,

    async list(page: ListRequest, baseUrl: string) {
      return store.read(async (q) => {
        const exact = page.filter ? exactEquality(page.filter) : null;
        if (exact && (exact.path === 'username' || exact.path === 'emails.value')) {
          // Okta's lookup before every create: one row at most, from the cached-plan query.
          const found = await store.findUserByUserName(q, exact.value);
          const rows = found && page.startIndex === 1 && page.count > 0 ? [found] : [];
          return { resources: rows.map((r) => render(r, baseUrl)), total: found ? 1 : 0 };
        }
        const where = page.filter ? filterToSql(page.filter, store.userAttributes) : null;
        const { rows, total } = await store.listUsers(q, where, { offset: page.startIndex - 1, limit: page.count });
        return { resources: rows.map((r) => render(r, baseUrl)), total };
      });
    },

    async get(id: string) {
      return store.read(async (tx) => requireUser(tx, id));
    },

    async create(body: unknown): Promise<Stored<User>> {
      const fields = parse(body);
      return writeUnique(async (tx) => {
        if (await store.findUserByUserName(tx, fields.userName)) throw duplicate(fields.userName);
        await requireFreeExternalId(tx, fields.externalId, null);
        const timestamp = now().toISOString();
        const role = roleOnProvision(await store.activeOwners(tx), fields.userName, ownerEmail);
        const user: User = {
          id: randomUUID(),
          ...fields,
          role,
          manualRole: role,
          removedAt: null,
          allAccess: false,
          erasedAt: null,
          updatedAt: timestamp,
        };
        const stored = await store.putUser(tx, user);
        if (role === 'owner') {
          await store.audit(tx, {
            action: 'user.firstOwner',
            subjectId: user.id,
            details: { source: 'LATCHKEY_OWNER_EMAIL' },
          });
        }
        return stored;
      }, fields.userName);
    },

    async replace(id: string, body: unknown, ifMatch?: string): Promise<Stored<User>> {
      const fields = parse(body);
      return auditRelinks(writeUnique((tx) => update(tx, id, ifMatch, () => fields), fields.userName));
    },

    async patch(id: string, body: unknown, ifMatch?: string): Promise<Stored<User>> {
      let userName = '';
      return auditRelinks(
        writeUnique(
          (tx) =>
            update(tx, id, ifMatch, (current) => {
              const scim = toScimUser(current, metaFor('User', { record: current, created: '', version: '' }, ''));
              const fields = parse(applyPatch({ ...scim }, body, READ_ONLY));
              userName = fields.userName;
              return fields;
            }),
          () => userName,
        ),
      );
    },

    /** RFC 7644 §3.6: afterwards the user is 404 to SCIM; the record stays, disabled, for admins. */
    async remove(id: string, ifMatch?: string): Promise<void> {
      await store.transaction(async (tx) => {
        const stored = await requireUser(tx, id, true);
        checkIfMatch(stored, ifMatch);
        if (stored.record.active) await deprovision(tx, stored.record);
        await store.putUser(tx, {
          ...stored.record,
          active: false,
          removedAt: now().toISOString(),
          updatedAt: now().toISOString(),
        });
      });
    },
  };

  async function requireUser(tx: Queryable, id: string, lock = false): Promise<Stored<User>> {
    const stored = await store.getUser(tx, id, { lock });
    if (!stored) throw notFound(`User ${id} not found`);
    return stored;
  }

  async function update(
    tx: Queryable,
    id: string,
    ifMatch: string | undefined,
    decide: (current: User) => ScimUserFields,
  ): Promise<Stored<User>> {
    const stored = await requireUser(tx, id, true);
    checkIfMatch(stored, ifMatch);
    const current = stored.record;
    const fields = decide(current);
    if (fields.userName.toLowerCase() !== current.userName.toLowerCase()) {
      const holder = await store.findUserByUserName(tx, fields.userName);
      if (holder && holder.record.id !== id) throw duplicate(fields.userName);
    }
    if (current.externalId !== null && fields.externalId !== null && fields.externalId !== current.externalId) {
      throw new RelinkRefused(id);
    }
    if (fields.externalId !== current.externalId) await requireFreeExternalId(tx, fields.externalId, id);
    if (current.active && !fields.active) await deprovision(tx, current);
    // Reactivation restores nothing: access was removed at deactivation and must be granted again.
    // A PUT that omits externalId keeps it: it is how sign-in maps an Okta subject to this user.
    const next: User = {
      ...current,
      ...fields,
      externalId: fields.externalId ?? current.externalId,
      updatedAt: now().toISOString(),
    };
    if (sameUser(current, next)) return stored;
    return store.putUser(tx, next);
  }

  /**
   * Sign-in maps an Okta subject to the one user with that externalId, so two live users may
   * never share one (RFC 7643 §3.1 leaves externalId's uniqueness to the provider).
   */
  async function requireFreeExternalId(tx: Queryable, externalId: string | null, ownId: string | null): Promise<void> {
    if (externalId === null) return;
    const holder = await store.findUserByExternalId(tx, externalId);
    if (holder && holder.record.id !== ownId) {
      throw conflict(`externalId '${externalId}' already belongs to user ${holder.record.id}`);
    }
  }

  /**
   * A refused relink is an attack or a misconfigured IdP either way: the refusal is written to
   * the audit log in a transaction of its own, since the request's transaction rolled back.
   */
  async function auditRelinks<T>(write: Promise<T>): Promise<T> {
    try {
      return await write;
    } catch (err) {
      if (err instanceof RelinkRefused) {
        await store.transaction((tx) =>
          store.audit(tx, {
            action: 'scim.user.externalIdRefused',
            subjectId: err.userId,
            details: { fields: ['externalId'] },
          }),
        );
      }
      throw err;
    }
  }

  async function deprovision(tx: Queryable, user: User): Promise<void> {
    const timestamp = now().toISOString();
    const plan = planDeprovision(await store.accessSnapshot(tx, user.id), user.id, timestamp);
    for (const share of plan.sharesToRemove) await store.deleteShare(tx, share);
    for (const team of plan.teamsToUpdate) await store.putTeam(tx, { ...team, updatedAt: timestamp });
    for (const account of plan.accountsToFlag) await store.putAccount(tx, { ...account, updatedAt: timestamp });
    await store.audit(tx, {
      action: 'scim.user.deprovisioned',
      subjectId: user.id,
      details: {
        userName: user.userName,
        removedShareIds: plan.sharesToRemove.map((s) => s.id),
        leftTeamIds: plan.teamsToUpdate.map((t) => t.id),
        rotationRequiredAccountIds: plan.accountsToFlag.map((a) => a.id),
      },
    });
  }

  /**
   * Two concurrent writers of one userName or externalId: the store's write lock orders them, so
   * the second sees the first's row; the unique index on lower(userName) backs that up.
   */
  async function writeUnique<T>(fn: (tx: Queryable) => Promise<T>, userName: string | (() => string)): Promise<T> {
    try {
      return await store.transaction(fn);
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicate(typeof userName === 'string' ? userName : userName());
      throw err;
    }
  }
}

/**
 * Sign-in maps the token's subject to the user with that externalId, so moving a linked user to
 * another Okta identity would let that identity sign in as them (the Owner included). Once
 * linked, only an admin in the app unlinks (POST /api/v1/users/:id/unlink-okta); then Okta may
 * link the user again. RFC 7644 §3.12 `mutability`: the attribute cannot be changed this way.
 */
class RelinkRefused extends ScimError {
  constructor(readonly userId: string) {
    super(
      400,
      'externalId cannot change once the user is linked to an Okta identity; an admin can unlink the user in Latchkey first',
      'mutability',
    );
  }
}

function parse(body: unknown): ScimUserFields {
  const result = userFieldsFromScim(body);
  if (!result.ok) throw badRequest(result.scimType, result.detail);
  return result.value;
}

function duplicate(userName: string): ScimError {
  return conflict(`a user with userName '${userName}' already exists`);
}

function sameUser(a: User, b: User): boolean {
  return (
    a.userName === b.userName &&
    a.givenName === b.givenName &&
    a.familyName === b.familyName &&
    a.active === b.active &&
    a.externalId === b.externalId
  );
}
