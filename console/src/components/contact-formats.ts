import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import fr from 'i18n-iso-countries/langs/fr.json' with { type: 'json' };
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

countries.registerLocale(en);
countries.registerLocale(fr);

/** A stored phone number (E.164, "+33612345678") as people write it: "+33 6 12 34 56 78". */
export function phoneForPeople(value: string): string {
  return parsePhoneNumberFromString(value)?.formatInternational() ?? value;
}

/** A country's name in `language`, from its ISO 3166-1 code as the API stores it ("DE" → "Allemagne"). */
export function countryName(code: string, language: string): string {
  return countries.getName(code, language, { select: 'official' }) ?? code;
}

// Named and sorted once per language, not at each keystroke of the form that shows them.
const choices = new Map<string, readonly { value: string; label: string }[]>();

/** Every country, by code, named and sorted in `language`, as the choices of a list. */
export function countryChoices(language: string): readonly { value: string; label: string }[] {
  let sorted = choices.get(language);
  if (!sorted) {
    sorted = Object.entries(countries.getNames(language, { select: 'official' }))
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => a.label.localeCompare(b.label, language));
    choices.set(language, sorted);
  }
  return sorted;
}
