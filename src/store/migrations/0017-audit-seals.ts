import type { Kysely, Migration } from 'kysely';
import { eventSealMessage, headSealMessage, type AuditSealer } from '../../domain/audit-chain.js';

interface Trail {
  accounts: { account_id: string; audit_seq: number; audit_hash: string; audit_head_seal: string | null };
  audit_events: { account_id: string; seq: number; hash: string; seal: string | null };
}

const BATCH = 1000;

/**
 * Every event and every account's chain head get a seal made with the server's key (see
 * domain/audit-chain.ts). The trail already there is sealed here, once, as it stands: from now
 * on an event or a head without its seal is a break.
 */
export function auditSeals(seal: AuditSealer): Migration {
  return {
    async up(untyped: Kysely<unknown>): Promise<void> {
      await untyped.schema.alterTable('audit_events').addColumn('seal', 'text').execute();
      await untyped.schema.alterTable('accounts').addColumn('audit_head_seal', 'text').execute();
      const db = untyped as unknown as Kysely<Trail>;
      for (let after = ''; ;) {
        const accounts = await db
          .selectFrom('accounts')
          .select(['account_id', 'audit_seq', 'audit_hash'])
          .where('account_id', '>', after)
          .orderBy('account_id')
          .limit(BATCH)
          .execute();
        for (const account of accounts) {
          const events = await db
            .selectFrom('audit_events')
            .select(['seq', 'hash'])
            .where('account_id', '=', account.account_id)
            .execute();
          for (const event of events)
            await db
              .updateTable('audit_events')
              .set({ seal: seal.seal(eventSealMessage(account.account_id, event.seq, event.hash)) })
              .where('account_id', '=', account.account_id)
              .where('seq', '=', event.seq)
              .execute();
          await db
            .updateTable('accounts')
            .set({
              audit_head_seal: seal.seal(headSealMessage(account.account_id, account.audit_seq, account.audit_hash)),
            })
            .where('account_id', '=', account.account_id)
            .execute();
        }
        if (accounts.length < BATCH) return;
        after = accounts[accounts.length - 1]!.account_id;
      }
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('accounts').dropColumn('audit_head_seal').execute();
      await db.schema.alterTable('audit_events').dropColumn('seal').execute();
    },
  };
}
