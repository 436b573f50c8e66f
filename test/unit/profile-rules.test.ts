import { describe, expect, it } from 'vitest';
import { reviseProfile, type Profile } from '../../src/domain/account-profile.js';
import { cleanCountry, cleanPhone, cleanPostalCode, cleanVatNumber } from '../../src/domain/contact-fields.js';
import { canonicalEmail } from '../../src/domain/email-address.js';
import { ApiError } from '../../src/domain/errors.js';
import { cleanPersonName, cleanText } from '../../src/domain/text.js';
import { errorSentence } from '../../src/phrases/index.js';

const base: Profile = { FirstName: 'Jean', LastName: 'Dupont', AdditionalEmails: [] };

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return errorSentence(error, 'en');
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('names', () => {
  it.each(['Jean', 'Jean-Pierre', "O'Brien", 'Zoë', 'Łukasz', 'Nguyễn Văn', '山田', 'José María', 'St. John'])(
    'accepts %s',
    (name) => {
      expect(cleanPersonName('FirstName', name)).toBe(name.normalize('NFC'));
    },
  );
  it('normalises to NFC and trims', () => {
    expect(cleanPersonName('FirstName', '  Zoe\u0308 ')).toBe('Zoë');
  });
  it.each(['', '  ', '-Jean', 'J3an', 'Jean<', 'a'.repeat(65), 'Je\u202Ean'])('refuses %j', (name) => {
    expect(refusal(() => cleanPersonName('FirstName', name))).toMatch(/FirstName/);
  });
});

describe('free text', () => {
  it('keeps punctuation and markup as text', () => {
    expect(cleanText('CompanyName', "O'Brien & <Fils>; DROP TABLE", { max: 128, required: false })).toBe(
      "O'Brien & <Fils>; DROP TABLE",
    );
  });
  it.each(['a\nb', 'a\rb', 'a\tb', 'a\u0000b', 'a\u007fb', 'a\u2028b', 'a\u2066b'])(
    'refuses control characters in %j',
    (text) => {
      expect(refusal(() => cleanText('City', text, { max: 128, required: false }))).toMatch(/control characters/);
    },
  );
});

describe('phones', () => {
  it.each([
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['+33 6 12 34 56 78', undefined, '+33612345678'],
    ['+33.612345678', undefined, '+33612345678'],
    ['(212) 555-0123', 'US', '+12125550123'],
    ['+44 20 7946 0958', 'FR', '+442079460958'],
  ])('%s (country %s) is stored as %s', (input, country, e164) => {
    expect(cleanPhone('PhoneNumber', input, country)).toBe(e164);
  });
  it('a national number without a country: says to write it internationally or to set the country', () => {
    expect(refusal(() => cleanPhone('PhoneNumber', '06 12 34 56 78', undefined))).toMatch(
      /^PhoneNumber is written as a national number, and the account has no Country .*or set the account's Country first\.$/,
    );
  });
  it.each(['123', '+999999999999999', '1-800-FLOWERS', '0612345678\n', '1'.repeat(40)])(
    'refuses %j without a country',
    (input) => {
      expect(refusal(() => cleanPhone('PhoneNumber', input, undefined))).toMatch(
        /PhoneNumber is not a valid phone number/,
      );
    },
  );
});

describe('countries', () => {
  it.each([
    ['FR', 'FR'],
    ['fr', 'FR'],
    ['France', 'FR'],
    ['FRANCE', 'FR'],
    ['Allemagne', 'DE'],
    ['Germany', 'DE'],
    ['United Kingdom', 'GB'],
  ])('%s → %s', (input, code) => {
    expect(cleanCountry('Country', input)).toBe(code);
  });
  it.each(['XX', 'UK', 'FRA', 'Atlantis', ''])('refuses %j', (input) => {
    expect(refusal(() => cleanCountry('Country', input))).toMatch(/ISO 3166-1/);
  });
});

describe('VAT numbers', () => {
  it('normalises spaces and case, and checks the checksum', () => {
    expect(cleanVatNumber('VatNumber', 'fr 403 032 650 45', 'FR')).toBe('FR40303265045');
    expect(refusal(() => cleanVatNumber('VatNumber', 'FR00000000000', 'FR'))).toMatch(/not a valid VAT number/);
  });
  it('requires the prefix to match the country', () => {
    expect(refusal(() => cleanVatNumber('VatNumber', 'DE136695976', 'FR'))).toMatch(/VAT number of DE/);
    expect(cleanVatNumber('VatNumber', 'EL094259216', 'GR')).toBe('EL094259216');
  });
  it('requires a country prefix for EU countries, and accepts other countries as given', () => {
    expect(refusal(() => cleanVatNumber('VatNumber', '40303265045', 'FR'))).toMatch(/must start with its country code/);
    expect(cleanVatNumber('VatNumber', '12-3456789', 'US')).toBe('123456789');
  });
});

describe('postal codes', () => {
  it.each([
    ['75001', 'FR'],
    ['1012 AB', 'NL'],
    ['SW1A 1AA', 'GB'],
    ['10001-1234', 'US'],
    ['K1A 0B1', 'CA'],
    ['12345', 'ZZ'],
  ])('accepts %s for %s', (zip, country) => {
    expect(cleanPostalCode('ZipCode', zip, country)).toBe(zip);
  });
  it.each([
    ['7500', 'FR'],
    ['ABCDE', 'DE'],
    ['1012', 'NL'],
    ['!!', undefined],
  ])('refuses %s for %s', (zip, country) => {
    expect(refusal(() => cleanPostalCode('ZipCode', zip, country))).toMatch(/not a valid postal code/);
  });
});

describe('emails', () => {
  it('lower-cases and punycodes the domain only', () => {
    expect(canonicalEmail('Email', 'Jean.Dupont@Exämple.COM')).toBe('Jean.Dupont@xn--exmple-cua.com');
  });
  it.each([
    'Evil <a@example.com>',
    '"a@b"@example.com',
    'a@[127.0.0.1]',
    'a@localhost',
    '\u0430dmin@example.com',
    `${'a'.repeat(65)}@example.com`,
    'a@b@example.com',
    'a@example.com\r\nBcc: x@y.z',
  ])('refuses %j', (email) => {
    expect(refusal(() => canonicalEmail('Email', email))).toBe('Email is not a valid email address.');
  });
});

describe('profile revision', () => {
  it('applies all fields or none', () => {
    expect(() => reviseProfile(base, { City: 'Lyon', PhoneNumber: 'nope' }, 'jean@example.com')).toThrow(ApiError);
    expect(base.City).toBeUndefined();
  });
  it('parses phones with the country sent in the same update', () => {
    expect(reviseProfile(base, { Country: 'BE', PhoneNumber: '02 555 12 12' }, 'jean@example.com').PhoneNumber).toBe(
      '+3225551212',
    );
  });
  it('refuses a country change that leaves the stored postal code wrong', () => {
    const current = { ...base, Country: 'FR', ZipCode: '75001' };
    expect(refusal(() => reviseProfile(current, { Country: 'NL' }, 'jean@example.com'))).toMatch(
      /stored ZipCode 75001 does not fit the new Country NL/,
    );
    expect(reviseProfile(current, { Country: 'DE' }, 'jean@example.com').ZipCode).toBe('75001');
  });
});
