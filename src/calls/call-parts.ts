import { Type } from '@sinclair/typebox';
import { ApiError, say } from '../domain/errors.js';

/** The input of a call that takes nothing. */
export const NoInput = Type.Object({}, { additionalProperties: false });

/** OAPI's DryRun member. */
export const DryRun = Type.Optional(Type.Boolean({ description: 'If true, checks the request and reports what would happen, changing nothing.' }));

/** The caller's account was deleted while their credential was still in flight. */
export function accountGone(): ApiError {
  return new ApiError('AuthenticationFailed', say('Your account no longer exists.', "Votre compte n'existe plus."));
}
