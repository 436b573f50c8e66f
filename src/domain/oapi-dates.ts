import { ruleErrors } from './rule-errors.js';

/** OAPI's date-time form: milliseconds and a `+0000` offset, as in its examples. */
export function formatOapiDate(time: number): string {
  return new Date(time).toISOString().replace('Z', '+0000');
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** An ISO 8601 date (midnight UTC) or date-time with an offset, as OAPI's ExpirationDate. */
export function parseOapiDate(field: string, value: string): number {
  const invalid = () => ruleErrors.DateMalformed({ Field: field });
  const date = DATE.exec(value);
  if (date) {
    const [, y, m, d] = date.map(Number) as [number, number, number, number];
    const time = Date.UTC(y, m - 1, d);
    if (new Date(time).getUTCDate() !== d) throw invalid();
    return time;
  }
  if (!DATE_TIME.test(value)) throw invalid();
  const time = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(time)) throw invalid();
  return time;
}
