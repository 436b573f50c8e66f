import { createHash } from 'node:crypto';
import { ApiError, say } from '../../domain/errors.js';
import { findKeptAnswer, keepAnswer } from '../../store/idempotency-keys.js';
import type { WriteTransaction } from '../../store/transaction.js';
import { AwaitingValidation } from './operation-output.js';
import type { AnyCall, CallContext, Principal } from './registry.js';

/** How long an answer is kept for its key: a day, as the IETF draft and the field's APIs do. */
const KEPT_MS = 24 * 60 * 60_000;

/** What a write answered: its output, or the operation it became under advanced security (202). */
export type Answer = { status: 200; output: Record<string, unknown> } | { status: 202; operation: object };

/** A write sent with an idempotency key: where its answer is kept, and what it asked. */
export interface IdempotentRequest {
  keyHash: string;
  userId: string;
  requestHash: string;
}

/** JSON with the members of every object in one order: the same request hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The request's idempotency key, where one applies: a write (not a DryRun) by a caller with a
 * credential, whose keys are theirs alone — another user's key with the same text is another key.
 */
export function idempotentRequest(
  call: AnyCall,
  { idempotencyKey, principal, input }: CallContext<Record<string, unknown>, Principal | undefined>,
): IdempotentRequest | undefined {
  if (!idempotencyKey || call.effect !== 'write' || !principal || principal.via === 'operation') return undefined;
  if (input.DryRun === true) return undefined;
  return {
    keyHash: sha256(`${principal.userId}\n${idempotencyKey}`),
    userId: principal.userId,
    requestHash: sha256(`${call.name}\n${canonicalJson(input)}`),
  };
}

function keyReused(): ApiError {
  return new ApiError(
    'IdempotencyKeyReused',
    say(
      'This Idempotency-Key was already used for another request: send a new key with each new request.',
      'Cette clé Idempotency-Key a déjà servi pour une autre requête : envoyez une nouvelle clé avec chaque nouvelle requête.',
    ),
  );
}

/**
 * The answer a request with this key got before, if any: the same request is answered the same
 * (an operation it became, as a 202 again); another request with the key is refused (422).
 */
export async function earlierAnswer(
  request: IdempotentRequest,
  { services }: Pick<CallContext<unknown, unknown>, 'services'>,
): Promise<Record<string, unknown> | undefined> {
  const kept = await findKeptAnswer(services.store.db, request.keyHash, services.now());
  if (!kept) return undefined;
  if (kept.request_hash !== request.requestHash) throw keyReused();
  const answer = JSON.parse(services.secrets.open(kept.answer_sealed, `idempotency:${request.keyHash}`)) as Answer;
  if (answer.status === 202) throw new AwaitingValidation(answer.operation as AwaitingValidation['operation']);
  return answer.output;
}

/** Another request with the same key committed while this one ran: its answer is the one to give. */
class AnsweredMeanwhile extends Error {
  constructor() {
    super('a request with the same idempotency key committed first');
  }
}

/** Keeps what the request answers, in its change's transaction: both commit, or neither. */
export async function keepAnswerFor(
  tx: WriteTransaction,
  request: IdempotentRequest,
  { services }: Pick<CallContext<unknown, unknown>, 'services'>,
  answer: Answer,
): Promise<void> {
  const now = services.now();
  const kept = await keepAnswer(
    tx.db,
    {
      key_hash: request.keyHash,
      user_id: request.userId,
      request_hash: request.requestHash,
      status: answer.status,
      answer_sealed: services.secrets.seal(JSON.stringify(answer), `idempotency:${request.keyHash}`),
      expires_at: now + KEPT_MS,
    },
    now,
  );
  if (!kept) throw new AnsweredMeanwhile();
}
