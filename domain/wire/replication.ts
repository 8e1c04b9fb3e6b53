/**
 * The wire contract of the sync API (RxDB's HTTP replication protocol, docs-src/docs/replication-http.md):
 * pull by checkpoint, push with the assumed master state, a live stream that says when to pull.
 * The server's routes and the desktop's sync proxy (main, where the server's answers enter) parse with these schemas.
 *
 *   GET  /api/v1/replication/:collection/pull?tx=<tx>&checkpoint=<seq>&epoch=<id>&limit=<n>  → PullResponse
 *   POST /api/v1/replication/:collection/push   body PushRequest          → PushResponse
 *   GET  /api/v1/replication/stream   text/event-stream of StreamEvent (`data:` lines, JSON)
 *
 * Every call carries `Authorization: Bearer <Okta access token>`. Errors are `ErrorBody`.
 */
import { z } from 'zod';
import type { DenyReason } from '../policy';
import { Id } from '../records';
import { type CollectionName, RECORD_SCHEMAS } from './collections';

export const API_PREFIX = '/api/v1';

/**
 * The replication routes: the server registers these patterns, the desktop's sync proxy calls
 * them and the server's gate limits the push by them, so a path is written once.
 */
export const REPLICATION_ROUTES = {
  pull: { method: 'GET', path: '/api/v1/replication/:collection/pull' },
  push: { method: 'POST', path: '/api/v1/replication/:collection/push' },
  stream: { method: 'GET', path: '/api/v1/replication/stream' },
} as const;

/** A store epoch: a random id the store gets when it is made and at every restore from a backup. */
export const StoreEpoch = z.string().regex(/^[0-9a-f-]{8,64}$/, 'epoch is the id of the store a checkpoint came from');

/**
 * Checkpoints are positions in the server's write order, never client clocks: `tx`, the writing
 * transaction, then `seq` within it, in one store epoch. After a restore the order goes back, so
 * a position from another epoch means nothing (the replica is told to start over, `resync`
 * below). Replicas made before epochs or before `tx` hold checkpoints without them: they start
 * over too.
 */
export const Checkpoint = z.object({
  tx: z.number().int().nonnegative().optional(),
  seq: z.number().int().nonnegative(),
  epoch: StoreEpoch.optional(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/** The pull query parameters that send `checkpoint` back (see `PullQuery`). */
export function checkpointParams(checkpoint: Checkpoint | null | undefined): Record<string, string> {
  if (checkpoint === null || checkpoint === undefined) return {};
  return {
    ...(checkpoint.tx === undefined ? {} : { tx: String(checkpoint.tx) }),
    checkpoint: String(checkpoint.seq),
    ...(checkpoint.epoch === undefined ? {} : { epoch: checkpoint.epoch }),
  };
}

export const PULL_LIMIT_DEFAULT = 500;
export const PULL_LIMIT_MAX = 2000;
export const PUSH_ROWS_MAX = 500;

/** `tx` and `checkpoint` are the last checkpoint's `tx` and `seq`; absent on a fresh replica. */
export const PullQuery = z.object({
  tx: z
    .string()
    .regex(/^\d{1,15}$/, 'tx is the decimal tx of a previous pull')
    .transform(Number)
    .optional(),
  checkpoint: z
    .string()
    .regex(/^\d{1,15}$/, 'checkpoint is the decimal seq of a previous pull')
    .transform(Number)
    .optional(),
  epoch: StoreEpoch.optional(),
  limit: z.coerce.number().int().min(1).max(PULL_LIMIT_MAX).default(PULL_LIMIT_DEFAULT),
});
export type PullQuery = z.infer<typeof PullQuery>;

/** RxDB's deleted flag travels in the document (`deletedField: '_deleted'`). */
export const DELETED = '_deleted';

/**
 * A tombstone carries only the id: the item was deleted, or the user lost access to it, and
 * the replica must drop it. It never repeats the fields of an item the user may no longer see.
 */
export const Tombstone = z.object({ id: Id, _deleted: z.literal(true) });
export type Tombstone = z.infer<typeof Tombstone>;

export type LiveDoc<C extends CollectionName> = z.infer<(typeof RECORD_SCHEMAS)[C]> & { _deleted: false };
export type WireDoc<C extends CollectionName> = LiveDoc<C> | Tombstone;

/**
 * Each collection's wire schemas are built once and kept: Zod compiles a schema on its first
 * parse, and building one per request made that compilation a fifth of the server's work per push.
 */
function perCollection<Make extends (collection: CollectionName) => unknown>(make: Make): Make {
  const built = new Map<CollectionName, unknown>();
  return ((collection: CollectionName) => {
    if (!built.has(collection)) built.set(collection, make(collection));
    return built.get(collection);
  }) as Make;
}

export const liveDocSchema = perCollection(<C extends CollectionName>(collection: C) =>
  RECORD_SCHEMAS[collection].extend({ _deleted: z.literal(false) }),
);

/** What a client may send as a document state: the record with `_deleted`, or a tombstone. */
export const pushedDocSchema = perCollection(<C extends CollectionName>(collection: C) =>
  z.union([RECORD_SCHEMAS[collection].extend({ _deleted: z.boolean() }), Tombstone]),
);

export const pushRequestSchema = perCollection(<C extends CollectionName>(collection: C) => {
  const doc = pushedDocSchema(collection);
  return z.array(z.object({ newDocumentState: doc, assumedMasterState: doc.nullable().optional() })).max(PUSH_ROWS_MAX);
});

export const pullResponseSchema = perCollection(<C extends CollectionName>(collection: C) =>
  z.object({
    documents: z.array(z.union([liveDocSchema(collection), Tombstone])),
    checkpoint: Checkpoint,
    resync: z.literal(true).optional(),
  }),
);

/**
 * `resync: true` (with no documents and the checkpoint `{ tx: 0, seq: 0, epoch }`) says the
 * replica's checkpoint is from another store epoch, or from before write positions: the store was
 * restored from a backup, or upgraded. The replica pulls everything again from that checkpoint and drops what it holds
 * that the answer does not bring back, so it neither misses records nor keeps deleted ones.
 */
export interface PullResponse<C extends CollectionName> {
  documents: WireDoc<C>[];
  checkpoint: Checkpoint;
  resync?: true;
}

/** Why the server refused a pushed change. `DenyReason` comes from the domain policy. */
export type ConflictReason = DenyReason | 'read_only_collection' | 'server_owned_field' | 'invalid_change';
export const CONFLICT_REASONS_EXTRA = ['read_only_collection', 'server_owned_field', 'invalid_change'] as const;

/**
 * One conflict per refused or stale row. `document` is the server's state as this user may
 * see it (a tombstone when they may not see it at all). Without `reason` it is an ordinary
 * stale-write conflict: merge and push again. With `reason` the change was refused: take the
 * server's state, and show `message` to the user.
 */
export const PushConflict = z.object({
  document: z.looseObject({ id: Id, _deleted: z.boolean() }),
  reason: z.string().optional(),
  message: z.string().optional(),
});
/** As parsed by a client (reasons it does not know yet stay strings). */
export type PushConflict = z.infer<typeof PushConflict>;
/** As the server builds it. */
export type ServerPushConflict = { document: WireDoc<CollectionName>; reason?: ConflictReason; message?: string };
export const PushResponse = z.object({ conflicts: z.array(PushConflict) });
/** As parsed by a client: its conflicts are `PushConflict`s (the server builds `ServerPushConflict`s). */
export type PushResponse = z.infer<typeof PushResponse>;

/**
 * Server-sent events, one JSON object per `data:` line. `RESYNC` is sent first on every
 * (re)connection: the client missed an unknown number of changes and must pull. `change`
 * names collections that have new writes since `seq` moved.
 */
export const StreamEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('RESYNC') }),
  z.object({ type: z.literal('change'), collections: z.array(z.string()), seq: z.number().int() }),
]);
export type StreamEvent = z.infer<typeof StreamEvent>;

export const ERROR_CODES = [
  'unauthenticated',
  'user_not_provisioned',
  'user_inactive',
  'bad_request',
  'invalid_json',
  'unknown_collection',
  'payload_too_large',
  'not_found',
  'internal',
  'unavailable',
  'rate_limited',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorBody = { error: { code: ErrorCode; message: string } };
