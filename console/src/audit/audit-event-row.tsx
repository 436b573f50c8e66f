import { useTranslation } from 'react-i18next';
import { ChangesTable } from '../components/changes-table.js';
import type { Person } from './audit-filters.js';
import { deviceWords } from './device-words.js';
import { actorWords, eventVia, eventWhat, eventWhen, isStep, type AuditEvent } from './event-words.js';

/** A UserName as a person reads it: their name, else the trail's own word for who acted. */
export type NameOf = (userName: string) => Person | undefined;

/** Who acted: "Alice Martin", with "alice · console" below; the owner, support or an automatic act in words. */
function Actor({ event, nameOf }: { event: AuditEvent; nameOf: NameOf }) {
  const { t } = useTranslation();
  const person = nameOf(event.Actor);
  const said = person?.DisplayName ?? actorWords(t, event.Actor) ?? event.Actor;
  const aside =
    person && event.Actor === 'owner'
      ? t('events.actor.owner')
      : person && person.DisplayName !== event.Actor
        ? event.Actor
        : undefined;
  // One element: on a phone the cell's label and its content sit side by side.
  return (
    <span>
      {said}
      <br />
      <span className="hint">{[aside, eventVia(t, event)].filter(Boolean).join(' · ')}</span>
    </span>
  );
}

/** What a change changed, or that a first step changed nothing yet. */
function Changes({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  if (isStep(event)) return <p className="hint">{t('events.stepNote')}</p>;
  if (event.Changes.length === 0) return <p className="hint">{t('audit.noChanges')}</p>;
  return <ChangesTable changes={event.Changes} />;
}

/** One event of the trail: when, who, what (opened for the old → new), and from where. */
export function AuditEventRow({ event, nameOf }: { event: AuditEvent; nameOf: NameOf }) {
  const { t, i18n } = useTranslation();
  const validator = event.ValidatedBy ? nameOf(event.ValidatedBy) : undefined;
  const facts = [
    t('audit.call', { action: event.Action }),
    ...(event.OperationId ? [t('audit.operation', { id: event.OperationId })] : []),
    ...(event.ValidatedBy ? [t('audit.validatedBy', { name: validator?.DisplayName ?? event.ValidatedBy })] : []),
    ...(event.Credential ? [t('audit.credential', { id: event.Credential })] : []),
  ];
  return (
    <tr data-event={event.Action} data-seq={event.Seq} data-step={isStep(event) ? '' : undefined}>
      <td data-label={t('audit.date')}>{eventWhen(event.Date, i18n.language)}</td>
      <td data-label={t('audit.who')}>
        <Actor event={event} nameOf={nameOf} />
      </td>
      <td data-label={t('audit.what')} className="event-sentence">
        <details>
          <summary className={event.Outcome === 'refused' ? 'refused' : isStep(event) ? 'hint' : undefined}>
            {eventWhat(t, event, i18n.language, (name) => nameOf(name)?.DisplayName ?? name)}
            {/* A change's sentence names what it acted on; a refusal or a request says it here. */}
            {event.Outcome !== 'success' && event.Target && <span className="mono hint"> {event.Target}</span>}
          </summary>
          <Changes event={event} />
          <p className="hint mono">{facts.join(' · ')}</p>
        </details>
      </td>
      <td data-label={t('audit.where')}>
        <span>
          {event.IpAddress}
          <span className="hint"> · {deviceWords(t, event.DeviceName)}</span>
        </span>
      </td>
    </tr>
  );
}
