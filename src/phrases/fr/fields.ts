import type { FieldWords } from '../action-facts.js';

/** Les droits, tels que le formulaire des utilisateurs les nomme. */
export const rightNames = {
  TokenValidator: 'Token validator',
  ManageNetwork: 'IP',
  ManageIpFailOvers: 'Additional IP',
  ManageUsers: 'Gérer les utilisateurs',
  ManageAccount: 'Gérer le compte',
  ReadAuditLog: "Consulter le journal d'audit",
  Support: 'Assistance',
  SubmitOperations: 'Soumettre des opérations (plateforme)',
};

function list(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}

/** Les champs du profil, comme les libellent les formulaires de la console (ses mots `field` aussi). */
export const formLabels = {
  FirstName: 'Prénom',
  LastName: 'Nom',
  CompanyName: 'Nom de la société',
  JobTitle: 'Fonction',
  VatNumber: 'Numéro de TVA',
  PhoneNumber: 'Téléphone fixe',
  MobileNumber: 'Téléphone mobile',
  City: 'Ville',
  ZipCode: 'Code postal',
  StateProvince: 'État ou province',
  Country: 'Pays',
  AdditionalEmails: 'Adresses e-mail supplémentaires',
};

/** Les champs et valeurs d'une opération, nommés comme dans les formulaires de la console. */
export const fieldWords: FieldWords = {
  labels: {
    ...formLabels,
    Email: 'Adresse e-mail',
    UserEmail: 'Adresse e-mail',
    NewUserEmail: 'Adresse e-mail',
    UserName: "Nom d'utilisateur",
    NewUserName: "Nom d'utilisateur",
    Path: 'Chemin',
    NewPath: 'Chemin',
    Password: 'Mot de passe',
    NewPassword: 'Nouveau mot de passe',
    SignOutOtherDevices: 'Déconnecter les autres appareils',
    ExpirationDate: "Date d'expiration",
    ClearExpirationDate: "N'expire jamais",
    Tag: 'Étiquette',
    ClearTag: "Retirer l'étiquette",
    State: 'État',
    Rights: 'Droits',
    AdvancedSecurity: 'Sécurité avancée',
    ValidationPolicy: 'Qui valide',
    RequireSecondFactor: 'Validation en deux étapes pour tous',
    Name: 'Nom de la clé d’accès',
    Provider: 'Fournisseur de connexion',
    ProviderEmail: 'Adresse e-mail chez le fournisseur',
    Language: 'Langue',
  },
  userLabels: { PhoneNumber: 'Numéro de téléphone' },
  values: {
    AdvancedSecurity: { true: 'Activée', false: 'Désactivée' },
    RequireSecondFactor: { true: 'Exigée', false: 'Non exigée' },
    ValidationPolicy: {
      OtherValidator: 'Un autre valideur : personne ne valide sa propre demande',
      AnyValidator: 'Tout valideur, le demandeur compris',
    },
    State: { ACTIVE: 'Active', INACTIVE: 'Désactivée' },
    Language: { en: 'anglais', fr: 'français' },
  },
  yesNo: { true: 'Oui', false: 'Non' },
  rights: rightNames,
  noRight: 'Aucun droit',
  notSet: 'non renseigné',
  secret: 'modifié (secret)',
  owner: 'propriétaire du compte',
  list,
};
