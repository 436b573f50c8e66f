import type { Kysely, Transaction } from 'kysely';
import { hashToken } from '../../auth/session-service.js';
import { type Language, type Localized } from '../../domain/errors.js';
import { changesOf, tokenRecipients, type Change, type Validator } from '../../domain/operations.js';
import { changeLine, sayAction, sayChanges, sayPerson, type SaidOperation } from '../../phrases/operation-words.js';
import type { AccountRow } from '../../store/accounts.js';
import { randomDigits, randomUpperAlnum } from '../../store/ids.js';
import { accountUsers, insertOperation, type OperationRow } from '../../store/operations.js';
import type { Database } from '../../store/schema.js';
import type { WriteTransaction } from '../../store/transaction.js';
import type { UserRow } from '../../store/users.js';
import { pipelineErrors } from './errors.js';
import { queueMail } from './mail-queue.js';
import { operationOutput, type OperationOutput } from './operation-output.js';
import { queueWebhook } from './operation-webhook.js';
import { firstNameOf, namesOf, personName, type People } from './people.js';
import { rightsOf, type Requester } from './principal.js';
import type { AnyCall, Sensitivity, Services } from './registry.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A user of the account who may receive tokens, with what their mail needs. */
export interface AccountValidator extends Validator {
  user: UserRow;
}

/** The account's token validators: the users holding TokenValidator (the owner holds every right). */
export async function accountValidators(
  tx: { db: Db },
  services: Services,
  accountId: string,
): Promise<AccountValidator[]> {
  return validatorsAmong(await accountUsers(tx.db, accountId), services);
}

/** Which of an account's users, already read, are its token validators. */
function validatorsAmong(users: readonly UserRow[], services: Services): AccountValidator[] {
  return users
    .filter((user) => rightsOf(user, services).has('TokenValidator'))
    .map((user) => ({
      user,
      userId: user.user_id,
      name: personName(user),
      enabled: user.disabled_at === null,
      emailConfirmed: user.email !== null && user.email_confirmed_at !== null,
    }));
}

/**
 * The console's page of one operation. A query, not a fragment: it reaches the console whole
 * through sign-in and through mail filters that rewrite links.
 */
export function operationLink(services: Services, operationId: string): string {
  return `${services.config.publicUrl.origin}/operations?id=${encodeURIComponent(operationId)}`;
}

/** An operation as its mails say it, in one reader's language. */
function saidOperation(
  row: Pick<OperationRow, 'action' | 'summary' | 'changes' | 'requester_id' | 'subject_id'>,
  names: People,
  language: Language,
): SaidOperation {
  const requester = names.get(row.requester_id);
  const subject = row.subject_id === null ? undefined : names.get(row.subject_id);
  const summary = row.summary ? (JSON.parse(row.summary) as Localized)[language] : undefined;
  return {
    Action: row.action,
    ...(summary ? { Summary: summary } : {}),
    Changes: JSON.parse(row.changes) as Change[],
    ...(requester ? { Requester: requester } : {}),
    ...(subject ? { Subject: subject } : {}),
  };
}

/**
 * Turns a sensitive call into a pending operation, in one transaction: the operation with its
 * sealed input, one hashed token per validator who may confirm it, and each one's mail.
 */
export async function requestOperation(
  tx: WriteTransaction,
  services: Services,
  request: {
    call: AnyCall;
    principal: Requester;
    input: Record<string, unknown>;
    account: AccountRow;
    subjectId: string | undefined;
  },
): Promise<OperationOutput> {
  const { call, principal, input, account, subjectId } = request;
  const before = call.sensitive?.before ? await call.sensitive.before(input, { db: tx.db, principal, account }) : {};
  return createOperation(tx, services, {
    account,
    requesterId: principal.userId,
    action: call.name,
    kind: 'call',
    input,
    changes: changesOf(input, before),
    ...(subjectId !== undefined ? { subjectId } : {}),
  });
}

/** What an operation is made of, whether it holds one of Tessera's calls or a platform's action. */
export interface OperationSpec {
  account: AccountRow;
  requesterId: string;
  action: string;
  kind: OperationRow['kind'];
  /** What runs once validated; sealed, as it may hold a password. */
  input: Record<string, unknown>;
  changes: Change[];
  summary?: Localized;
  webhookUrl?: string;
  /** The user the call acts on: it runs on them, or fails, whatever their name has become. */
  subjectId?: string;
}

/** The pending operation, its hashed tokens and each validator's mail, in the caller's transaction. */
export async function createOperation(
  tx: WriteTransaction,
  services: Services,
  spec: OperationSpec,
): Promise<OperationOutput> {
  const { account, changes } = spec;
  const now = services.now();
  const activation = spec.action === 'UpdateAccountSecurity' && account.advanced_security === 0;
  const users = await accountUsers(tx.db, account.account_id);
  // Turning the option on is proved by any validator's mailbox; once on, the policy decides.
  const recipients = tokenRecipients(
    validatorsAmong(users, services),
    spec.requesterId,
    activation ? 'AnyValidator' : account.validation_policy,
  );
  if (recipients.length === 0) throw pipelineErrors.NoTokenValidator();
  const operationId = `op-${randomUpperAlnum(16).toLowerCase()}`;
  const tokens = recipients.map((validator) => ({ validator, token: randomDigits(12) }));
  const row: OperationRow = {
    operation_id: operationId,
    account_id: account.account_id,
    requester_id: spec.requesterId,
    action: spec.action,
    kind: spec.kind,
    summary: spec.summary ? JSON.stringify(spec.summary) : null,
    webhook_url: spec.webhookUrl ?? null,
    input_sealed: services.secrets.seal(JSON.stringify(spec.input), operationId),
    changes: JSON.stringify(changes),
    state: 'pending',
    failure: null,
    wrong_tries: 0,
    decided_by: null,
    created_at: now,
    expires_at: now + services.config.operationMinutes * 60_000,
    decided_at: null,
    result_sealed: null,
    subject_id: spec.subjectId ?? null,
  };
  await insertOperation(
    tx.db,
    row,
    tokens.map(({ validator, token }) => ({ validatorId: validator.userId, tokenHash: hashToken(token) })),
  );
  const names = namesOf(users, account);
  // Named when the call acts on someone else than its requester.
  const subject = spec.subjectId === spec.requesterId ? undefined : names.get(spec.subjectId ?? '');
  for (const { validator, token } of tokens) {
    const language = validator.user.language as Language;
    const said = saidOperation(row, names, language);
    await queueMail(
      tx,
      services,
      {
        recipient: validator.user.email ?? '',
        language,
        template: 'operation-token',
        payload: {
          firstName: firstNameOf(validator.user, account),
          operationId,
          requester: sayPerson(names.get(spec.requesterId), language),
          subject: subject ? `${sayPerson(subject, language)}${subject.Email ? `, ${subject.Email}` : ''}` : '',
          action: sayAction(said, language),
          changes: sayChanges(said, language).map((change) => changeLine(change, language)),
          token,
          minutes: services.config.operationMinutes,
          link: operationLink(services, operationId),
        },
      },
      'always',
    );
  }
  return operationOutput(row, names, 'en');
}

/** Whether a sensitive call, with this input, waits for a validator on this account. */
export function needsValidation(
  sensitivity: Sensitivity<Record<string, unknown>>,
  input: Record<string, unknown>,
  account: AccountRow,
): boolean {
  return account.advanced_security === 1 || sensitivity.evenWhenOff?.(input) === true;
}

/** Mails the requester and the validators how an operation ended; a platform's operation is also posted to its webhook. */
export async function queueOutcome(
  tx: WriteTransaction,
  services: Services,
  row: OperationRow,
  account: AccountRow,
  outcome: {
    state: 'done' | 'failed' | 'cancelled' | 'expired';
    by?: string;
    failure?: Localized;
    /** The requester has a result to read once (ClaimOperationResult). */
    resultWaiting?: boolean;
  },
): Promise<void> {
  const users = await accountUsers(tx.db, row.account_id);
  const validators = new Set(validatorsAmong(users, services).map((validator) => validator.userId));
  const concerned = users.filter(
    (user) =>
      user.email &&
      user.email_confirmed_at !== null &&
      (user.user_id === row.requester_id || validators.has(user.user_id)),
  );
  const names = namesOf(users, account);
  for (const user of concerned) {
    const language = user.language as Language;
    await queueMail(
      tx,
      services,
      {
        recipient: user.email ?? '',
        language,
        template: 'operation-outcome',
        payload: {
          firstName: firstNameOf(user, account),
          operationId: row.operation_id,
          action: sayAction(saidOperation(row, names, language), language),
          outcome: outcome.state,
          by: outcome.by ? sayPerson(names.get(outcome.by), language) : '',
          failure: outcome.failure?.[language] ?? '',
          resultWaiting: outcome.resultWaiting === true && user.user_id === row.requester_id,
          link: operationLink(services, row.operation_id),
        },
      },
      'always',
    );
  }
  await queueWebhook(tx, services, row, { state: outcome.state, by: outcome.by, failure: outcome.failure?.en }, names);
}
