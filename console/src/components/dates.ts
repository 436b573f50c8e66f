/** OAPI's dates ("2026-12-07T10:00:00.000+0000") as one format everywhere: the person's language, date and time. */
const STYLE = { dateStyle: 'medium', timeStyle: 'short' } as const;

export function dateForPeople(oapiDate: string, language: string): string {
  return new Date(oapiDate.replace('+0000', 'Z')).toLocaleString(language, STYLE);
}
