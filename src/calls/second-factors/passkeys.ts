import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { Type } from '@sinclair/typebox';
import { say } from '../../domain/errors.js';
import { formatOapiDate } from '../../domain/oapi-dates.js';
import {
  deletePasskey,
  findPasskey,
  insertPasskey,
  notePasskeyUse,
  saveWebauthnChallenge,
  takeWebauthnChallenge,
  userPasskeys,
} from '../../store/passkeys.js';
import { releaseEnrolment } from '../../store/second-factors.js';
import type { WriteTransaction } from '../../store/transaction.js';
import { findUser } from '../../store/users.js';
import { CredentialJson, relyingParty, verifyAssertion } from '../flows/passkey-assertion.js';
import { keepRequiredFactor } from '../flows/required-factor.js';
import { startSession } from '../flows/session-start.js';
import { actingUser } from '../pipeline/audit-writer.js';
import { accountGone, userDisabled } from '../pipeline/call-parts.js';
import { defineCall, type Services } from '../pipeline/registry.js';
import { secondFactorErrors } from './errors.js';
import { FACTOR_CHANGE, notify } from './two-step.js';

const CEREMONY_MINUTES = 5;
const ADDING = say('Adding a passkey', 'Ajouter une clé d’accès');
const REMOVING = say('Removing a passkey', 'Retirer une clé d’accès');

/** What the browser's WebAuthn API takes, passed through as JSON. */
const WebAuthnJson = Type.Object({}, { additionalProperties: true });

/** Keeps a ceremony's challenge for its answer: five minutes, once. */
function saveCeremony(
  tx: WriteTransaction,
  services: Services,
  challenge: string,
  purpose: 'register' | 'sign-in',
  userId: string | null,
): Promise<void> {
  return saveWebauthnChallenge(tx.db, {
    challenge,
    purpose,
    user_id: userId,
    expires_at: services.now() + CEREMONY_MINUTES * 60_000,
  });
}

const Passkey = Type.Object({
  PasskeyId: Type.String(),
  Name: Type.String(),
  CreationDate: Type.String(),
  LastUsedDate: Type.Optional(Type.String()),
  Synced: Type.Boolean({ description: 'The passkey is kept by a provider across devices (backed up).' }),
});

export const readPasskeys = defineCall({
  name: 'ReadPasskeys',
  summary: 'Your passkeys: their names, when each was made and last used, and whether it syncs across devices.',
  origin: 'tessera',
  auth: ['session', 'signature'],
  duringEnrolment: true,
  access: { kind: 'self' },
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ Passkeys: Type.Array(Passkey) }),
  async handler({ principal, db }) {
    const rows = await userPasskeys(db, principal.userId);
    return {
      Passkeys: rows.map((row) => ({
        PasskeyId: row.credential_id,
        Name: row.name,
        CreationDate: formatOapiDate(row.created_at),
        ...(row.last_used_at !== null ? { LastUsedDate: formatOapiDate(row.last_used_at) } : {}),
        Synced: row.backed_up === 1,
      })),
    };
  },
});

export const createPasskeyOptions = defineCall({
  name: 'CreatePasskeyOptions',
  summary: "Starts adding a passkey: the options for the browser's navigator.credentials.create (5 minutes).",
  origin: 'tessera',
  auth: ['session'],
  browserOnly: true,
  duringEnrolment: true,
  access: { kind: 'self' },
  effect: 'write',
  input: Type.Object(
    { CurrentPassword: Type.Optional(Type.String({ maxLength: 1024 })) },
    { additionalProperties: false },
  ),
  output: Type.Object({ Options: WebAuthnJson }),
  freshness: { proof: 'strongest-factor', what: ADDING },
  async handler({ principal, services, tx }) {
    const user = await findUser(tx.db, principal.userId);
    if (!user) throw accountGone();
    const existing = await userPasskeys(tx.db, user.user_id);
    const options = await generateRegistrationOptions({
      rpName: services.config.publicUrl.host,
      rpID: relyingParty(services).rpID,
      userName: user.email ?? user.user_name ?? user.user_id,
      userID: new TextEncoder().encode(user.user_id),
      attestationType: 'none',
      excludeCredentials: existing.map((row) => ({ id: row.credential_id })),
      // Discoverable, so that it signs in without an address typed; verified, so that it is two factors.
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    await saveCeremony(tx, services, options.challenge, 'register', user.user_id);
    return { Options: options as unknown as Record<string, unknown> };
  },
});

export const createPasskey = defineCall({
  name: 'CreatePasskey',
  summary: 'Finishes adding a passkey with what the browser answered, under the name you give it.',
  origin: 'tessera',
  auth: ['session'],
  browserOnly: true,
  duringEnrolment: true,
  access: { kind: 'self' },
  sensitive: FACTOR_CHANGE,
  effect: 'write',
  input: Type.Object(
    { Name: Type.String({ minLength: 1, maxLength: 64 }), Credential: CredentialJson },
    { additionalProperties: false },
  ),
  output: Type.Object({ PasskeyId: Type.String() }),
  async handler({ input, principal, services, tx, event }) {
    const { rpID, origin } = relyingParty(services);
    const now = services.now();
    let verification;
    try {
      verification = await verifyRegistrationResponse({
        response: input.Credential as unknown as RegistrationResponseJSON,
        // A validated operation's answer was checked against its challenge when it was given, then sealed.
        expectedChallenge:
          principal.via === 'operation'
            ? () => true
            : (challenge) => takeWebauthnChallenge(tx.db, challenge, 'register', now, principal.userId),
        expectedOrigin: origin,
        expectedRPID: rpID,
        requireUserVerification: true,
      });
    } catch {
      throw secondFactorErrors.PasskeyAnswerUnverifiable();
    }
    if (!verification.verified) throw secondFactorErrors.PasskeyNotVerified();
    const info = verification.registrationInfo;
    // The same answer sent twice under advanced security makes two operations: the second finds it here.
    if (await findPasskey(tx.db, info.credential.id)) throw secondFactorErrors.PasskeyAlreadyRegistered();
    await insertPasskey(tx.db, {
      credential_id: info.credential.id,
      user_id: principal.userId,
      public_key: Buffer.from(info.credential.publicKey).toString('base64url'),
      counter: info.credential.counter,
      transports: JSON.stringify(info.credential.transports ?? []),
      device_type: info.credentialDeviceType,
      backed_up: info.credentialBackedUp ? 1 : 0,
      name: input.Name.trim(),
      created_at: now,
      last_used_at: null,
    });
    event.changes = [{ Field: 'Name', NewValue: input.Name.trim() }];
    // A passkey meets the account's rule: the session that enrolled may go on; others sign in again.
    await releaseEnrolment(tx.db, principal.userId, principal.via === 'session' ? principal.sessionId : undefined);
    await notify(tx, services, principal, 'passkey-added');
    return { PasskeyId: info.credential.id };
  },
});

export const deletePasskeyCall = defineCall({
  name: 'DeletePasskey',
  summary: 'Removes one of your passkeys.',
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'self' },
  sensitive: FACTOR_CHANGE,
  effect: 'write',
  input: Type.Object(
    { PasskeyId: Type.String({ maxLength: 1024 }), CurrentPassword: Type.Optional(Type.String({ maxLength: 1024 })) },
    { additionalProperties: false },
  ),
  output: Type.Object({}),
  freshness: { proof: 'strongest-factor', what: REMOVING },
  async handler({ input, principal, services, tx, event }) {
    await keepRequiredFactor(tx, services, principal);
    const row = await findPasskey(tx.db, input.PasskeyId);
    if (row?.user_id !== principal.userId || !(await deletePasskey(tx.db, principal.userId, input.PasskeyId)))
      throw secondFactorErrors.PasskeyNotFound();
    event.target = row.name;
    event.changes = [{ Field: 'Passkey', OldValue: row.name }];
    await notify(tx, services, principal, 'passkey-removed');
    return {};
  },
});

export const startPasskeySignIn = defineCall({
  name: 'StartPasskeySignIn',
  summary: 'Starts signing in with a passkey, no address typed: the options for navigator.credentials.get (5 minutes).',
  origin: 'tessera',
  auth: ['none', 'session'],
  browserOnly: true,
  access: { kind: 'anyone' },
  // Each stores a ceremony row for anyone who asks.
  perAddress: { perMinute: 30 },
  effect: 'write',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ Options: WebAuthnJson }),
  async handler({ services, tx }) {
    const options = await generateAuthenticationOptions({
      rpID: relyingParty(services).rpID,
      userVerification: 'required',
    });
    await saveCeremony(tx, services, options.challenge, 'sign-in', null);
    return { Options: options as unknown as Record<string, unknown> };
  },
});

export const completePasskeySignIn = defineCall({
  name: 'CompletePasskeySignIn',
  summary:
    'Signs in with what the browser answered to StartPasskeySignIn. A passkey verified on its device is two factors: no second step.',
  origin: 'tessera',
  auth: ['none', 'session'],
  browserOnly: true,
  access: { kind: 'anyone' },
  effect: 'write',
  input: Type.Object({ Credential: CredentialJson }, { additionalProperties: false }),
  output: Type.Object({}),
  async handler(context) {
    const { input, services, tx, event } = context;
    const row = await findPasskey(tx.db, input.Credential.id);
    if (!row) throw secondFactorErrors.PasskeySignInRefused();
    const user = await findUser(tx.db, row.user_id);
    if (!user) throw secondFactorErrors.PasskeySignInRefused();
    const use = await verifyAssertion(tx.db, services, row, input.Credential);
    // A known passkey refused (a bad signature, a counter gone back: a cloned authenticator) is
    // an event of its owner's account.
    if (!use || !(await notePasskeyUse(tx.db, row, { ...use, at: services.now() })))
      throw secondFactorErrors.PasskeySignInRefused().securityEvent('PasskeyRefused', {
        accountId: user.account_id,
        userId: user.user_id,
        interface: 'console',
        credential: row.name,
      });
    if (user.disabled_at !== null) throw userDisabled();
    event.actor = actingUser(user);
    event.target = row.name;
    event.changes = [{ Field: 'Passkey', NewValue: row.name }];
    // A passkey verifies its user (a PIN, a fingerprint) beside what it holds: two factors.
    await startSession(context, tx, user, undefined, true);
    return {};
  },
});
