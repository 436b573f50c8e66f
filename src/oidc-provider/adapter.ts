import type { Kysely } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import {
  consumeProviderRecord,
  destroyProviderRecord,
  findProviderRecord,
  findProviderRecordBy,
  revokeProviderGrant,
  upsertProviderRecord,
  type PayloadSealer,
  type ProviderPayload,
} from '../store/oidc-provider-records.js';
import type { Database } from '../store/schema.js';

/**
 * oidc-provider's storage in Tessera's database, shared by every instance: one class per model
 * (Session, Interaction, Grant, AuthorizationCode, AccessToken, RefreshToken…), rows of one table.
 * What expires is swept with the rest (store/expiry-sweeps.ts). Rows are keyed by a digest of the
 * id (a code or opaque token is its own id) and their payloads sealed with the server key.
 */
export function databaseAdapter(
  db: Kysely<Database>,
  box: PayloadSealer,
  now: () => number,
): new (model: string) => Adapter {
  return class DatabaseAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      await upsertProviderRecord(db, box, this.model, id, payload as ProviderPayload, now() + expiresIn * 1000, now());
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return (await findProviderRecord(db, box, this.model, id, now())) as AdapterPayload | undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return (await findProviderRecordBy(db, box, this.model, 'uid', uid, now())) as AdapterPayload | undefined;
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return (await findProviderRecordBy(db, box, this.model, 'user_code', userCode, now())) as
        AdapterPayload | undefined;
    }

    async consume(id: string): Promise<void> {
      await consumeProviderRecord(db, this.model, id, now());
    }

    async destroy(id: string): Promise<void> {
      await destroyProviderRecord(db, this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await revokeProviderGrant(db, grantId);
    }
  };
}
