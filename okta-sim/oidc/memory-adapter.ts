/**
 * oidc-provider storage held by one simulator instance (its default adapter is shared by every
 * provider in the process). State ends with the simulator, as a test double's should.
 * Adapter contract: github.com/panva/node-oidc-provider/blob/v9.x/example/my_adapter.js
 */
type Payload = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string; consumed?: number };

export function memoryAdapterFactory(now: () => number = Date.now) {
  const store = new Map<string, { payload: Payload; expiresAt: number | undefined }>();
  const grants = new Map<string, Set<string>>();

  const live = (key: string): Payload | undefined => {
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= now()) {
      store.delete(key);
      return undefined;
    }
    return entry.payload;
  };

  return class SimMemoryAdapter {
    constructor(readonly model: string) {}

    key(id: string): string {
      return `${this.model}:${id}`;
    }

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      const key = this.key(id);
      store.set(key, { payload, expiresAt: expiresIn ? now() + expiresIn * 1000 : undefined });
      if (payload.grantId) {
        const set = grants.get(payload.grantId) ?? new Set<string>();
        set.add(key);
        grants.set(payload.grantId, set);
      }
    }

    async find(id: string): Promise<Payload | undefined> {
      return live(this.key(id));
    }

    async findByUserCode(userCode: string): Promise<Payload | undefined> {
      for (const [key, { payload }] of store) {
        if (key.startsWith(`${this.model}:`) && payload.userCode === userCode) return live(key);
      }
      return undefined;
    }

    async findByUid(uid: string): Promise<Payload | undefined> {
      for (const [key, { payload }] of store) {
        if (key.startsWith(`${this.model}:`) && payload.uid === uid) return live(key);
      }
      return undefined;
    }

    async consume(id: string): Promise<void> {
      const p = live(this.key(id));
      if (p) p.consumed = Math.floor(now() / 1000);
    }

    async destroy(id: string): Promise<void> {
      store.delete(this.key(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      for (const key of grants.get(grantId) ?? []) store.delete(key);
      grants.delete(grantId);
    }
  };
}
