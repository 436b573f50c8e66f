import { createHash } from 'node:crypto';

/** One event as the chain sees it: every field but its own hash. */
export interface ChainedEvent {
  accountId: string;
  seq: number;
  at: number;
  actorId: string | null;
  actorName: string;
  interface: string;
  credential: string | null;
  ip: string;
  device: string;
  action: string;
  target: string | null;
  /** JSON of the changes, as stored. */
  changes: string;
  operationId: string | null;
  validatedBy: string | null;
  outcome: string;
  reason: string | null;
  prevHash: string;
}

/** The hash before an account's first event. */
export const GENESIS = '0'.repeat(64);

/**
 * SHA-256 of the event's canonical form: its fields in a fixed order, as a JSON array. A refusal's
 * reason, added later, comes last and only when there is one, so that earlier events keep their hash.
 */
export function eventHash(event: ChainedEvent): string {
  return createHash('sha256').update(canonicalForm(event)).digest('hex');
}

/** The text an event's hash is the SHA-256 of: anyone holding an export can hash it again. */
export function canonicalForm(event: ChainedEvent): string {
  const fields: unknown[] = [
    event.accountId,
    event.seq,
    event.at,
    event.actorId,
    event.actorName,
    event.interface,
    event.credential,
    event.ip,
    event.device,
    event.action,
    event.target,
    event.changes,
    event.operationId,
    event.validatedBy,
    event.outcome,
    event.prevHash,
  ];
  if (event.reason !== null) fields.push(event.reason);
  return JSON.stringify(fields);
}

/**
 * What the server signs, with its public-key signature, when it vouches for an account's chain
 * head: an exported trail that ends at this head can be checked by anyone holding the public key.
 */
export function exportedHeadMessage(accountId: string, seq: number, hash: string, signedAt: string): string {
  return JSON.stringify(['audit-head-export', accountId, seq, hash, signedAt]);
}

/** Where a chain breaks: the first event whose link, content or seal does not hold, and why. */
export interface ChainBreak {
  seq: number;
  reason: 'missing' | 'link' | 'content' | 'seal';
}

/**
 * Checks events of one account in order, starting after `previous` (the last verified event's
 * seq and hash, or the start): each follows the one before without a gap, points at its hash,
 * and hashes to what it says.
 */
export class ChainVerifier {
  private seq: number;
  private hash: string;

  constructor(
    private readonly seal: AuditSealer,
    previous: { seq: number; hash: string } = { seq: 0, hash: GENESIS },
  ) {
    this.seq = previous.seq;
    this.hash = previous.hash;
  }

  /** The break this event shows, if any; after a break, the chain is not followed further. */
  check(event: ChainedEvent & { hash: string; seal: string | null }): ChainBreak | undefined {
    if (event.seq !== this.seq + 1) return { seq: this.seq + 1, reason: 'missing' };
    if (event.prevHash !== this.hash) return { seq: event.seq, reason: 'link' };
    if (eventHash(event) !== event.hash) return { seq: event.seq, reason: 'content' };
    if (!sealHolds(this.seal, eventSealMessage(event.accountId, event.seq, event.hash), event.seal))
      return { seq: event.seq, reason: 'seal' };
    this.seq = event.seq;
    this.hash = event.hash;
    return undefined;
  }

  /**
   * Whether the chain, followed to its end, ends at the account's sealed head: events deleted from
   * the end (with the head moved back or not) break here, at the first event missing.
   */
  end(head: { accountId: string; seq: number; hash: string; seal: string | null }): ChainBreak | undefined {
    if (!headSealHolds(this.seal, head.accountId, head) || head.seq !== this.seq || head.hash !== this.hash)
      return { seq: this.seq + 1, reason: 'missing' };
    return undefined;
  }
}

/**
 * Whether an account's chain head is one the server sealed. An event appended after a head that
 * is not carries no seal: a trail cut short and its head moved back stays broken there, whatever
 * is appended after (ASVS 16.4.2).
 */
export function headSealHolds(
  seal: AuditSealer,
  accountId: string,
  head: { seq: number; hash: string; seal: string | null },
): boolean {
  return sealHolds(seal, headSealMessage(accountId, head.seq, head.hash), head.seal);
}

function sealHolds(seal: AuditSealer, message: string, given: string | null): boolean {
  return given !== null && seal.holds(message, given);
}

/**
 * A plain hash chain is recomputed by anyone who can write the database. Each event and the
 * chain's head on the account are also sealed with a key the database does not hold (the
 * server's, derived for AUDIT_SEAL_PURPOSE): a rewritten event fails its seal, and a chain cut
 * short no longer ends at the sealed head (ASVS 16.4.2). The head's message differs from an
 * event's, so that no event's seal can stand for an earlier head.
 */
export const AUDIT_SEAL_PURPOSE = 'audit-chain';

/**
 * Seals a message with the server's key — an HMAC only the server can make — and checks a seal.
 * A seal names the key of the server's ring that made it: seals made before a key rotation
 * still hold while the ring keeps the old key (see auth/secret-box.ts).
 */
export interface AuditSealer {
  seal(message: string): string;
  holds(message: string, given: string): boolean;
}

export function eventSealMessage(accountId: string, seq: number, hash: string): string {
  return JSON.stringify(['audit-event', accountId, seq, hash]);
}

export function headSealMessage(accountId: string, seq: number, hash: string): string {
  return JSON.stringify(['audit-head', accountId, seq, hash]);
}

/** A retention checkpoint is signed with the server key derived for this purpose. */
export const CHECKPOINT_PURPOSE = 'audit-checkpoint';

/** What a retention checkpoint signs: the account, and the last pruned event's place and hash. */
export function checkpointMessage(accountId: string, seq: number, hash: string): string {
  return JSON.stringify(['audit-checkpoint', accountId, seq, hash]);
}
