import { Type } from '@sinclair/typebox';
import { ApiError } from '../../domain/errors.js';
import type { WriteTransaction } from '../../store/transaction.js';
import { pipelineErrors } from './errors.js';

/** The input of a call that takes nothing. */
export const NoInput = Type.Object({}, { additionalProperties: false });

/** OAPI's DryRun member. */
export const DryRun = Type.Optional(
  Type.Boolean({ description: 'If true, checks the request and reports what would happen, changing nothing.' }),
);

/**
 * Where a page starts, from 0. Bounded, as every number a call takes: a FirstItem past what
 * either engine's OFFSET takes was a 500.
 */
export const FirstItem = Type.Optional(
  Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'The index of the first item to return, from 0.' }),
);

/** The caller's account was deleted while their credential was still in flight. */
export function accountGone(): ApiError {
  return pipelineErrors.AccountGone();
}

/** Told only to someone who proved who they are: the account's administrators decide. */
export function userDisabled(): ApiError {
  return pipelineErrors.UserDisabled();
}

/** A user the caller's account does not have: the same answer whether they exist elsewhere or not (ASVS 8.2.2). */
export function noSuchUser(userName: string): ApiError {
  return pipelineErrors.NoSuchUser({ UserName: userName });
}

/**
 * Returned by a handler to answer `output` after everything the call wrote is undone: the loser
 * of a race that must look like the winner (two sign-ups of one new address at once), or an
 * operation whose call failed. `thenWrite` then records what must stay, in a transaction of its own.
 */
export class AnswerAfterRollback {
  constructor(
    readonly output: Record<string, unknown>,
    readonly thenWrite?: (tx: WriteTransaction) => Promise<void>,
  ) {}
}

/** The languages of the console and of the mails. */
export const Language = Type.Union([Type.Literal('en'), Type.Literal('fr')], {
  description: 'The language of emails and of the console.',
});

/** The login and password of the sign-in and sign-up forms. */
export const Email = Type.String({ maxLength: 256, description: 'The email address, which is also the login.' });
export const Password = Type.String({ maxLength: 1024, description: 'The password.' });
