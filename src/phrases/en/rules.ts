import type { ruleErrors } from '../../domain/rule-errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const rules: PhrasesFor<typeof ruleErrors> = {
  TextInvalidUnicode: ({ Field }) => `${Field} contains an invalid Unicode character.`,
  TextHasControlCharacters: ({ Field }) =>
    `${Field} must not contain control characters or invisible marks such as line breaks, tabs or direction marks.`,
  RequiredTextEmpty: ({ Field }) => `${Field} must not be empty.`,
  TextTooLong: ({ Field, Max }) => `${Field} must be at most ${Max} characters long.`,
  PersonNameInvalid: ({ Field }) =>
    `${Field} may contain only letters, spaces, apostrophes, hyphens and dots, and must start with a letter.`,
  PhoneNumberInvalid: ({ Field }) =>
    `${Field} is not a valid phone number; write it in international form, such as +33 6 12 34 56 78.`,
  PhoneNumberNeedsCountry: ({ Field, CountryField }) =>
    `${Field} is written as a national number, and the account has no ${CountryField} to tell which nation: write it in international form, such as +33 6 12 34 56 78, or set the account's ${CountryField} first.`,
  CountryInvalid: ({ Field }) =>
    `${Field} must be an ISO 3166-1 two-letter country code, such as FR, or a country name in English or French.`,
  VatNumberMalformed: ({ Field }) => `${Field} may contain only letters and digits (2 to 20).`,
  VatNumberInvalid: ({ Field, Vat }) => `${Field} ${Vat} is not a valid VAT number.`,
  VatNumberOfAnotherCountry: ({ Field, Vat, VatCountry, Country }) =>
    `${Field} ${Vat} is a VAT number of ${VatCountry}, but the account's Country is ${Country}.`,
  VatNumberWithoutCountryCode: ({ Field, Country }) => `${Field} must start with its country code, such as ${Country}.`,
  PostalCodeInvalidForCountry: ({ Field, Code, Country }) =>
    `${Field} ${Code} is not a valid postal code for ${Country}.`,
  PostalCodeInvalid: ({ Field, Code }) => `${Field} ${Code} is not a valid postal code.`,
  TooManyAdditionalEmails: ({ Field, Max }) => `${Field} may hold at most ${Max} addresses.`,
  AdditionalEmailRepeated: ({ Field, Address }) =>
    `${Field} lists ${Address} twice, or repeats the account's main Email.`,
  StoredValueUnfitForCountry: ({ Field, Value, CountryField, Country }) =>
    `The stored ${Field} ${Value} does not fit the new ${CountryField} ${Country}; send a new ${Field} with the ${CountryField}.`,
  EmailAddressInvalid: ({ Field }) => `${Field} is not a valid email address.`,
  PasswordTooShort: ({ Field, Min }) => `${Field} must be at least ${Min} characters long.`,
  PasswordTooLong: ({ Field, Max }) => `${Field} must be at most ${Max} characters long.`,
  PasswordHasControlCharacters: ({ Field }) => `${Field} must not contain control characters.`,
  PasswordBuiltFromOwnWords: ({ Field }) =>
    `${Field} is built from your own name, email, company or the product's name: choose something unrelated to them.`,
  PasswordTooGuessable: ({ Field }) =>
    `${Field} is too easy to guess: avoid common words, sequences, repeats and your own name, email or company. A few unrelated words make a strong password.`,
  UserNameInvalid: ({ Field }) => `${Field} must be 1 to 64 characters: letters, digits and + = , . @ - _ only.`,
  UserNameReadsAsOwner: ({ Field, Value }) =>
    `${Field} cannot be ${JSON.stringify(Value)}: it reads as the account's owner, whom validators and the trail name so. Choose another name.`,
  UserPathInvalid: ({ Field }) =>
    `${Field} must begin and end with "/" and hold at most 512 letters, digits, "/" and "_", such as "/" or "/team/".`,
  UnknownRight: ({ Field, Name, Rights }) =>
    `${Field}: ${JSON.stringify(Name)} is not a right. The rights are: ${Rights}.`,
  RightNamedTwice: ({ Field, Name }) => `${Field} names ${Name} twice.`,
  DateMalformed: ({ Field }) =>
    `${Field} must be an ISO 8601 date or date-time, such as 2030-12-31 or 2030-12-31T23:59:59Z.`,
  RequesterCannotValidate: () =>
    'You asked for this operation: under the OtherValidator policy another token validator must confirm it.',
  TooFewTokenValidators: ({ Policy, Needed, Ready, Lacking }) =>
    `${Policy} needs ${Needed} token validators with a confirmed email; ${Ready} can receive tokens. Validators who cannot: ${Lacking}.`,
  RightRequired: ({ Call, Right }) =>
    `You are not authorized to perform this action: ${Call} needs the ${Right} right.`,
  PlatformAccountOnly: ({ Call }) =>
    `You are not authorized to perform this action: ${Call} is for the platform's own services and staff (users of its platform account).`,
  OwnerOnlyField: ({ Field }) =>
    `You are not authorized to perform this action: only the account's owner may change ${Field}.`,
  NotForSelfField: ({ Field }) =>
    `You are not authorized to perform this action: no one may change their own ${Field}.`,
  RightsNotHeldToMove: ({ Rights }) =>
    `You are not authorized to perform this action: you can only grant or remove rights you hold yourself (${Rights}).`,
  TargetHoldsRightsNotHeld: ({ Rights }) =>
    `You are not authorized to perform this action: this user holds rights you do not (${Rights}).`,
};
