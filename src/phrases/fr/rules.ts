import type { ruleErrors } from '../../domain/rule-errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const rules: PhrasesFor<typeof ruleErrors> = {
  TextInvalidUnicode: ({ Field }) => `${Field} contient un caractère Unicode invalide.`,
  TextHasControlCharacters: ({ Field }) =>
    `${Field} ne doit pas contenir de caractères de contrôle ni de marques invisibles (retour à la ligne, tabulation, marque de direction…).`,
  RequiredTextEmpty: ({ Field }) => `${Field} ne doit pas être vide.`,
  TextTooLong: ({ Field, Max }) => `${Field} doit faire au plus ${Max} caractères.`,
  PersonNameInvalid: ({ Field }) =>
    `${Field} ne peut contenir que des lettres, espaces, apostrophes, tirets et points, et doit commencer par une lettre.`,
  PhoneNumberInvalid: ({ Field }) =>
    `${Field} n'est pas un numéro de téléphone valide ; écrivez-le sous forme internationale, par exemple +33 6 12 34 56 78.`,
  PhoneNumberNeedsCountry: ({ Field, CountryField }) =>
    `${Field} est écrit comme un numéro national, et le compte n'a pas de pays (${CountryField}) pour dire lequel : écrivez-le sous forme internationale, par exemple +33 6 12 34 56 78, ou indiquez d'abord le pays du compte.`,
  CountryInvalid: ({ Field }) =>
    `${Field} doit être un code pays ISO 3166-1 à deux lettres, par exemple FR, ou un nom de pays en français ou en anglais.`,
  VatNumberMalformed: ({ Field }) => `${Field} ne peut contenir que des lettres et des chiffres (2 à 20).`,
  VatNumberInvalid: ({ Field, Vat }) => `${Field} ${Vat} n'est pas un numéro de TVA valide.`,
  VatNumberOfAnotherCountry: ({ Field, Vat, VatCountry, Country }) =>
    `${Field} ${Vat} est un numéro de TVA de ${VatCountry}, mais le pays (Country) du compte est ${Country}.`,
  VatNumberWithoutCountryCode: ({ Field, Country }) =>
    `${Field} doit commencer par son code pays, par exemple ${Country}.`,
  PostalCodeInvalidForCountry: ({ Field, Code, Country }) =>
    `${Field} ${Code} n'est pas un code postal valide pour ${Country}.`,
  PostalCodeInvalid: ({ Field, Code }) => `${Field} ${Code} n'est pas un code postal valide.`,
  TooManyAdditionalEmails: ({ Field, Max }) => `${Field} peut contenir au plus ${Max} adresses.`,
  AdditionalEmailRepeated: ({ Field, Address }) =>
    `${Field} contient ${Address} deux fois, ou reprend l'adresse principale (Email) du compte.`,
  StoredValueUnfitForCountry: ({ Field, Value, CountryField, Country }) =>
    `Le ${Field} enregistré (${Value}) ne correspond pas au nouveau pays ${Country} ; envoyez un nouveau ${Field} avec le pays (${CountryField}).`,
  EmailAddressInvalid: ({ Field }) => `${Field} n'est pas une adresse e-mail valide.`,
  PasswordTooShort: ({ Field, Min }) => `${Field} doit faire au moins ${Min} caractères.`,
  PasswordTooLong: ({ Field, Max }) => `${Field} doit faire au plus ${Max} caractères.`,
  PasswordHasControlCharacters: ({ Field }) => `${Field} ne doit pas contenir de caractères de contrôle.`,
  PasswordBuiltFromOwnWords: ({ Field }) =>
    `${Field} est construit à partir de vos nom, e-mail, société ou du nom du produit : choisissez autre chose.`,
  PasswordTooGuessable: ({ Field }) =>
    `${Field} est trop facile à deviner : évitez les mots courants, les suites, les répétitions, vos nom, e-mail ou société. Quelques mots sans rapport entre eux font un mot de passe solide.`,
  UserNameInvalid: ({ Field }) =>
    `${Field} doit compter de 1 à 64 caractères : lettres, chiffres et + = , . @ - _ seulement.`,
  UserNameReadsAsOwner: ({ Field, Value }) =>
    `${Field} ne peut pas être ${JSON.stringify(Value)} : il se lit comme le propriétaire du compte, que les valideurs et le journal nomment ainsi. Choisissez un autre nom.`,
  UserPathInvalid: ({ Field }) =>
    `${Field} doit commencer et finir par « / » et compter au plus 512 lettres, chiffres, « / » et « _ », comme « / » ou « /equipe/ ».`,
  UnknownRight: ({ Field, Name, Rights }) =>
    `${Field} : ${JSON.stringify(Name)} n'est pas un droit. Les droits sont : ${Rights}.`,
  RightNamedTwice: ({ Field, Name }) => `${Field} cite ${Name} deux fois.`,
  DateMalformed: ({ Field }) =>
    `${Field} doit être une date ou une date-heure ISO 8601, par exemple 2030-12-31 ou 2030-12-31T23:59:59Z.`,
  RequesterCannotValidate: () =>
    'Vous avez demandé cette opération : avec la politique OtherValidator, un autre valideur de jetons doit la confirmer.',
  TooFewTokenValidators: ({ Policy, Needed, Ready, Lacking }) =>
    `${Policy} demande ${Needed} valideurs de jetons à l'e-mail confirmé ; ${Ready} peuvent recevoir des jetons. Valideurs qui ne le peuvent pas : ${Lacking}.`,
  RightRequired: ({ Call, Right }) =>
    `Vous n'êtes pas autorisé à effectuer cette action : ${Call} demande le droit ${Right}.`,
  PlatformAccountOnly: ({ Call }) =>
    `Vous n'êtes pas autorisé à effectuer cette action : ${Call} est réservé aux services et à l'équipe de la plateforme (utilisateurs de son compte plateforme).`,
  OwnerOnlyField: ({ Field }) =>
    `Vous n'êtes pas autorisé à effectuer cette action : seul le propriétaire du compte peut modifier ${Field}.`,
  NotForSelfField: ({ Field }) =>
    `Vous n'êtes pas autorisé à effectuer cette action : personne ne peut modifier ses propres ${Field}.`,
  RightsNotHeldToMove: ({ Rights }) =>
    `Vous n'êtes pas autorisé à effectuer cette action : vous ne pouvez accorder ou retirer que des droits que vous détenez vous-même (${Rights}).`,
  TargetHoldsRightsNotHeld: ({ Rights }) =>
    `Vous n'êtes pas autorisé à effectuer cette action : cet utilisateur détient des droits que vous n'avez pas (${Rights}).`,
};
