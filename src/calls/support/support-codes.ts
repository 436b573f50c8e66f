import { Type } from '@sinclair/typebox';
import { hashToken } from '../../auth/session-service.js';
import type { ApiError } from '../../domain/errors.js';
import { formatOapiDate } from '../../domain/oapi-dates.js';
import {
  newSupportCode,
  normalSupportCode,
  SUPPORT_CODE_LOCK_MINUTES,
  SUPPORT_CODE_MINUTES,
  SUPPORT_CODE_TRIES,
} from '../../domain/support-codes.js';
import { readAccount } from '../../store/accounts.js';
import { addAuthFailure, clearAuthFailures, findAuthFailures, lockSubject } from '../../store/auth-failures.js';
import { findSupportCode, replaceSupportCode, spendSupportCode } from '../../store/support-codes.js';
import { findUser } from '../../store/users.js';
import { recordEvent } from '../pipeline/audit-writer.js';
import { NoInput } from '../pipeline/call-parts.js';
import { personalNames } from '../pipeline/people.js';
import { defineCall } from '../pipeline/registry.js';
import { supportErrors } from './errors.js';

export const createSupportCode = defineCall({
  name: 'CreateSupportCode',
  summary: `A code to read to the platform's support when you contact it, so that they know it is you: ${SUPPORT_CODE_MINUTES} minutes, once. A new code replaces the previous one.`,
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'self' },
  effect: 'write',
  input: NoInput,
  output: Type.Object({
    Code: Type.String({ description: 'Eight letters and digits, as ABCD-EFGH.' }),
    ExpirationDate: Type.String(),
  }),
  async handler({ principal, services, tx }) {
    const code = newSupportCode();
    const now = services.now();
    const expiresAt = now + SUPPORT_CODE_MINUTES * 60_000;
    await replaceSupportCode(tx.db, {
      code_hash: hashToken(code),
      user_id: principal.userId,
      account_id: principal.accountId,
      created_at: now,
      expires_at: expiresAt,
      used_at: null,
    });
    return { Code: code, ExpirationDate: formatOapiDate(expiresAt) };
  },
});

function wrongCode(state: string, left: number): ApiError {
  const wrong = {
    unknown: supportErrors.NotASupportCode,
    expired: supportErrors.SupportCodeExpired,
    used: supportErrors.SupportCodeAlreadyChecked,
  }[state]!;
  return wrong({ Left: left }).securityEvent('BadSupportCode');
}

export const checkSupportCode = defineCall({
  name: 'CheckSupportCode',
  summary: `For the platform's support staff (users of TESSERA_PLATFORM_ACCOUNT_ID with the Support right): who the customer reading this code is — verified name, email and whether it is confirmed, AccountId, company. A code serves once; ${SUPPORT_CODE_TRIES} wrong codes stop the agent's checks for ${SUPPORT_CODE_LOCK_MINUTES} minutes. The customer sees the check in their security activity.`,
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'right', right: 'Support', platformOnly: true },
  effect: 'write',
  input: Type.Object(
    { Code: Type.String({ maxLength: 32, description: 'The code the customer reads, with or without its dash.' }) },
    { additionalProperties: false },
  ),
  output: Type.Object({
    AccountId: Type.String(),
    UserName: Type.Optional(Type.String({ description: 'For a user of the account other than its owner.' })),
    FirstName: Type.String(),
    LastName: Type.String(),
    Email: Type.String(),
    EmailConfirmed: Type.Boolean(),
    CompanyName: Type.Optional(Type.String()),
  }),
  // Counted before the transaction, so that a wrong code's try stays counted when the call fails.
  async prepare({ input, principal, services }) {
    const { db } = services.store;
    const subject = `support-code:${principal.userId}`;
    const now = services.now();
    const failures = await findAuthFailures(db, subject);
    if (failures && failures.locked_until > now) {
      const seconds = Math.ceil((failures.locked_until - now) / 1000);
      throw supportErrors
        .TooManyWrongSupportCodes({ Minutes: Math.ceil(seconds / 60) })
        .retryAfter(seconds)
        .securityEvent('LockedOut');
    }
    const code = normalSupportCode(input.Code);
    const row = code === undefined ? undefined : await findSupportCode(db, hashToken(code));
    const state = !row ? 'unknown' : row.used_at !== null ? 'used' : row.expires_at <= now ? 'expired' : 'valid';
    if (!row || state !== 'valid') {
      const count = await addAuthFailure(db, subject, now);
      if (count % SUPPORT_CODE_TRIES === 0) await lockSubject(db, subject, now + SUPPORT_CODE_LOCK_MINUTES * 60_000);
      throw wrongCode(state, SUPPORT_CODE_TRIES - (count % SUPPORT_CODE_TRIES || SUPPORT_CODE_TRIES));
    }
    if (failures) await clearAuthFailures(db, subject);
    return { row };
  },
  async handler(context) {
    const { services, tx, prepared } = context;
    const { row } = prepared;
    if (!(await spendSupportCode(tx.db, row.code_hash, services.now()))) throw wrongCode('used', SUPPORT_CODE_TRIES);
    const [customer, account] = await Promise.all([findUser(tx.db, row.user_id), readAccount(tx.db, row.account_id)]);
    if (!customer || !account) throw wrongCode('unknown', SUPPORT_CODE_TRIES);
    // The check is an event of the customer's own trail, as well as of the support account's.
    await recordEvent(tx, services, context, {
      accountId: account.account_id,
      action: 'CheckSupportCode',
      target: customer.user_name ?? customer.email ?? undefined,
      changes: [],
      outcome: 'success',
      // Whoever checked: someone of the platform's support, not a user of the customer's account.
      actor: { userId: customer.user_id, accountId: account.account_id, name: 'support', interface: 'support' },
    });
    const { firstName, lastName } = personalNames(customer, account);
    return {
      AccountId: account.account_id,
      ...(customer.is_owner === 1 || !customer.user_name ? {} : { UserName: customer.user_name }),
      FirstName: firstName ?? '',
      LastName: lastName ?? '',
      Email: customer.email ?? '',
      EmailConfirmed: customer.email_confirmed_at !== null,
      ...(account.company_name ? { CompanyName: account.company_name } : {}),
    };
  },
});
