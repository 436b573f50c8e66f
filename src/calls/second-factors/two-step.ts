import { Type } from '@sinclair/typebox';
import { say } from '../../domain/errors.js';
import { newRecoveryCodes, newTotpSecret, recoveryCodeHash, totpStep, totpUri } from '../../domain/second-factors.js';
import type { SecondFactorChange } from '../../mail/second-factor-templates.js';
import { readAccount } from '../../store/accounts.js';
import { userPasskeys } from '../../store/passkeys.js';
import {
  deleteRecoveryCodes,
  deleteTotp,
  findTotp,
  recoveryCodesLeft,
  releaseEnrolment,
  replaceRecoveryCodes,
  startTotp,
  useTotpStep,
} from '../../store/second-factors.js';
import type { WriteTransaction } from '../../store/transaction.js';
import { findUser } from '../../store/users.js';
import { factorRequired, keepRequiredFactor } from '../flows/required-factor.js';
import { accountGone } from '../pipeline/call-parts.js';
import { queueMail } from '../pipeline/mail-queue.js';
import { firstNameOf } from '../pipeline/people.js';
import { type Principal } from '../pipeline/principal.js';
import { defineCall, type Sensitivity, type Services } from '../pipeline/registry.js';
import { secondFactorErrors } from './errors.js';

const AUTH = ['session', 'signature'] as const;
const ADDING = say('Adding a second factor', 'Ajouter un second facteur');
const REMOVING = say('Removing a second factor', 'Retirer un second facteur');
const NEW_CODES = say('Making new recovery codes', 'Créer de nouveaux codes de secours');

const CurrentPassword = Type.Optional(
  Type.String({
    maxLength: 1024,
    description:
      'Proves that you are the person: required with an access key, and with a console session older than the re-authentication window.',
  }),
);
/**
 * Under advanced security a factor added or removed waits for a validator: a stolen password may
 * not add its own factor, nor remove the person's. A first factor that the account's rule demands
 * is enrolled at once: every user, validators included, must enrol before anything else, so
 * waiting for a validator would lock the account out.
 */
export const FACTOR_CHANGE: Sensitivity<unknown> = {
  when: (_input, principal) => !(principal?.via === 'session' && principal.mustEnrol === true),
};

const RecoveryCodes = Type.Array(Type.String(), {
  description: 'Ten single-use codes, shown only now: keep them somewhere safe.',
});

/** Tells the person that their second factors changed (ASVS 6.3.7). */
export async function notify(
  tx: WriteTransaction,
  services: Services,
  principal: Principal,
  change: SecondFactorChange,
) {
  const [user, account] = await Promise.all([
    findUser(tx.db, principal.userId),
    readAccount(tx.db, principal.accountId),
  ]);
  if (!user || !account) throw accountGone();
  if (!user.email) return;
  const firstName = firstNameOf(user, account);
  await queueMail(
    tx,
    services,
    {
      recipient: user.email,
      language: user.language,
      template: 'second-factor-changed',
      payload: { firstName, change, link: `${services.config.publicUrl.origin}/signin` },
    },
    'always',
  );
}

/** New recovery codes for the user, the old ones dead; returns them in clear, once. */
async function newCodesFor(tx: WriteTransaction, services: Services, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(tx.db, userId, codes.map(recoveryCodeHash), services.now());
  return codes;
}

export const readSecondFactors = defineCall({
  name: 'ReadSecondFactors',
  summary: 'Your two-step verification: whether an authenticator app is on, and how many recovery codes are left.',
  origin: 'tessera',
  auth: AUTH,
  duringEnrolment: true,
  access: { kind: 'self' },
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    Totp: Type.Boolean({ description: 'An authenticator app (TOTP) is confirmed.' }),
    RecoveryCodesLeft: Type.Integer(),
    Passkeys: Type.Integer({ description: 'How many passkeys you have (ReadPasskeys lists them).' }),
    Required: Type.Boolean({ description: 'The account requires every user to have a second factor.' }),
  }),
  async handler({ principal, services, db }) {
    const [totp, left, passkeys, account] = await Promise.all([
      findTotp(db, principal.userId),
      recoveryCodesLeft(db, principal.userId),
      userPasskeys(db, principal.userId),
      readAccount(db, principal.accountId),
    ]);
    return {
      Totp: totp?.confirmed_at != null,
      RecoveryCodesLeft: left,
      Passkeys: passkeys.length,
      Required: factorRequired(services, account),
    };
  },
});

export const createTotp = defineCall({
  name: 'CreateTotp',
  summary:
    'Starts adding an authenticator app: answers its secret and the otpauth:// URI to scan. It signs in only once ConfirmTotp receives a first code.',
  origin: 'tessera',
  auth: AUTH,
  duringEnrolment: true,
  access: { kind: 'self' },
  effect: 'write',
  input: Type.Object({ CurrentPassword }, { additionalProperties: false }),
  output: Type.Object({
    Secret: Type.String({ description: 'Base32, for apps that take it typed.' }),
    OtpauthUri: Type.String({ description: 'otpauth://totp/…, as the QR code holds it.' }),
  }),
  freshness: { proof: 'strongest-factor', what: ADDING },
  async handler({ principal, services, tx }) {
    const existing = await findTotp(tx.db, principal.userId);
    if (existing?.confirmed_at != null) throw secondFactorErrors.TotpAlreadyOn();
    const user = await findUser(tx.db, principal.userId);
    if (!user) throw accountGone();
    const secret = newTotpSecret();
    await startTotp(tx.db, {
      user_id: user.user_id,
      secret_sealed: services.secrets.seal(secret, `totp:${user.user_id}`),
      created_at: services.now(),
      confirmed_at: null,
      last_step: null,
    });
    const label = user.email ?? user.user_name ?? user.user_id;
    return { Secret: secret, OtpauthUri: totpUri(secret, services.config.publicUrl.host, label) };
  },
});

export const confirmTotp = defineCall({
  name: 'ConfirmTotp',
  summary:
    'Finishes adding an authenticator app with a first code from it; from then on, signing in asks for a code. Answers recovery codes the first time.',
  origin: 'tessera',
  auth: AUTH,
  duringEnrolment: true,
  access: { kind: 'self' },
  sensitive: FACTOR_CHANGE,
  resultForRequester: true,
  effect: 'write',
  input: Type.Object(
    { Code: Type.String({ maxLength: 16, description: 'The six digits the app shows now.' }) },
    { additionalProperties: false },
  ),
  output: Type.Object({ RecoveryCodes: Type.Optional(RecoveryCodes) }),
  async handler({ input, principal, services, tx }) {
    const totp = await findTotp(tx.db, principal.userId);
    if (!totp || totp.confirmed_at !== null) throw secondFactorErrors.NoTotpBeingAdded();
    const secret = services.secrets.open(totp.secret_sealed, `totp:${principal.userId}`);
    const now = services.now();
    // Validated later, the code is checked at the time it was given: it still proves this very secret.
    const givenAt = principal.via === 'operation' ? principal.requestedAt : now;
    const step = totpStep(secret, input.Code.trim(), givenAt, totp.last_step);
    if (step === undefined || !(await useTotpStep(tx.db, principal.userId, step, now)))
      throw secondFactorErrors.WrongTotpConfirmationCode();
    await notify(tx, services, principal, 'totp-added');
    // The session that enrolled may now do everything; others opened with the password alone end.
    await releaseEnrolment(tx.db, principal.userId, principal.via === 'session' ? principal.sessionId : undefined);
    // A validated operation answers its validator, who must not see them: the person makes them afterwards.
    if (principal.via === 'operation') return {};
    const left = await recoveryCodesLeft(tx.db, principal.userId);
    return left > 0 ? {} : { RecoveryCodes: await newCodesFor(tx, services, principal.userId) };
  },
});

export const deleteTotpFactor = defineCall({
  name: 'DeleteTotp',
  summary: 'Removes the authenticator app; with it go the recovery codes, and signing in needs the password only.',
  origin: 'tessera',
  auth: AUTH,
  access: { kind: 'self' },
  sensitive: FACTOR_CHANGE,
  effect: 'write',
  input: Type.Object({ CurrentPassword }, { additionalProperties: false }),
  output: Type.Object({}),
  freshness: { proof: 'strongest-factor', what: REMOVING },
  async handler({ principal, services, tx }) {
    const confirmed = (await findTotp(tx.db, principal.userId))?.confirmed_at != null;
    if (confirmed) await keepRequiredFactor(tx, services, principal);
    if (!(await deleteTotp(tx.db, principal.userId))) throw secondFactorErrors.TotpNotOn();
    await deleteRecoveryCodes(tx.db, principal.userId);
    if (confirmed) await notify(tx, services, principal, 'totp-removed');
    return {};
  },
});

export const createRecoveryCodes = defineCall({
  name: 'CreateRecoveryCodes',
  summary: 'Makes ten new recovery codes, shown once; the previous ones stop working.',
  origin: 'tessera',
  auth: AUTH,
  access: { kind: 'self' },
  resultForRequester: true,
  effect: 'write',
  input: Type.Object({ CurrentPassword }, { additionalProperties: false }),
  output: Type.Object({ RecoveryCodes }),
  freshness: { proof: 'strongest-factor', what: NEW_CODES },
  async handler({ principal, services, tx }) {
    if ((await findTotp(tx.db, principal.userId))?.confirmed_at == null)
      throw secondFactorErrors.RecoveryCodesNeedSecondFactor();
    const codes = await newCodesFor(tx, services, principal.userId);
    await notify(tx, services, principal, 'recovery-codes');
    return { RecoveryCodes: codes };
  },
});
