import type { FieldWords } from '../action-facts.js';

/** The rights as the console's users form names them. */
export const rightNames = {
  TokenValidator: 'Token validator',
  ManageNetwork: 'IP',
  ManageIpFailOvers: 'Additional IP',
  ManageUsers: 'Manage users',
  ManageAccount: 'Manage the account',
  ReadAuditLog: 'Read the audit log',
  Support: 'Support',
  SubmitOperations: 'Submit operations (platform)',
};

function list(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The profile's fields as the console's forms label them (the console's `field` words too). */
export const formLabels = {
  FirstName: 'First name',
  LastName: 'Last name',
  CompanyName: 'Company name',
  JobTitle: 'Job title',
  VatNumber: 'VAT number',
  PhoneNumber: 'Landline phone',
  MobileNumber: 'Mobile phone',
  City: 'City',
  ZipCode: 'Postal code',
  StateProvince: 'State or province',
  Country: 'Country',
  AdditionalEmails: 'Additional email addresses',
};

/** Fields and values of an operation, as the console's forms name them. */
export const fieldWords: FieldWords = {
  labels: {
    ...formLabels,
    Email: 'Email address',
    UserEmail: 'Email address',
    NewUserEmail: 'Email address',
    UserName: 'User name',
    NewUserName: 'User name',
    Path: 'Path',
    NewPath: 'Path',
    Password: 'Password',
    NewPassword: 'New password',
    SignOutOtherDevices: 'Sign out of other devices',
    ExpirationDate: 'Expiration date',
    ClearExpirationDate: 'Never expires',
    Tag: 'Tag',
    ClearTag: 'Remove the tag',
    State: 'State',
    Rights: 'Rights',
    AdvancedSecurity: 'Advanced security',
    ValidationPolicy: 'Who validates',
    RequireSecondFactor: 'Two-step verification for everyone',
    Name: 'Passkey name',
    Provider: 'Sign-in provider',
    ProviderEmail: 'Email address at the provider',
    Language: 'Language',
  },
  userLabels: { PhoneNumber: 'Phone number' },
  values: {
    AdvancedSecurity: { true: 'On', false: 'Off' },
    RequireSecondFactor: { true: 'Required', false: 'Not required' },
    ValidationPolicy: {
      OtherValidator: 'Another validator: nobody validates their own request',
      AnyValidator: 'Any validator, the requester included',
    },
    State: { ACTIVE: 'Active', INACTIVE: 'Inactive' },
    Language: { en: 'English', fr: 'French' },
  },
  yesNo: { true: 'Yes', false: 'No' },
  rights: rightNames,
  noRight: 'No right',
  notSet: 'not set',
  secret: 'changed (secret)',
  owner: 'account owner',
  list,
};
