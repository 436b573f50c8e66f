import type { pipelineErrors } from '../../calls/pipeline/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const pipeline: PhrasesFor<typeof pipelineErrors> = {
  AccountGone: () => 'Your account no longer exists.',
  UserDisabled: () => 'This user is disabled: ask an administrator of your account.',
  NoSuchUser: ({ UserName }) => `There is no user named ${JSON.stringify(UserName)} in this account.`,
  AddressThrottled: ({ Seconds }) => `Too many requests from your address: try again in ${Seconds} s.`,
  TooManyMails: ({ Count, Recipient, Minutes }) =>
    `${Count} such mails were sent to ${Recipient} in the last hour: use the latest one, or try again in ${Minutes} min.`,
  NeedsRecentSignIn: ({ What, Minutes }) =>
    `${What} needs a recent sign-in: sign in again, then retry within ${Minutes} minutes.`,
  NeedsCurrentPasswordWithKey: ({ What }) =>
    `${What} with an access key needs CurrentPassword: a key proves who holds it, not who you are.`,
  NeedsSecondFactorInConsole: ({ What }) =>
    `${What} needs your second factor, which an access key and a password cannot prove: do it in the console.`,
  NeedsRecentSecondFactor: ({ What, Minutes }) =>
    `${What} needs a recent sign-in with your second factor: confirm with your authenticator app, a passkey or a recovery code, then retry within ${Minutes} minutes.`,
  WrongCurrentPassword: ({ Field }) => `${Field} is incorrect.`,
  NoTokenValidator: () =>
    'No token validator of the account can confirm this request: give the TokenValidator right to a user with a confirmed email.',
  SubjectRenamed: ({ UserName }) =>
    `The user ${JSON.stringify(UserName)} this operation was asked for is no longer the one who bears that name: nothing was changed. Ask again.`,
  IdempotencyKeyReused: () =>
    'This Idempotency-Key was already used for another request: send a new key with each new request.',
  SignedRequestReplayed: () => 'This signed request was already received: sign each request anew.',
  InputWrongType: ({ Field, Type }) => `${Field} must be ${Type}.`,
  InputUnknownParameter: ({ Field, Call }) => `${Field} is not a parameter of ${Call}.`,
  InputRequired: ({ Field }) => `${Field} is required.`,
  InputTooLong: ({ Field, Max }) => `${Field} must be at most ${Max} characters long.`,
  InputTooShort: ({ Field, Min }) => `${Field} must be at least ${Min} characters long.`,
  InputTooManyItems: ({ Field, Max }) => `${Field} may hold at most ${Max} items.`,
  InputValueNotAllowed: ({ Field }) => `${Field} has a value that is not allowed.`,
  InputInvalid: () => 'The request is not valid.',
  InputForbiddenCharacter: ({ Field }) =>
    `${Field} contains a character that is not allowed (NUL or an unpaired surrogate).`,
};
