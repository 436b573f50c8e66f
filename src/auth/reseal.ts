import { sql, type Kysely, type RawBuilder } from 'kysely';
import {
  AUDIT_SEAL_PURPOSE,
  CHECKPOINT_PURPOSE,
  checkpointMessage,
  eventSealMessage,
  headSealMessage,
} from '../domain/audit-chain.js';
import { PROVIDER_KEY_LABEL } from '../store/oidc-provider-keys.js';
import { providerRecordLabel } from '../store/oidc-provider-records.js';
import type { Database } from '../store/schema.js';
import type { SecretBox } from './secret-box.js';

type Row = Record<string, string | number | null>;

/**
 * A column of sealed values: the table, its key (keyset order), the columns a new seal is
 * computed from and checked against (compare-and-set), and how a value is sealed anew with the
 * newest key — undefined when the old one does not open, or its seal does not hold: a broken
 * value is left as found, never sealed again as if it were sound.
 */
interface SealedColumn {
  table: string;
  keys: string[];
  column: string;
  /** Columns that must still hold what they held when the value was read (an audit head moved meanwhile). */
  alsoUnchanged?: string[];
  reseal(box: SecretBox, row: Row, value: string): string | undefined;
}

const text = (row: Row, column: string) => String(row[column]);

function reopened(label: (row: Row) => string) {
  return (box: SecretBox, row: Row, value: string) => {
    try {
      return box.seal(box.open(value, label(row)), label(row));
    } catch {
      return undefined;
    }
  };
}

function resigned(purpose: string, message: (row: Row) => string) {
  return (box: SecretBox, row: Row, value: string) =>
    box.signatureHolds(message(row), purpose, value) ? box.sign(message(row), purpose) : undefined;
}

/**
 * Every value sealed or signed with the server's ring. A new sealed column goes here, or `tessera
 * reseal` leaves it under the old key and keeps that key's canary (the start-up check keeps asking
 * for the key).
 */
export const SEALED_COLUMNS: SealedColumn[] = [
  {
    table: 'access_keys',
    keys: ['access_key_id'],
    column: 'secret_sealed',
    reseal: reopened((row) => text(row, 'access_key_id')),
  },
  {
    table: 'totp_factors',
    keys: ['user_id'],
    column: 'secret_sealed',
    reseal: reopened((row) => `totp:${text(row, 'user_id')}`),
  },
  {
    table: 'operations',
    keys: ['operation_id'],
    column: 'input_sealed',
    reseal: reopened((row) => text(row, 'operation_id')),
  },
  {
    table: 'operations',
    keys: ['operation_id'],
    column: 'result_sealed',
    reseal: reopened((row) => `result:${text(row, 'operation_id')}`),
  },
  {
    table: 'idempotency_keys',
    keys: ['key_hash'],
    column: 'answer_sealed',
    reseal: reopened((row) => `idempotency:${text(row, 'key_hash')}`),
  },
  {
    table: 'outbox',
    keys: ['mail_id'],
    column: 'payload',
    // A mail queued before payloads were sealed holds plain JSON: sealed now.
    reseal: (box, row, value) => {
      const label = `outbox:${text(row, 'mail_id')}`;
      return value.startsWith('{') ? box.seal(value, label) : reopened(() => label)(box, row, value);
    },
  },
  {
    table: 'oidc_provider_keys',
    keys: ['kid'],
    column: 'jwk_sealed',
    reseal: reopened(() => PROVIDER_KEY_LABEL),
  },
  {
    table: 'oidc_provider_records',
    keys: ['record_key'],
    column: 'payload',
    reseal: reopened((row) => providerRecordLabel(text(row, 'record_key'))),
  },
  {
    table: 'audit_events',
    keys: ['account_id', 'seq'],
    column: 'seal',
    alsoUnchanged: ['hash'],
    reseal: resigned(AUDIT_SEAL_PURPOSE, (row) =>
      eventSealMessage(text(row, 'account_id'), Number(row.seq), text(row, 'hash')),
    ),
  },
  {
    table: 'accounts',
    keys: ['account_id'],
    column: 'audit_head_seal',
    alsoUnchanged: ['audit_seq', 'audit_hash'],
    reseal: resigned(AUDIT_SEAL_PURPOSE, (row) =>
      headSealMessage(text(row, 'account_id'), Number(row.audit_seq), text(row, 'audit_hash')),
    ),
  },
  {
    table: 'audit_checkpoints',
    keys: ['account_id'],
    column: 'signature',
    alsoUnchanged: ['seq', 'hash'],
    reseal: resigned(CHECKPOINT_PURPOSE, (row) =>
      checkpointMessage(text(row, 'account_id'), Number(row.seq), text(row, 'hash')),
    ),
  },
];

export interface ResealCount {
  /** `table.column`. */
  values: string;
  /** Sealed again with the newest key. */
  resealed: number;
  /** Changed by someone else between the read and the write: left to them (sealed with their newest key). */
  changedMeanwhile: number;
  /** Did not open, or its seal did not hold, under any key of the ring: left as found. */
  broken: number;
}

const BATCH = 500;

/** `column` is not sealed with the ring's newest key (nor null). */
function notNewest(column: string, box: SecretBox): RawBuilder<unknown> {
  const prefix = `${box.newestKeyId}.`;
  return sql`${sql.ref(column)} is not null and substr(${sql.ref(column)}, 1, ${prefix.length}) <> ${prefix}`;
}

/**
 * Seals every value of one column again with the newest key of the ring, a batch of rows at a
 * time in key order; each row in its own short statement (its own transaction), which writes only
 * if the row still holds what was read (compare-and-set), so that it is safe beside serving
 * processes and can be run again: what is already under the newest key is not read.
 */
export async function resealColumn(db: Kysely<Database>, box: SecretBox, target: SealedColumn): Promise<ResealCount> {
  const count = { values: `${target.table}.${target.column}`, resealed: 0, changedMeanwhile: 0, broken: 0 };
  const read = [...new Set([...target.keys, target.column, ...(target.alsoUnchanged ?? [])])];
  const keyList = sql.join(target.keys.map((key) => sql.ref(key)));
  let after: Row | undefined;
  for (;;) {
    const keyset = after ? sql`and (${keyList}) > (${sql.join(target.keys.map((key) => after![key]))})` : sql``;
    const { rows } = await sql<Row>`select ${sql.join(read.map((column) => sql.ref(column)))} from ${sql.table(
      target.table,
    )} where ${notNewest(target.column, box)} ${keyset} order by ${keyList} limit ${BATCH}`.execute(db);
    for (const row of rows) {
      const old = text(row, target.column);
      const fresh = target.reseal(box, row, old);
      if (fresh === undefined) {
        count.broken += 1;
        continue;
      }
      const same = [...target.keys, target.column, ...(target.alsoUnchanged ?? [])].map(
        (column) => sql`${sql.ref(column)} = ${row[column]}`,
      );
      const result =
        await sql`update ${sql.table(target.table)} set ${sql.ref(target.column)} = ${fresh} where ${sql.join(
          same,
          sql` and `,
        )}`.execute(db);
      if (Number(result.numAffectedRows ?? 0n) === 1) count.resealed += 1;
      else count.changedMeanwhile += 1;
    }
    if (rows.length < BATCH) return count;
    after = rows[rows.length - 1];
  }
}

/** How many values of the column are still not sealed with the newest key. */
export async function countNotNewest(db: Kysely<Database>, box: SecretBox, target: SealedColumn): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(
    target.table,
  )} where ${notNewest(target.column, box)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
