import type { Kysely, Selectable } from 'kysely';
import type { Database, SupportCodesTable } from './schema.js';

export type SupportCodeRow = Selectable<SupportCodesTable>;

/** A user's new code replaces the ones they had not used. */
export async function replaceSupportCode(db: Kysely<Database>, row: SupportCodeRow): Promise<void> {
  await db.deleteFrom('support_codes').where('user_id', '=', row.user_id).where('used_at', 'is', null).execute();
  await db.insertInto('support_codes').values(row).execute();
}

export async function findSupportCode(db: Kysely<Database>, codeHash: string): Promise<SupportCodeRow | undefined> {
  return db.selectFrom('support_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
}

/** Spends a code once: false when another check spent it first. */
export async function spendSupportCode(db: Kysely<Database>, codeHash: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('support_codes')
    .set({ used_at: now })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
