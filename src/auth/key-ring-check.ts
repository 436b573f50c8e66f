import type { Kysely } from 'kysely';
import { ConfigError } from '../config.js';
import { AUDIT_SEAL_PURPOSE, headSealMessage } from '../domain/audit-chain.js';
import type { Database } from '../store/schema.js';
import { SecretBox } from './secret-box.js';

/** What each key's canary signs: a row of `secret_key_canaries` holds only if the ring holds that very key. */
const CANARY_MESSAGE = 'tessera-secret-key-canary';
const CANARY_PURPOSE = 'secret-key-canary';

/**
 * Checks at start, in one small read, that the server's ring opens what this database holds: every
 * key that sealed something here left a canary row when it first became the newest, and `tessera
 * reseal` deletes a retired key's row once nothing it sealed is left. A ring that lacks one of
 * them, or holds another key under its id, stops start-up with one line naming the setting and
 * the key, rather than answering 500 at the first sealed value. Then the newest key's canary is
 * written, before it seals anything. `source` names where the ring comes from.
 */
export async function checkKeyRing(db: Kysely<Database>, box: SecretBox, source: string, now: number): Promise<void> {
  const rows = await db.selectFrom('secret_key_canaries').selectAll().execute();
  if (rows.length === 0) {
    // The first start since keys have ids: find the key the values already stored were sealed with.
    const legacy = await legacyKeyId(db, box);
    if (legacy === null) throw refusal(source, 'sealed before keys had ids, with the key this server had then');
    if (legacy !== undefined) await writeCanary(db, box, legacy, now);
  }
  const failing = rows.filter((row) => !box.signatureHolds(CANARY_MESSAGE, CANARY_PURPOSE, row.canary));
  if (failing.length > 0) throw refusal(source, `sealed with key ${failing.map((row) => row.key_id).join(', ')}`);
  if (!rows.some((row) => row.key_id === box.newestKeyId)) await writeCanary(db, box, box.newestKeyId, now);
}

function refusal(source: string, which: string): ConfigError {
  return new ConfigError(
    `${source} does not open the secrets stored in this database (${which}): put the key that sealed them in the ring, after the newest (TESSERA_SECRET_KEY=new,old), then run tessera reseal before retiring it.`,
  );
}

async function writeCanary(db: Kysely<Database>, box: SecretBox, keyId: string, now: number): Promise<void> {
  await db
    .insertInto('secret_key_canaries')
    .values({ key_id: keyId, canary: box.signWith(keyId, CANARY_MESSAGE, CANARY_PURPOSE), created_at: now })
    .onConflict((conflict) => conflict.column('key_id').doNothing())
    .execute();
}

/**
 * The ring's key that sealed a value stored before keys had ids (an account's chain head, else an
 * access key's secret): undefined when there is none, null when no key of the ring opens it.
 */
async function legacyKeyId(db: Kysely<Database>, box: SecretBox): Promise<string | undefined | null> {
  const head = await db
    .selectFrom('accounts')
    .select(['account_id', 'audit_seq', 'audit_hash', 'audit_head_seal'])
    .where('audit_head_seal', 'is not', null)
    .where('audit_head_seal', 'not like', '%.%')
    .limit(1)
    .executeTakeFirst();
  if (head)
    return (
      box.signatureKeyId(
        headSealMessage(head.account_id, head.audit_seq, head.audit_hash),
        AUDIT_SEAL_PURPOSE,
        head.audit_head_seal!,
      ) ?? null
    );
  const key = await db
    .selectFrom('access_keys')
    .select(['access_key_id', 'secret_sealed'])
    .where('secret_sealed', 'not like', '%.%')
    .limit(1)
    .executeTakeFirst();
  if (key) return box.openingKeyId(key.secret_sealed, key.access_key_id) ?? null;
  return undefined;
}

/**
 * Written again a minute apart by every serving process: one still sealing with a key that
 * `tessera reseal` retired meanwhile (restarted with the new ring too late) puts its canary back,
 * so that a later start without that key is refused rather than failing on what it sealed.
 */
export function keepNewestCanary(db: Kysely<Database>, box: SecretBox, now: number): Promise<void> {
  return writeCanary(db, box, box.newestKeyId, now);
}

/** Deletes the canary of every key but the newest: nothing they sealed is left (`tessera reseal` counted). */
export async function retireOlderCanaries(db: Kysely<Database>, box: SecretBox): Promise<string[]> {
  const gone = await db
    .deleteFrom('secret_key_canaries')
    .where('key_id', '<>', box.newestKeyId)
    .returning('key_id')
    .execute();
  return gone.map((row) => row.key_id);
}
