import { Type } from '@sinclair/typebox';
import { setSessionAuthenticatedAt } from '../../store/sessions.js';
import { findUser } from '../../store/users.js';
import { checkFactor, FactorFields } from '../flows/factor-proof.js';
import { needsSecondStep } from '../flows/second-step.js';
import { accountGone } from '../pipeline/call-parts.js';
import { defineCall } from '../pipeline/registry.js';
import { secondFactorErrors } from './errors.js';

/**
 * The console's proof of the person before a sensitive change, by the strongest factor they have:
 * a fresh code counts as a recent sign-in for this session (ASVS 7.5.1), as a new sign-in would.
 */
export const reauthenticateWithSecondFactor = defineCall({
  name: 'ReauthenticateWithSecondFactor',
  summary:
    'Proves again that you are the person, with a code of your authenticator app, a passkey or a recovery code: the session counts as freshly signed in for sensitive changes (email, providers, second factors).',
  origin: 'tessera',
  auth: ['session'],
  browserOnly: true,
  access: { kind: 'self' },
  effect: 'write',
  input: Type.Object(
    {
      ...FactorFields,
    },
    { additionalProperties: false },
  ),
  output: Type.Object({}),
  async prepare({ input, principal, services, device }) {
    const user = await findUser(services.store.db, principal.userId);
    if (!user) throw accountGone();
    if (!(await needsSecondStep(services.store.db, user.user_id))) throw secondFactorErrors.NoSecondFactorToProve();
    const proof = await checkFactor(services, user, input, device.ip);
    if (!proof) throw secondFactorErrors.WrongSecondFactorCode().securityEvent('WrongCode');
    return { proof };
  },
  async handler({ principal, services, tx, prepared: { proof }, event }) {
    if (principal.via !== 'session') throw accountGone();
    if (!(await proof.spend(tx, services, principal.userId)))
      throw secondFactorErrors.WrongSecondFactorCode().securityEvent('WrongCode');
    await setSessionAuthenticatedAt(tx.db, principal.sessionId, services.now(), true);
    event.changes = [proof.change];
    return {};
  },
});
