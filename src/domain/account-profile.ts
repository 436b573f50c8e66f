import { cleanCountry, cleanPhone, cleanPostalCode, cleanVatNumber } from './contact-fields.js';
import { canonicalEmail, emailKey } from './email-address.js';
import { checkEach } from './errors.js';
import { ruleErrors } from './rule-errors.js';
import { cleanPersonName, cleanText } from './text.js';

/** The account fields a person edits: exactly OAPI's UpdateAccount members but Email. */
export interface Profile {
  FirstName: string;
  LastName: string;
  CompanyName?: string;
  JobTitle?: string;
  PhoneNumber?: string;
  MobileNumber?: string;
  City?: string;
  ZipCode?: string;
  StateProvince?: string;
  Country?: string;
  VatNumber?: string;
  AdditionalEmails: string[];
}

type OptionalTextField = 'CompanyName' | 'JobTitle' | 'City' | 'StateProvince';
type OptionalField = Exclude<keyof Profile, 'FirstName' | 'LastName' | 'AdditionalEmails'>;

/** What a caller may send: '' clears an optional field. */
export type ProfileInput = { [K in Exclude<keyof Profile, 'AdditionalEmails'>]?: string } & {
  AdditionalEmails?: string[];
};

export const MAX_ADDITIONAL_EMAILS = 10;

const TEXT_LIMITS: Record<OptionalTextField, number> = {
  CompanyName: 128,
  JobTitle: 128,
  City: 128,
  StateProvince: 128,
};

function cleanAdditionalEmails(list: string[], primaryEmail: string): string[] {
  if (list.length > MAX_ADDITIONAL_EMAILS) {
    throw ruleErrors.TooManyAdditionalEmails({ Max: MAX_ADDITIONAL_EMAILS });
  }
  const seen = new Set([emailKey(primaryEmail)]);
  return list.map((raw) => {
    const address = canonicalEmail('AdditionalEmails', raw);
    if (seen.has(emailKey(address))) {
      throw ruleErrors.AdditionalEmailRepeated({ Address: address });
    }
    seen.add(emailKey(address));
    return address;
  });
}

/**
 * The profile after applying `input` to `current`, every field checked and normalised, and the
 * fields that depend on the country (postal code, VAT number) checked against the resulting
 * country. Refuses with every invalid field at once (the first in field order as the answer's
 * error); nothing is partly applied.
 */
export function reviseProfile(current: Profile, input: ProfileInput, primaryEmail: string): Profile {
  const next: Profile = { ...current, AdditionalEmails: [...current.AdditionalEmails] };
  const optional = (field: OptionalField, clean: (value: string) => string) => (): void => {
    const value = input[field];
    if (value === undefined) return;
    if (value.trim() === '') next[field] = undefined;
    else next[field] = clean(value);
  };

  // The country first: the phones, postal code and VAT number are read in the country sent.
  checkEach([
    () => {
      if (input.FirstName !== undefined) next.FirstName = cleanPersonName('FirstName', input.FirstName);
    },
    () => {
      if (input.LastName !== undefined) next.LastName = cleanPersonName('LastName', input.LastName);
    },
    ...(Object.keys(TEXT_LIMITS) as OptionalTextField[]).map((field) =>
      optional(field, (value) => cleanText(field, value, { max: TEXT_LIMITS[field], required: false })),
    ),
    optional('Country', (value) => cleanCountry('Country', value)),
    optional('PhoneNumber', (value) => cleanPhone('PhoneNumber', value, next.Country)),
    optional('MobileNumber', (value) => cleanPhone('MobileNumber', value, next.Country)),
    optional('ZipCode', (value) => cleanPostalCode('ZipCode', value, next.Country)),
    optional('VatNumber', (value) => cleanVatNumber('VatNumber', value, next.Country)),
    () => {
      if (input.AdditionalEmails !== undefined)
        next.AdditionalEmails = cleanAdditionalEmails(input.AdditionalEmails, primaryEmail);
    },
  ]);

  if (next.Country !== current.Country) recheckCountryDependents(next, input);
  return next;
}

// A new country can make a stored postal code or VAT number wrong: the caller must send both
// together rather than end up with an inconsistent address.
function recheckCountryDependents(next: Profile, input: ProfileInput): void {
  const recheck = (field: 'ZipCode' | 'VatNumber', clean: (value: string) => string): void => {
    const stored = next[field];
    if (input[field] !== undefined || stored === undefined) return;
    try {
      clean(stored);
    } catch {
      throw ruleErrors.StoredValueUnfitForCountry({
        Field: field,
        Value: stored,
        CountryField: 'Country',
        Country: next.Country ?? '',
      });
    }
  };
  recheck('ZipCode', (value) => cleanPostalCode('ZipCode', value, next.Country));
  recheck('VatNumber', (value) => cleanVatNumber('VatNumber', value, next.Country));
}

/** The names of the fields whose value differs between two profiles. */
export function changedFields(before: Profile, after: Profile): (keyof Profile)[] {
  return (Object.keys({ ...before, ...after }) as (keyof Profile)[]).filter(
    (field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  );
}
