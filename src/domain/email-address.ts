import { domainToASCII } from 'node:url';
import validator from 'validator';
import { ruleErrors } from './rule-errors.js';

const MAX_LENGTH = 254;

/**
 * Checks an email address strictly and returns its canonical form: ASCII local part kept as
 * given, domain lower-cased and in its ASCII (punycode) form. Quoted local parts, display
 * names, IP literals and domains without a dot are refused.
 */
export function canonicalEmail(field: string, value: string): string {
  const refuse = (): never => {
    throw ruleErrors.EmailAddressInvalid({ Field: field });
  };
  const address = value.trim();
  if (address.length > MAX_LENGTH || address.includes('"')) refuse();
  const at = address.lastIndexOf('@');
  if (at < 1) refuse();
  const local = address.slice(0, at);
  const domain = domainToASCII(address.slice(at + 1).toLowerCase());
  if (domain === '' || !/^[\x21-\x7e]+$/.test(local)) refuse();
  const canonical = `${local}@${domain}`;
  const valid = validator.isEmail(canonical, {
    allow_display_name: false,
    allow_utf8_local_part: false,
    require_tld: true,
    allow_ip_domain: false,
    domain_specific_validation: false,
  });
  if (!valid) refuse();
  return canonical;
}

/** The key under which an address is unique: the whole canonical address, lower-cased. */
export function emailKey(canonical: string): string {
  return canonical.toLowerCase();
}

/** The login an address signs in as, or undefined when it is not a valid address at all. */
export function loginKey(address: string): string | undefined {
  try {
    return emailKey(canonicalEmail('Email', address));
  } catch {
    return undefined;
  }
}
