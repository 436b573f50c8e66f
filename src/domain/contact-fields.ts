import countries from 'i18n-iso-countries';
import { checkVAT, countries as vatCountries } from 'jsvat';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { ApiError, say } from './errors.js';
import { isPostalCodeValid, normalizePostalCode } from './postal-codes.js';

const PHONE_SHAPE = /^\+?[\d ().\-/]{3,32}$/;

/**
 * A phone number in E.164. Accepts national forms (with the account's country as default),
 * international forms, and OVH's `+33.612345678`.
 */
export function cleanPhone(field: string, value: string, country: string | undefined): string {
  const text = value.replace(/^ +| +$/g, '');
  const invalid = (): never => {
    throw new ApiError(
      'InvalidParameterValue',
      say(
        `${field} is not a valid phone number; write it in international form, such as +33 6 12 34 56 78.`,
        `${field} n'est pas un numéro de téléphone valide ; écrivez-le sous forme internationale, par exemple +33 6 12 34 56 78.`,
      ),
    );
  };
  if (!PHONE_SHAPE.test(text)) return invalid();
  const ovh = /^\+(\d{1,3})\.(\d+)$/.exec(text);
  const number = ovh ? `+${ovh[1]}${ovh[2]}` : text;
  const parsed = parsePhoneNumberFromString(number, country as CountryCode | undefined);
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
  throw new ApiError(
    'InvalidParameterValue',
    say(
      `${field} must be an ISO 3166-1 two-letter country code, such as FR, or a country name in English or French.`,
      `${field} doit être un code pays ISO 3166-1 à deux lettres, par exemple FR, ou un nom de pays en français ou en anglais.`,
    ),
  );
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
    throw new ApiError(
      'InvalidParameterValue',
      say(
        `${field} may contain only letters and digits (2 to 20).`,
        `${field} ne peut contenir que des lettres et des chiffres (2 à 20).`,
      ),
    );
  }
  const prefix = vat.slice(0, 2);
  const vatCountry = VAT_PREFIX_TO_COUNTRY[prefix] ?? prefix;
  if (/^[A-Z]{2}$/.test(prefix) && VAT_COUNTRIES.has(vatCountry)) {
    if (!checkVAT(vat, vatCountries).isValid) {
      throw new ApiError(
        'InvalidParameterValue',
        say(`${field} ${vat} is not a valid VAT number.`, `${field} ${vat} n'est pas un numéro de TVA valide.`),
      );
    }
    if (country && country !== vatCountry) {
      throw new ApiError(
        'InvalidParameterValue',
        say(
          `${field} ${vat} is a VAT number of ${vatCountry}, but the account's Country is ${country}.`,
          `${field} ${vat} est un numéro de TVA de ${vatCountry}, mais le pays (Country) du compte est ${country}.`,
        ),
      );
    }
  } else if (country && VAT_COUNTRIES.has(country)) {
    throw new ApiError(
      'InvalidParameterValue',
      say(
        `${field} must start with its country code, such as ${country}.`,
        `${field} doit commencer par son code pays, par exemple ${country}.`,
      ),
    );
  }
  return vat;
}

export function cleanPostalCode(field: string, value: string, country: string | undefined): string {
  const code = normalizePostalCode(value);
  if (!isPostalCodeValid(code, country)) {
    throw new ApiError(
      'InvalidParameterValue',
      country
        ? say(
            `${field} ${code} is not a valid postal code for ${country}.`,
            `${field} ${code} n'est pas un code postal valide pour ${country}.`,
          )
        : say(`${field} ${code} is not a valid postal code.`, `${field} ${code} n'est pas un code postal valide.`),
    );
  }
  return code;
}
