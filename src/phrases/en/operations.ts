import type { operationErrors } from '../../calls/operations/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const operations: PhrasesFor<typeof operationErrors> = {
  OperationNotFound: ({ OperationId }) => `There is no operation ${OperationId} in this account.`,
  OperationAlreadyCarriedOut: ({ OperationId }) => `Operation ${OperationId} was already validated and carried out.`,
  OperationAlreadyFailed: ({ OperationId }) => `Operation ${OperationId} was already validated, and failed.`,
  OperationCancelled: ({ OperationId }) => `Operation ${OperationId} was cancelled.`,
  OperationExpired: ({ OperationId }) => `Operation ${OperationId} has expired.`,
  OperationRequesterDisabled: () => 'The user who asked for this operation is disabled or deleted.',
  TooManyWrongOperationTokens: ({ OperationId }) =>
    `Too many wrong tokens: operation ${OperationId} is cancelled, and nothing changed.`,
  WrongOperationToken: ({ OperationId, Left }) =>
    `This is not the token mailed to you for operation ${OperationId}: ${Left} tries left.`,
  NotAllowedToCancelOperation: () => 'Only who asked for an operation, or a token validator, may cancel it.',
  NoOperationResultWaiting: ({ OperationId }) =>
    `Operation ${OperationId} has no result waiting for you: only its requester reads it, once.`,
  CustomerAccountNotFound: ({ AccountId }) => `There is no account ${AccountId}.`,
  WebhookSecretNotConfigured: ({ Field }) =>
    `${Field} needs TESSERA_WEBHOOK_SECRET on the server: poll ReadOperations instead.`,
  WebhookUrlMalformed: ({ Field }) => `${Field} is not a URL.`,
  WebhookUrlNotHttps: ({ Field }) => `${Field} must be https:// (http:// only on loopback).`,
  OtherAccountOperationsPlatformOnly: () => "Only the platform's services read another account's operations.",
  SecondFactorRequiredByPlatform: ({ Field }) =>
    `This platform requires a second factor of every user: ${Field} stays true.`,
};
