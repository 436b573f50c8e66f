import { Type } from '@sinclair/typebox';
import { deviceName } from '../../domain/device-name.js';
import { formatOapiDate } from '../../domain/oapi-dates.js';
import { deleteUserSession, deleteUserSessions, listUserSessions } from '../../store/sessions.js';
import { NoInput } from '../pipeline/call-parts.js';
import { type Principal } from '../pipeline/principal.js';
import { defineCall } from '../pipeline/registry.js';
import { signInErrors } from './errors.js';

function currentSessionId(principal: Principal): string | undefined {
  return principal.via === 'session' ? principal.sessionId : undefined;
}

export const readSessions = defineCall({
  name: 'ReadSessions',
  summary: 'Lists your sessions: device, address, when it started and was last active, and which one is this one.',
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'self' },
  effect: 'read',
  input: NoInput,
  output: Type.Object({
    Sessions: Type.Array(
      Type.Object({
        SessionId: Type.String(),
        Device: Type.String(),
        IpAddress: Type.String(),
        CreationDate: Type.String(),
        LastActiveDate: Type.String(),
        Current: Type.Boolean(),
      }),
    ),
  }),
  async handler({ principal, db }) {
    const current = currentSessionId(principal);
    const rows = await listUserSessions(db, principal.userId);
    return {
      Sessions: rows.map((row) => ({
        SessionId: row.session_id,
        Device: deviceName(row.user_agent),
        IpAddress: row.ip,
        CreationDate: formatOapiDate(row.created_at),
        LastActiveDate: formatOapiDate(row.last_seen_at),
        Current: row.session_id === current,
      })),
    };
  },
});

export const deleteSession = defineCall({
  name: 'DeleteSession',
  summary: 'Ends one of your sessions: the device is signed out on its next request.',
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'self' },
  effect: 'write',
  input: Type.Object(
    { SessionId: Type.String({ maxLength: 64, description: 'The session to end, from ReadSessions.' }) },
    { additionalProperties: false },
  ),
  output: Type.Object({}),
  async handler({ input, principal, cookie, tx }) {
    if (!(await deleteUserSession(tx.db, principal.userId, input.SessionId))) {
      throw signInErrors.SessionNotFound({ SessionId: input.SessionId });
    }
    // Ending this very session is signing out.
    if (input.SessionId === currentSessionId(principal)) tx.afterCommit(() => cookie.clear());
    return {};
  },
});

export const deleteOtherSessions = defineCall({
  name: 'DeleteOtherSessions',
  summary: 'Signs out every other device at once (with an access key: every session).',
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'self' },
  effect: 'write',
  input: NoInput,
  output: Type.Object({}),
  async handler({ principal, tx }) {
    await deleteUserSessions(tx.db, principal.userId, currentSessionId(principal));
    return {};
  },
});
