import { Type, type Static } from '@sinclair/typebox';
import { MAX_ADDITIONAL_EMAILS, type Profile } from '../../domain/account-profile.js';
import { profileOf, type AccountSnapshot } from '../../store/accounts.js';

// Generous bounds at the schema level stop absurd input before any rule runs; the rules in
// domain/ then apply the real limits with a precise message.
const text = (description: string) => Type.String({ maxLength: 256, description });

export const ProfileFields = {
  AdditionalEmails: Type.Optional(
    Type.Array(Type.String({ maxLength: 254 }), {
      maxItems: MAX_ADDITIONAL_EMAILS,
      description: 'Notification-only addresses. Replaces the whole list; [] clears it.',
    }),
  ),
  City: Type.Optional(text('The city of the account owner.')),
  CompanyName: Type.Optional(text('The name of the company for the account.')),
  Country: Type.Optional(text('ISO 3166-1 alpha-2 code, or a country name in English or French.')),
  FirstName: Type.Optional(text('The first name of the account owner.')),
  JobTitle: Type.Optional(text('The job title of the account owner.')),
  LastName: Type.Optional(text('The last name of the account owner.')),
  MobileNumber: Type.Optional(text('The mobile phone number, stored in E.164.')),
  PhoneNumber: Type.Optional(text('The landline phone number, stored in E.164.')),
  StateProvince: Type.Optional(text('The state or province of the account owner.')),
  VatNumber: Type.Optional(text('The value added tax (VAT) number for the account.')),
  ZipCode: Type.Optional(text('The postal code of the city.')),
};

export const Account = Type.Object(
  {
    AccountId: Type.String({ description: 'The ID of the account: 12 digits, immutable.' }),
    AdditionalEmails: Type.Array(Type.String()),
    City: Type.Optional(Type.String()),
    CompanyName: Type.Optional(Type.String()),
    Country: Type.Optional(Type.String()),
    CustomerId: Type.String({ description: 'The ID of the customer: 8 digits, immutable.' }),
    Email: Type.String({ description: 'The main email address: the login and the address for notifications.' }),
    FirstName: Type.String(),
    JobTitle: Type.Optional(Type.String()),
    LastName: Type.String(),
    MobileNumber: Type.Optional(Type.String()),
    PhoneNumber: Type.Optional(Type.String()),
    StateProvince: Type.Optional(Type.String()),
    VatNumber: Type.Optional(Type.String()),
    ZipCode: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export type AccountOutput = Static<typeof Account>;

export function accountOutput(row: AccountSnapshot, profile: Profile = profileOf(row)): AccountOutput {
  return { AccountId: row.account_id, CustomerId: row.customer_id, Email: row.email, ...profile };
}
