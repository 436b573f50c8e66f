// Postal code shapes for the countries whose format is well known and stable. Countries not
// listed get the general rule: 2 to 12 letters, digits, spaces and hyphens.
const FORMATS: Record<string, RegExp> = {
  AT: /^\d{4}$/,
  AU: /^\d{4}$/,
  BE: /^\d{4}$/,
  BG: /^\d{4}$/,
  BR: /^\d{5}-?\d{3}$/,
  CA: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/,
  CH: /^\d{4}$/,
  CZ: /^\d{3} ?\d{2}$/,
  DE: /^\d{5}$/,
  DK: /^\d{4}$/,
  ES: /^\d{5}$/,
  FI: /^\d{5}$/,
  FR: /^\d{5}$/,
  GB: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/,
  GR: /^\d{3} ?\d{2}$/,
  IE: /^[AC-FHKNPRTV-Y]\d{2}(?: ?[AC-FHKNPRTV-Y\d]{4})?$/,
  IN: /^\d{6}$/,
  IT: /^\d{5}$/,
  JP: /^\d{3}-?\d{4}$/,
  LU: /^\d{4}$/,
  MC: /^980\d{2}$/,
  NL: /^\d{4} ?[A-Z]{2}$/,
  NO: /^\d{4}$/,
  PL: /^\d{2}-\d{3}$/,
  PT: /^\d{4}-\d{3}$/,
  SE: /^\d{3} ?\d{2}$/,
  US: /^\d{5}(?:-\d{4})?$/,
};

const GENERAL = /^[A-Z\d][A-Z\d -]{0,10}[A-Z\d]$/;

/** Upper-cases and collapses spaces, then tells whether the code fits the country (if known). */
export function normalizePostalCode(code: string): string {
  return code.trim().toUpperCase().replace(/\s+/g, ' ');
}

export function isPostalCodeValid(code: string, country: string | undefined): boolean {
  const format = country ? FORMATS[country] : undefined;
  return (format ?? GENERAL).test(code);
}
