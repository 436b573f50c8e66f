import { declareErrors, fieldRefusal, refusal, type Localized } from './errors.js';

/** What this capability refuses, and why: the sentences are in src/phrases/. */
export const ruleErrors = declareErrors({
  // Free text and names (text.ts).
  TextInvalidUnicode: refusal<{ Field: string }>('InvalidParameterValue'),
  TextHasControlCharacters: refusal<{ Field: string }>('InvalidParameterValue'),
  RequiredTextEmpty: refusal<{ Field: string }>('InvalidParameterValue'),
  TextTooLong: refusal<{ Field: string; Max: number }>('InvalidParameterLength'),
  PersonNameInvalid: refusal<{ Field: string }>('InvalidParameterValue'),
  // Contact fields (contact-fields.ts).
  PhoneNumberInvalid: refusal<{ Field: string }>('InvalidParameterValue'),
  PhoneNumberNeedsCountry: refusal<{ Field: string; CountryField: string }>('InvalidParameterValue'),
  CountryInvalid: refusal<{ Field: string }>('InvalidParameterValue'),
  VatNumberMalformed: refusal<{ Field: string }>('InvalidParameterValue'),
  VatNumberInvalid: refusal<{ Field: string; Vat: string }>('InvalidParameterValue'),
  VatNumberOfAnotherCountry: refusal<{ Field: string; Vat: string; VatCountry: string; Country: string }>(
    'InvalidParameterValue',
  ),
  VatNumberWithoutCountryCode: refusal<{ Field: string; Country: string }>('InvalidParameterValue'),
  PostalCodeInvalidForCountry: refusal<{ Field: string; Code: string; Country: string }>('InvalidParameterValue'),
  PostalCodeInvalid: refusal<{ Field: string; Code: string }>('InvalidParameterValue'),
  // The account's profile (account-profile.ts).
  TooManyAdditionalEmails: fieldRefusal<{ Max: number }>('InvalidParameterValue', 'AdditionalEmails'),
  AdditionalEmailRepeated: fieldRefusal<{ Address: string }>('InvalidParameterValue', 'AdditionalEmails'),
  StoredValueUnfitForCountry: refusal<{
    Field: string;
    Value: string;
    CountryField: string;
    Country: string;
  }>('InvalidParameterValue'),
  // Email addresses (email-address.ts).
  EmailAddressInvalid: refusal<{ Field: string }>('InvalidEmail'),
  // New passwords (password-policy.ts).
  PasswordTooShort: refusal<{ Field: string; Min: number }>('InvalidPassword'),
  PasswordTooLong: refusal<{ Field: string; Max: number }>('InvalidPassword'),
  PasswordHasControlCharacters: refusal<{ Field: string }>('InvalidPassword'),
  PasswordBuiltFromOwnWords: refusal<{ Field: string }>('InvalidPassword'),
  PasswordTooGuessable: refusal<{ Field: string }>('InvalidPassword'),
  // EIM names (eim-names.ts).
  UserNameInvalid: refusal<{ Field: string }>('InvalidParameterValue'),
  UserNameReadsAsOwner: refusal<{ Field: string; Value: string }>('InvalidParameterValue'),
  UserPathInvalid: refusal<{ Field: string }>('InvalidParameterValue'),
  // Rights (rights.ts).
  UnknownRight: refusal<{ Field: string; Name: string; Rights: string }>('InvalidParameterValue'),
  RightNamedTwice: refusal<{ Field: string; Name: string }>('InvalidParameterValue'),
  // Dates (oapi-dates.ts).
  DateMalformed: refusal<{ Field: string }>('InvalidParameterValue'),
  // Operations (operations.ts).
  RequesterCannotValidate: refusal('NotAuthorized'),
  TooFewTokenValidators: refusal<{ Policy: string; Needed: number; Ready: number; Lacking: Localized }>(
    'InvalidParameterValue',
  ),
  // Authorization (authorization.ts).
  RightRequired: refusal<{ Call: string; Right: string }>('NotAuthorized'),
  PlatformAccountOnly: refusal<{ Call: string }>('NotAuthorized'),
  OwnerOnlyField: refusal<{ Field: string }>('NotAuthorized'),
  NotForSelfField: refusal<{ Field: string }>('NotAuthorized'),
  RightsNotHeldToMove: refusal<{ Rights: string }>('NotAuthorized'),
  TargetHoldsRightsNotHeld: refusal<{ Rights: string }>('NotAuthorized'),
});
