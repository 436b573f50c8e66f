import type { VerifiedIdentity } from '../../auth/oidc-client.js';
import { canonicalEmail, emailKey } from '../../domain/email-address.js';
import type { Language } from '../../domain/errors.js';
import { namesFromProvider } from '../../domain/provider-names.js';
import type { OidcProvider } from '../../oidc-providers-config.js';
import { readAccount } from '../../store/accounts.js';
import { findIdentity, insertIdentity, updateIdentityEmail, type OidcFlowRow } from '../../store/identities.js';
import { setSessionAuthenticatedAt } from '../../store/sessions.js';
import type { WriteTransaction } from '../../store/transaction.js';
import { findUser, findUserByEmailKey } from '../../store/users.js';
import { actingUser } from '../pipeline/audit-writer.js';
import { userDisabled } from '../pipeline/call-parts.js';
import type { OperationOutput } from '../pipeline/operation-output.js';
import { createOperation } from '../pipeline/operation-requests.js';
import type { Principal } from '../pipeline/principal.js';
import type { CallContext, EventNotes, Services } from '../pipeline/registry.js';
import { createAccountWithOwner } from './account-creation.js';
import { flowErrors } from './errors.js';
import { needsSecondStep, startSecondStep } from './second-step.js';
import { startSession } from './session-start.js';

/** What a verified identity leads to, in the transaction of CompleteExternalSignIn. */
type Context = CallContext<unknown, Principal | undefined> & { tx: WriteTransaction; event: EventNotes };

/** How far a provider's auth_time may precede the start of a re-authentication (clock skew). */
const AUTH_TIME_SKEW_MS = 60_000;

function verifiedEmail(provider: OidcProvider, identity: VerifiedIdentity): string {
  if (!identity.email || !identity.emailVerified) {
    throw flowErrors.ProviderEmailUnverified({ Provider: provider.name });
  }
  return canonicalEmail('Email', identity.email);
}

function identityRow(provider: OidcProvider, identity: VerifiedIdentity, userId: string, now: number) {
  return {
    issuer: identity.issuer,
    subject: identity.subject,
    provider_id: provider.id,
    user_id: userId,
    email: identity.email ?? null,
    created_at: now,
  };
}

/**
 * Signs in the user this (issuer, subject) belongs to, or creates an account for a new one.
 * An address that already belongs to someone is never merged silently: its owner must sign in
 * with their password and link the provider themself. Returns whether an account was created,
 * or the challenge of the second step for a user who has a second factor.
 */
export async function signInWithIdentity(
  context: Context,
  provider: OidcProvider,
  identity: VerifiedIdentity,
): Promise<{ created: boolean; challenge?: string }> {
  const { services, tx } = context;
  const now = services.now();
  const authenticatedAt = identity.authTime ?? now;
  const known = await findIdentity(tx.db, identity.issuer, identity.subject);
  if (known) {
    const user = await findUser(tx.db, known.user_id);
    if (!user) throw flowErrors.ProviderUserGone();
    if (user.disabled_at !== null) throw userDisabled();
    await updateIdentityEmail(tx.db, identity.issuer, identity.subject, identity.email ?? null);
    context.event.actor = actingUser(user);
    // A provider's sign-in is one factor: a user with a second one gives it too, unless the
    // provider says it asked for several and the platform trusts it to.
    const providerDidMfa = services.config.trustProviderMfa && identity.methods.includes('mfa');
    if (!providerDidMfa && (await needsSecondStep(tx.db, user.user_id)))
      return { created: false, challenge: await startSecondStep(tx, services, user.user_id) };
    await startSession(context, tx, user, authenticatedAt, providerDidMfa);
    return { created: false };
  }
  const email = verifiedEmail(provider, identity);
  if (await findUserByEmailKey(tx.db, emailKey(email))) {
    throw flowErrors.ProviderEmailInUse({ Email: email, Provider: provider.name });
  }
  if (!services.config.signUpOpen) throw flowErrors.SignUpClosed();
  const profile = { ...namesFromProvider(identity), AdditionalEmails: [] };
  const { userId, account } = await createAccountWithOwner(tx, services, {
    email,
    profile,
    language: context.language as Language,
    passwordHash: null,
    emailVerified: true,
  });
  await insertIdentity(tx.db, identityRow(provider, identity, userId, now));
  await startSession(context, tx, { user_id: userId, account_id: account.account_id }, authenticatedAt);
  context.event.actor = { userId, accountId: account.account_id };
  return { created: true };
}

function signedInUser(context: Context, flow: OidcFlowRow): Principal & { via: 'session' } {
  const { principal } = context;
  if (principal?.via !== 'session' || principal.userId !== flow.user_id) {
    throw flowErrors.NoLongerSignedInAsStarter();
  }
  return principal;
}

/** Links the provider's identity to the signed-in user; an identity is one user's only. */
export async function completeLink(
  context: Context,
  flow: OidcFlowRow,
  provider: OidcProvider,
  identity: VerifiedIdentity,
): Promise<{ created: boolean; operation?: OperationOutput }> {
  const principal = signedInUser(context, flow);
  const { db } = context.tx;
  const known = await findIdentity(db, identity.issuer, identity.subject);
  if (known && known.user_id !== principal.userId) {
    throw flowErrors.ProviderIdentityTaken({ Provider: provider.name });
  }
  if (known) return { created: false };
  const account = await readAccount(db, principal.accountId);
  // Under advanced security a new way in waits for a validator, as every sensitive change.
  if (account?.advanced_security === 1) {
    const operation = await createOperation(context.tx, context.services, {
      account,
      requesterId: principal.userId,
      action: 'LinkLogin',
      kind: 'link',
      input: { Provider: provider.id, Identity: identity },
      changes: [
        { Field: 'Provider', NewValue: provider.name },
        ...(identity.email ? [{ Field: 'ProviderEmail', NewValue: identity.email }] : []),
      ],
    });
    return { created: false, operation };
  }
  await insertIdentity(db, identityRow(provider, identity, principal.userId, context.services.now()));
  return { created: true };
}

/** A validated LinkLogin operation: the identity proved at the provider when it was asked for joins its requester. */
export async function linkValidatedIdentity(
  tx: WriteTransaction,
  services: Services,
  userId: string,
  stored: Record<string, unknown>,
): Promise<void> {
  const { Provider, Identity } = stored as { Provider: string; Identity: VerifiedIdentity };
  const provider = services.oidc.providers.find((candidate) => candidate.id === Provider);
  if (!provider) throw flowErrors.ProviderNoLongerOffered({ Provider });
  const known = await findIdentity(tx.db, Identity.issuer, Identity.subject);
  if (known && known.user_id !== userId) throw flowErrors.ProviderIdentityTakenSince({ Provider: provider.name });
  if (!known) await insertIdentity(tx.db, identityRow(provider, Identity, userId, services.now()));
}

/**
 * Records a fresh sign-in at the provider as this session's proof for sensitive changes. The
 * provider must say when the person signed in, and it must be now: a stale auth_time (a
 * provider that ignored prompt=login) is refused.
 */
export async function completeReauthentication(
  context: Context,
  flow: OidcFlowRow,
  provider: OidcProvider,
  identity: VerifiedIdentity,
): Promise<boolean> {
  const principal = signedInUser(context, flow);
  const { db } = context.tx;
  const known = await findIdentity(db, identity.issuer, identity.subject);
  if (!known || known.user_id !== principal.userId) {
    throw flowErrors.ProviderIdentityNotLinked({ Provider: provider.name });
  }
  if (identity.authTime === undefined || identity.authTime < flow.created_at - AUTH_TIME_SKEW_MS) {
    throw flowErrors.ProviderSkippedReauthentication({ Provider: provider.name });
  }
  await setSessionAuthenticatedAt(db, principal.sessionId, identity.authTime);
  return false;
}
