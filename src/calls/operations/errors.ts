import { declareErrors, fieldRefusal, refusal } from '../../domain/errors.js';

/** What this capability refuses, and why: the sentences are in src/phrases/. */
export const operationErrors = declareErrors({
  OperationNotFound: refusal<{ OperationId: string }>('NoSuchResource'),
  OperationAlreadyCarriedOut: refusal<{ OperationId: string }>('OperationNotPending'),
  OperationAlreadyFailed: refusal<{ OperationId: string }>('OperationNotPending'),
  OperationCancelled: refusal<{ OperationId: string }>('OperationNotPending'),
  OperationExpired: refusal<{ OperationId: string }>('OperationNotPending'),
  OperationRequesterDisabled: refusal('NotAuthorized'),
  TooManyWrongOperationTokens: refusal<{ OperationId: string }>('InvalidParameterValue'),
  WrongOperationToken: refusal<{ OperationId: string; Left: number }>('InvalidParameterValue'),
  NotAllowedToCancelOperation: refusal('NotAuthorized'),
  NoOperationResultWaiting: refusal<{ OperationId: string }>('NoSuchResource'),
  CustomerAccountNotFound: refusal<{ AccountId: string }>('NoSuchResource'),
  WebhookSecretNotConfigured: fieldRefusal('InvalidParameterValue', 'WebhookUrl'),
  WebhookUrlMalformed: fieldRefusal('InvalidParameterValue', 'WebhookUrl'),
  WebhookUrlNotHttps: fieldRefusal('InvalidParameterValue', 'WebhookUrl'),
  OtherAccountOperationsPlatformOnly: refusal('NotAuthorized'),
  SecondFactorRequiredByPlatform: fieldRefusal('InvalidParameterValue', 'RequireSecondFactor'),
});
