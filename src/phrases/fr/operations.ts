import type { operationErrors } from '../../calls/operations/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const operations: PhrasesFor<typeof operationErrors> = {
  OperationNotFound: ({ OperationId }) => `Il n'y a pas d'opération ${OperationId} dans ce compte.`,
  OperationAlreadyCarriedOut: ({ OperationId }) => `L'opération ${OperationId} a déjà été validée et exécutée.`,
  OperationAlreadyFailed: ({ OperationId }) => `L'opération ${OperationId} a déjà été validée, et a échoué.`,
  OperationCancelled: ({ OperationId }) => `L'opération ${OperationId} a été annulée.`,
  OperationExpired: ({ OperationId }) => `L'opération ${OperationId} a expiré.`,
  OperationRequesterDisabled: () => "L'utilisateur qui a demandé cette opération est désactivé ou supprimé.",
  TooManyWrongOperationTokens: ({ OperationId }) =>
    `Trop de jetons erronés : l'opération ${OperationId} est annulée, et rien n'a changé.`,
  WrongOperationToken: ({ OperationId, Left }) =>
    `Ce n'est pas le jeton qui vous a été envoyé pour l'opération ${OperationId} : encore ${Left} essais.`,
  NotAllowedToCancelOperation: () =>
    "Seuls l'auteur de la demande et les valideurs de jetons peuvent annuler une opération.",
  NoOperationResultWaiting: ({ OperationId }) =>
    `L'opération ${OperationId} n'a pas de résultat qui vous attend : seul son demandeur le lit, une fois.`,
  CustomerAccountNotFound: ({ AccountId }) => `Il n'y a pas de compte ${AccountId}.`,
  WebhookSecretNotConfigured: ({ Field }) =>
    `${Field} demande TESSERA_WEBHOOK_SECRET sur le serveur : interrogez ReadOperations à la place.`,
  WebhookUrlMalformed: ({ Field }) => `${Field} n'est pas une URL.`,
  WebhookUrlNotHttps: ({ Field }) => `${Field} doit être en https:// (http:// seulement en local).`,
  OtherAccountOperationsPlatformOnly: () =>
    "Seuls les services de la plateforme lisent les opérations d'un autre compte.",
  SecondFactorRequiredByPlatform: ({ Field }) =>
    `Cette plateforme exige un second facteur de chaque utilisateur : ${Field} reste à true.`,
};
