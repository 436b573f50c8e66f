import { onlyFields, rightsChange, type ActionFacts, type ActionSentences } from '../action-facts.js';

/** « le droit Token validator », « les droits A et B ». */
function rights(facts: ActionFacts, names: readonly string[]): string {
  return `${names.length === 1 ? 'le droit' : 'les droits'} ${facts.list(names.map(facts.right))}`;
}

/** Donner ou retirer des droits, dit comme une personne le dirait. */
function rightsSentence(facts: ActionFacts): string {
  const { added, removed } = rightsChange(facts);
  if (added.length > 0 && removed.length === 0) return `Donner à ${facts.who} ${rights(facts, added)}`;
  if (removed.length > 0 && added.length === 0) return `Retirer à ${facts.who} ${rights(facts, removed)}`;
  return `Modifier les droits de ${facts.who}`;
}

const SECURITY: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  AdvancedSecurity: { true: 'Activer la sécurité avancée', false: 'Désactiver la sécurité avancée' },
  ValidationPolicy: {
    OtherValidator: "Exiger qu'un autre valideur confirme chaque demande",
    AnyValidator: 'Permettre aux valideurs de confirmer leurs propres demandes',
  },
  RequireSecondFactor: {
    true: 'Exiger la validation en deux étapes de chaque utilisateur',
    false: 'Ne plus exiger la validation en deux étapes de chaque utilisateur',
  },
};

/** Ce que fait chaque action, en français, tel que le disent l'e-mail du jeton et la page Opérations. */
export const actions: ActionSentences = {
  UpdateAccount: ({ value }) =>
    value.Email ? `Changer l'adresse e-mail du compte pour ${value.Email}` : 'Mettre à jour les informations du compte',
  CreateAccessKey: ({ who }) => `Créer une clé d'API pour ${who}`,
  UpdateAccessKey: ({ who, value }) => {
    const key = value.AccessKeyId ? ` ${value.AccessKeyId}` : '';
    if (value.State === 'ACTIVE') return `Activer la clé d'API${key} de ${who}`;
    if (value.State === 'INACTIVE') return `Désactiver la clé d'API${key} de ${who}`;
    return `Modifier la clé d'API${key} de ${who}`;
  },
  DeleteAccessKey: ({ who, value }) =>
    `Supprimer la clé d'API${value.AccessKeyId ? ` ${value.AccessKeyId}` : ''} de ${who}`,
  ConfirmEmail: ({ who }) => `Confirmer l'adresse e-mail de ${who}`,
  CancelEmailChange: ({ who }) => `Annuler le changement d'adresse e-mail de ${who}`,
  ResendEmailConfirmation: ({ who }) => `Renvoyer le lien de confirmation de l'adresse e-mail de ${who}`,
  UpdatePassword: ({ who }) => `Changer le mot de passe de ${who}`,
  SendResetPasswordEmail: () => 'Envoyer un lien pour réinitialiser un mot de passe',
  ResetAccountPassword: ({ who }) => `Réinitialiser le mot de passe de ${who}`,
  DeleteSession: ({ who }) => `Déconnecter ${who} d'un appareil`,
  DeleteOtherSessions: ({ who }) => `Déconnecter ${who} de tous les autres appareils`,
  SignUp: () => 'Créer un compte',
  SignIn: ({ who }) => `Se connecter en tant que ${who}`,
  CompleteSignIn: ({ who }) => `Terminer la connexion de ${who}`,
  SignOut: ({ who }) => `Déconnecter ${who}`,
  CreateUser: (facts) => {
    const name = facts.value.UserName ?? '';
    const full = [facts.value.FirstName, facts.value.LastName].filter(Boolean).join(' ');
    const user = full ? `${full} (${name})` : name;
    const granted = rightsChange(facts).added;
    return `Créer l'utilisateur ${user}${granted.length > 0 ? ` avec ${rights(facts, granted)}` : ''}`;
  },
  UpdateUser: ({ who, value }) => {
    if (value.NewUserName && !value.NewUserEmail) return `Renommer l'utilisateur ${who} en ${value.NewUserName}`;
    if (value.NewUserEmail && !value.NewUserName)
      return `Changer l'adresse e-mail de ${who} pour ${value.NewUserEmail}`;
    return `Modifier l'utilisateur ${who}`;
  },
  DeleteUser: ({ who }) => `Supprimer l'utilisateur ${who}`,
  UpdateUserDetails: (facts) => {
    const { value, who } = facts;
    if (onlyFields(facts, 'UserName', 'Rights') && value.Rights !== undefined) return rightsSentence(facts);
    if (onlyFields(facts, 'UserName', 'Email') && value.Email !== undefined)
      return `Changer l'adresse e-mail de ${who} pour ${value.Email}`;
    return `Modifier les informations de ${who}`;
  },
  EnableUser: ({ who }) => `Réactiver l'utilisateur ${who}`,
  DisableUser: ({ who }) => `Désactiver l'utilisateur ${who}`,
  ResendInvitation: ({ who }) => `Renvoyer l'invitation de ${who}`,
  AcceptInvitation: () => 'Accepter une invitation et choisir un mot de passe',
  StartExternalSignIn: ({ value }) =>
    value.Intent === 'Link'
      ? `Commencer à lier ${value.Provider ?? 'un fournisseur'}`
      : `Se connecter avec ${value.Provider ?? 'un fournisseur'}`,
  CompleteExternalSignIn: ({ who }) => `Terminer la connexion de ${who} par un fournisseur`,
  LinkLogin: ({ who, value }) => `Permettre à ${who} de se connecter avec ${value.Provider ?? 'un fournisseur'}`,
  UnlinkLogin: ({ who, value }) => `Retirer à ${who} la connexion avec ${value.Provider ?? 'un fournisseur'}`,
  SendAddPasswordEmail: ({ who }) => `Envoyer à ${who} un lien pour ajouter un mot de passe`,
  UpdateLanguage: ({ who, value }) => {
    const language = { en: 'anglais', fr: 'français' }[value.Language ?? ''] ?? value.Language;
    return language ? `Passer la langue de ${who} en ${language}` : `Changer la langue de ${who}`;
  },
  UpdateAccountSecurity: ({ value }) => {
    const said = Object.entries(value).flatMap(([field, to]) => SECURITY[field]?.[to] ?? []);
    return said.length === 1 ? said[0]! : 'Modifier les réglages de la sécurité avancée';
  },
  ClaimOperationResult: ({ value }) => `Lire le résultat de l'opération ${value.OperationId ?? ''}`.trimEnd(),
  ValidateOperation: ({ value }) => `Valider l'opération ${value.OperationId ?? ''}`.trimEnd(),
  CancelOperation: ({ value }) => `Annuler l'opération ${value.OperationId ?? ''}`.trimEnd(),
  CreateOperation: () => 'Soumettre une action de la plateforme à validation',
  CreateSupportCode: ({ who }) => `Créer un code d'assistance pour ${who}`,
  CheckSupportCode: () => "Vérifier le code d'assistance d'un client",
  CreateTotp: ({ who }) => `Commencer l'ajout d'une application d'authentification pour ${who}`,
  ConfirmTotp: ({ who }) => `Ajouter une application d'authentification pour ${who}`,
  DeleteTotp: ({ who }) => `Retirer l'application d'authentification de ${who}`,
  CreateRecoveryCodes: ({ who }) => `Créer de nouveaux codes de secours pour ${who}`,
  ReauthenticateWithSecondFactor: ({ who }) => `Confirmer l'identité de ${who} avec un second facteur`,
  CreatePasskeyOptions: ({ who }) => `Commencer l'ajout d'une clé d’accès pour ${who}`,
  CreatePasskey: ({ who, value }) =>
    value.Name ? `Ajouter la clé d’accès « ${value.Name} » pour ${who}` : `Ajouter une clé d’accès pour ${who}`,
  DeletePasskey: ({ who }) => `Retirer une clé d’accès de ${who}`,
  StartPasskeySignIn: () => 'Commencer une connexion par clé d’accès',
  CompletePasskeySignIn: ({ who }) => `Se connecter avec une clé d’accès en tant que ${who}`,
};
