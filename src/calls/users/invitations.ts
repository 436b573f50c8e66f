import { Type } from '@sinclair/typebox';
import { consumeEmailToken } from '../../auth/email-tokens.js';
import { emailKey } from '../../domain/email-address.js';
import type { Language } from '../../domain/errors.js';
import { readAccount, type AccountRow } from '../../store/accounts.js';
import { retireEmailTokens } from '../../store/email-tokens.js';
import { updateUserRow } from '../../store/sub-users.js';
import type { WriteTransaction } from '../../store/transaction.js';
import { findUser, findUserByEmailKey, type UserRow, type UserWithEmail } from '../../store/users.js';
import { invitationAccepted } from '../flows/account-event-data.js';
import { checkInvitation, passwordFromLink } from '../flows/password-from-link.js';
import { actingUser } from '../pipeline/audit-writer.js';
import { DryRun } from '../pipeline/call-parts.js';
import { mailLink, queueMail } from '../pipeline/mail-queue.js';
import { type Principal } from '../pipeline/principal.js';
import { defineCall, type Services } from '../pipeline/registry.js';
import { userErrors } from './errors.js';
import { UserName } from './user-schemas.js';

/** How the invitation names the account and the person who sent it. */
async function inviterNames(
  tx: WriteTransaction,
  principal: Principal,
  account: AccountRow,
): Promise<{ inviter: string; company: string }> {
  const owner = `${account.first_name} ${account.last_name}`;
  const company = account.company_name ?? '';
  if (principal.isOwner) return { inviter: owner, company };
  const inviter = await findUser(tx.db, principal.userId);
  const name = [inviter?.first_name, inviter?.last_name].filter(Boolean).join(' ');
  return { inviter: name || inviter?.user_name || owner, company };
}

/**
 * Queues the invitation of a user who has no password yet: a link to choose one. A new
 * invitation retires the previous one.
 */
export async function sendInvitation(
  tx: WriteTransaction,
  services: Services,
  principal: Principal,
  user: UserWithEmail,
): Promise<void> {
  const account = await readAccount(tx.db, user.account_id);
  if (!account) throw new Error('the account of a user being invited is gone');
  await retireEmailTokens(tx.db, user.user_id, ['invitation'], services.now(), 'replaced');
  const days = services.config.invitationDays;
  await mailLink(tx, services, {
    userId: user.user_id,
    purpose: 'invitation',
    address: user.email,
    recipient: user.email,
    language: user.language as Language,
    template: 'invitation',
    values: { ...(await inviterNames(tx, principal, account)), userName: user.user_name ?? '', days },
    lifetimeMs: days * 86_400_000,
  });
}

/**
 * Invites a user who has no password yet at their address — unless that address is already
 * someone's login: its holder is then told that someone tried to use it, and the user keeps the
 * address without a login (nothing can sign in with it). The caller's answer is the same either
 * way (ASVS 6.3.8). Once the address is free again, a new invitation gives the user their login.
 */
export async function inviteOrNotify(
  tx: WriteTransaction,
  services: Services,
  principal: Principal,
  user: UserRow & { email: string },
): Promise<void> {
  const key = emailKey(user.email);
  const holder = await findUserByEmailKey(tx.db, key);
  if (holder && holder.user_id !== user.user_id) {
    await queueMail(
      tx,
      services,
      { recipient: holder.email, language: holder.language, template: 'email-in-use', payload: {} },
      'refuse',
    );
    return;
  }
  if (user.email_key !== key) await updateUserRow(tx.db, user.user_id, { email_key: key });
  await sendInvitation(tx, services, principal, { ...user, email_key: key });
}

export const acceptInvitation = defineCall({
  name: 'AcceptInvitation',
  summary:
    'Sets the password of an invited user from their invitation link, which also confirms their email address. The user then signs in.',
  origin: 'tessera',
  auth: ['none', 'session'],
  access: { kind: 'anyone' },
  completes: {
    effects: ['UserPassword', 'UserLogin'],
    because:
      "the user's creation, with their address, was validated where advanced security wanted it; their first password is theirs to choose",
  },
  effect: 'write',
  events: { emits: ['user.updated'], of: ({ db, input }) => invitationAccepted(db, input.Token) },
  input: Type.Object(
    {
      Token: Type.String({ maxLength: 128, description: 'The token of the invitation link.' }),
      Password: Type.String({ maxLength: 1024, description: 'The password the user chooses.' }),
      Language: Type.Optional(
        Type.Union([Type.Literal('en'), Type.Literal('fr')], {
          description: 'The language the user accepted in: the console and the mails then speak it.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ Email: Type.String({ description: 'The address to sign in with.' }) }),
  prepare: ({ input, services }) =>
    passwordFromLink(
      services,
      { token: input.Token, purpose: 'invitation', password: input.Password },
      checkInvitation,
    ),
  async handler({ input, services, tx, event, prepared: { user, passwordHash } }) {
    event.actor = actingUser(user);
    const now = services.now();
    await consumeEmailToken(tx.db, input.Token, ['invitation'], now);
    await updateUserRow(tx.db, user.user_id, {
      password_hash: passwordHash,
      email_confirmed_at: now,
      updated_at: now,
      ...(input.Language ? { language: input.Language } : {}),
    });
    return { Email: user.email ?? '' };
  },
});

function checkInvitable(user: UserRow): asserts user is UserRow & { email: string } {
  if (user.email === null) {
    throw userErrors.NoEmailToInvite({ UserName: user.user_name ?? '' });
  }
  if (user.password_hash !== null) {
    throw userErrors.UserAlreadyAcceptedInvitation({ UserName: user.user_name ?? '' });
  }
}

export const resendInvitation = defineCall({
  name: 'ResendInvitation',
  summary:
    'Sends a user a new invitation link (the previous one stops working), as long as they have not chosen their password.',
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'right', right: 'ManageUsers' },
  completes: {
    effects: ['UserLogin'],
    because:
      'the invited address was set, and validated where advanced security wanted it, when the user was created or their address changed',
  },
  effect: 'write',
  subject: { field: 'UserName', lock: true },
  input: Type.Object({ DryRun, UserName }, { additionalProperties: false }),
  output: Type.Object({}),
  async handler({ input, principal, services, subject: user, tx }) {
    checkInvitable(user);
    if (!input.DryRun) await inviteOrNotify(tx, services, principal, user);
    return {};
  },
});
