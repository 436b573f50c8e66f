import countries from 'i18n-iso-countries';
import { checkVAT, countries as vatCountries } from 'jsvat';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { isPostalCodeValid, normalizePostalCode } from './postal-codes.js';
import { ruleErrors } from './rule-errors.js';

const PHONE_SHAPE = /^\+?[\d ().\-/]{3,32}$/;

/**
 * A phone number in E.164. Accepts national forms (with the account's country as default),
 * international forms, and OVH's `+33.612345678`.
 */
export function cleanPhone(field: string, value: string, country: string | undefined): string {
  const text = value.replace(/^ +| +$/g, '');
  const invalid = (): never => {
    throw ruleErrors.PhoneNumberInvalid({ Field: field });
  };
  if (!PHONE_SHAPE.test(text)) return invalid();
  const ovh = /^\+(\d{1,3})\.(\d+)$/.exec(text);
  const number = ovh ? `+${ovh[1]}${ovh[2]}` : text;
  const parsed = parsePhoneNumberFromString(number, country as CountryCode | undefined);
  // A national number needs a country to be read; without one, say so rather than "not valid".
  if (!parsed && !country && !/^(?:\+|00)/.test(number) && number.replace(/\D/g, '').length >= 6) {
    throw ruleErrors.PhoneNumberNeedsCountry({ Field: field, CountryField: 'Country' });
  }
  if (!parsed?.isValid()) return invalid();
  return parsed.number;
}

/** An ISO 3166-1 alpha-2 code, from a code or a country name in English or French. */
export function cleanCountry(field: string, value: string): string {
  const text = value.trim();
  // Two letters are a code or nothing: UK, for instance, is not a code (GB is) and must not slip in as a name.
  const code = /^[A-Za-z]{2}$/.test(text)
    ? countries.isValid(text.toUpperCase())
      ? text.toUpperCase()
      : undefined
    : (countries.getAlpha2Code(text, 'en') ?? countries.getAlpha2Code(text, 'fr'));
  if (code) return code;
  throw ruleErrors.CountryInvalid({ Field: field });
}

// jsvat knows these countries' VAT formats and checksums. Greece writes EL in its VAT numbers.
const VAT_COUNTRIES = new Set(vatCountries.map((c) => c.codes[0]));
const VAT_PREFIX_TO_COUNTRY: Record<string, string> = { EL: 'GR' };

/**
 * A VAT number, upper-cased without spaces, dots or hyphens. For countries jsvat knows (the EU
 * and a few neighbours), the format and checksum must hold and the prefix must match the
 * account's country.
 */
export function cleanVatNumber(field: string, value: string, country: string | undefined): string {
  const vat = value.replace(/[\s.-]/g, '').toUpperCase();
  if (!/^[A-Z0-9]{2,20}$/.test(vat)) {
    throw ruleErrors.VatNumberMalformed({ Field: field });
  }
  const prefix = vat.slice(0, 2);
  const vatCountry = VAT_PREFIX_TO_COUNTRY[prefix] ?? prefix;
  if (/^[A-Z]{2}$/.test(prefix) && VAT_COUNTRIES.has(vatCountry)) {
    if (!checkVAT(vat, vatCountries).isValid) {
      throw ruleErrors.VatNumberInvalid({ Field: field, Vat: vat });
    }
    if (country && country !== vatCountry) {
      throw ruleErrors.VatNumberOfAnotherCountry({ Field: field, Vat: vat, VatCountry: vatCountry, Country: country });
    }
  } else if (country && VAT_COUNTRIES.has(country)) {
    throw ruleErrors.VatNumberWithoutCountryCode({ Field: field, Country: country });
  }
  return vat;
}

export function cleanPostalCode(field: string, value: string, country: string | undefined): string {
  const code = normalizePostalCode(value);
  if (!isPostalCodeValid(code, country)) {
    throw country
      ? ruleErrors.PostalCodeInvalidForCountry({ Field: field, Code: code, Country: country })
      : ruleErrors.PostalCodeInvalid({ Field: field, Code: code });
  }
  return code;
}
