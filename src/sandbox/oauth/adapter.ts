import type { Adapter, AdapterPayload } from './oidc-provider.ts';

/**
 * oidc-provider's storage for one sandbox: its own maps, so two reference ASPSPs in one process
 * never see each other's tokens (the library's default memory adapter is process-wide).
 */
export function createMemoryAdapter(): new (model: string) => Adapter {
  const items = new Map<string, { payload: AdapterPayload; expiresAt?: number }>();
  const byUid = new Map<string, string>();
  const byUserCode = new Map<string, string>();
  const grants = new Map<string, Set<string>>();

  return class MemoryAdapter implements Adapter {
    constructor(readonly model: string) {}

    private key(id: string): string {
      return `${this.model}:${id}`;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const key = this.key(id);
      items.set(key, { payload, ...(expiresIn ? { expiresAt: Date.now() + expiresIn * 1000 } : {}) });
      if (payload.grantId) grants.set(payload.grantId, (grants.get(payload.grantId) ?? new Set()).add(key));
      if (payload.uid) byUid.set(payload.uid, id);
      if (payload.userCode) byUserCode.set(payload.userCode, id);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      const item = items.get(this.key(id));
      if (!item) return undefined;
      if (item.expiresAt !== undefined && item.expiresAt < Date.now()) {
        items.delete(this.key(id));
        return undefined;
      }
      return item.payload;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const id = byUid.get(uid);
      return id === undefined ? undefined : this.find(id);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const id = byUserCode.get(userCode);
      return id === undefined ? undefined : this.find(id);
    }

    async consume(id: string): Promise<void> {
      const item = items.get(this.key(id));
      if (item) item.payload = { ...item.payload, consumed: Math.floor(Date.now() / 1000) };
    }

    async destroy(id: string): Promise<void> {
      items.delete(this.key(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      for (const key of grants.get(grantId) ?? []) items.delete(key);
      grants.delete(grantId);
    }
  };
}
