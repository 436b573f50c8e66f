import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input, Output } from '../api/api.js';
import { TextField } from '../components/fields.js';
import { ACTIONS, actionLabel } from './event-words.js';

export type Filters = NonNullable<Input<'ReadAuditLog'>['Filters']>;
export type Person = Output<'ReadAuditPeople'>['People'][number];

const OUTCOMES = ['success', 'refused', 'awaiting-validation'] as const;

/** A date field's day (YYYY-MM-DD) as the API's date: the start of that day, or of the next one for "until". */
function dayBound(day: string, next: boolean): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00Z`);
  if (next) date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString();
}

/** How the list names a person: "Alice Martin (alice@example.com)", by what they are known by. */
export function personChoice(person: Person): string {
  return person.Email ? `${person.DisplayName} (${person.Email})` : person.DisplayName;
}

function Choice({
  label,
  value,
  onChange,
  children,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {children}
      </select>
    </div>
  );
}

/**
 * The audit log's filters, in a reader's terms: a person chosen by name or email, an action from
 * a list in the page's language; the API's filters (a UserName, a call's name) are made from them.
 */
export function AuditFilters({ people, onApply }: { people: readonly Person[]; onApply: (filters: Filters) => void }) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState({ from: '', to: '', actor: '', action: '', target: '', outcome: '' });
  const set = (field: keyof typeof draft) => (value: string) => setDraft((current) => ({ ...current, [field]: value }));
  const language = i18n.language;
  const collator = useMemo(() => new Intl.Collator(language), [language]);
  const actions = useMemo(
    () =>
      ACTIONS.map((action) => ({ action, label: actionLabel(t, action, language) })).sort((a, b) =>
        collator.compare(a.label, b.label),
      ),
    [t, language, collator],
  );
  const sortedPeople = [...people].sort((a, b) => collator.compare(personChoice(a), personChoice(b)));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const chosen: Filters = {};
    const from = dayBound(draft.from, false);
    const to = dayBound(draft.to, true);
    if (from) chosen.FromDate = from;
    if (to) chosen.ToDate = to;
    if (draft.actor) chosen.ActorUserName = draft.actor;
    if (draft.action) chosen.Action = draft.action;
    if (draft.target.trim()) chosen.Target = draft.target.trim();
    if (draft.outcome) chosen.Outcome = draft.outcome;
    onApply(chosen);
  };
  return (
    <form className="filters audit-filters" onSubmit={apply} noValidate>
      <TextField label={t('audit.from')} name="FromDate" type="date" value={draft.from} onChange={set('from')} />
      <TextField label={t('audit.to')} name="ToDate" type="date" value={draft.to} onChange={set('to')} />
      <Choice label={t('audit.actor')} value={draft.actor} onChange={set('actor')}>
        <option value="">{t('audit.anyone')}</option>
        {sortedPeople.map((person) => (
          <option key={person.UserName} value={person.UserName}>
            {personChoice(person)}
          </option>
        ))}
      </Choice>
      <Choice label={t('audit.action')} value={draft.action} onChange={set('action')}>
        <option value="">{t('audit.anyAction')}</option>
        {actions.map(({ action, label }) => (
          <option key={action} value={action}>
            {label}
          </option>
        ))}
      </Choice>
      <TextField
        label={t('audit.target')}
        name="Target"
        value={draft.target}
        hint={t('audit.targetHint')}
        onChange={set('target')}
      />
      <Choice label={t('audit.outcome')} value={draft.outcome} onChange={set('outcome')}>
        <option value="">{t('audit.anyOutcome')}</option>
        {OUTCOMES.map((outcome) => (
          <option key={outcome} value={outcome}>
            {t(`audit.outcomes.${outcome}`)}
          </option>
        ))}
      </Choice>
      <div className="actions">
        <button type="submit">{t('audit.apply')}</button>
      </div>
    </form>
  );
}
