import { createHash } from 'node:crypto';
import { ApiError } from '../../domain/errors.js';
import { findKeptAnswer, keepAnswer } from '../../store/idempotency-keys.js';
import type { WriteTransaction } from '../../store/transaction.js';
import { pipelineErrors } from './errors.js';
import type { OperationOutput } from './operation-output.js';
import type { Principal } from './principal.js';
import type { AnyCall, CallContext, CallResult } from './registry.js';
import { recordSignature } from './replay-guard.js';

/**
 * How long an answer is kept for its key: long enough for any client's retries across a failover
 * (the console and the CLI give up within a minute), short for an answer that holds a secret.
 */
const KEPT_MS = 60 * 60_000;

/** What a write answered: its output, or the operation it became under advanced security (202). */
type Answer = { status: 200; output: Record<string, unknown> } | { status: 202; operation: object };

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
 * Which credential a request came with: a kept answer (a secret key, recovery codes) is given
 * again only to the session or the access key that asked, never to another of the same user.
 */
function credentialOf(principal: Principal): string {
  if (principal.via === 'session') return `session:${principal.sessionId}`;
  if (principal.via === 'signature') return `key:${principal.accessKeyId}`;
  return principal.via;
}

/**
 * The request's idempotency key, where one applies: a write (not a DryRun) by a caller with a
 * credential, whose keys are theirs alone — another credential's key with the same text, the
 * same user's included, is another key.
 */
export function idempotentRequest(
  call: AnyCall,
  { idempotencyKey, principal, input }: CallContext<Record<string, unknown>, Principal | undefined>,
): IdempotentRequest | undefined {
  if (!idempotencyKey || call.effect !== 'write' || !principal || principal.via === 'operation') return undefined;
  const { DryRun, ...asked } = input;
  if (DryRun === true) return undefined;
  return {
    keyHash: sha256(`${principal.userId}\n${credentialOf(principal)}\n${idempotencyKey}`),
    userId: principal.userId,
    // DryRun: false asks what no DryRun asks.
    requestHash: sha256(`${call.name}\n${canonicalJson(DryRun === undefined ? input : asked)}`),
  };
}

function keyReused(): ApiError {
  return pipelineErrors.IdempotencyKeyReused();
}

/**
 * The answer a request with this key got before, if any, for the same request; another request
 * with the key is refused (422).
 */
async function earlierAnswer(
  request: IdempotentRequest,
  { services }: Pick<CallContext<unknown, unknown>, 'services'>,
): Promise<Answer | undefined> {
  const kept = await findKeptAnswer(services.store.db, request.keyHash, services.now());
  if (!kept) return undefined;
  if (kept.request_hash !== request.requestHash) throw keyReused();
  return JSON.parse(services.secrets.open(kept.answer_sealed, `idempotency:${request.keyHash}`)) as Answer;
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

/**
 * What to answer a retry: the answer the same request with this key got (an operation it
 * became, as a 202 again), or undefined when there is none and the request must run. A signed
 * retry carries a new signature, which is recorded as any write's is: the very same signed bytes
 * sent again are a replay, refused as ever (ATK-50).
 */
export async function answerGivenBefore(
  request: IdempotentRequest | undefined,
  context: Pick<CallContext<unknown, Principal | undefined>, 'services' | 'principal'>,
): Promise<CallResult | undefined> {
  const answer = request && (await earlierAnswer(request, context));
  if (!answer) return undefined;
  const { principal, services } = context;
  if (principal?.via === 'signature') await services.store.transaction((tx) => recordSignature(tx, principal));
  return answer.status === 202
    ? { kind: 'awaiting-validation', operation: answer.operation as OperationOutput }
    : { kind: 'answered', output: answer.output };
}
