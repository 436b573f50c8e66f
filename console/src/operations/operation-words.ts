import { useTranslation } from 'react-i18next';
import {
  sayAction,
  sayChanges,
  sayPerson,
  type NamedPerson,
  type SaidChange,
  type SaidOperation,
} from '../../../src/phrases/operation-words.js';
import type { Language } from '../app/i18n.js';
import { dateForPeople } from '../components/dates.js';

/** An operation said in the page's language, with the words the server's mails use. */
export function useOperationWords(): {
  action: (operation: SaidOperation) => string;
  changes: (operation: SaidOperation) => SaidChange[];
  person: (person: NamedPerson | undefined) => string;
  /** A date and time in the reader's own time zone, in the page's language. */
  when: (oapiDate: string) => string;
} {
  const { i18n } = useTranslation();
  const language = i18n.language as Language;
  return {
    action: (operation) => sayAction(operation, language),
    changes: (operation) => sayChanges(operation, language),
    person: (person) => sayPerson(person, language),
    when: (oapiDate) => dateForPeople(oapiDate, language),
  };
}
