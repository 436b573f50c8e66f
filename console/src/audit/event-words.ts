import type { TFunction } from 'i18next';
import { en } from '../app/locales/en.js';
import { dateForPeople } from '../components/dates.js';
import { deviceWords } from './device-words.js';
import { awaitedWords, doneSentence, reasonWords, type AuditEvent, type PersonName } from './event-changes.js';

export { isStep, type AuditEvent } from './event-changes.js';

type Call = keyof typeof en.events.call;
const isCall = (action: string): action is Call => Object.hasOwn(en.events.call, action);

/** Every action an event can name, as the audit log's list offers them. */
export const ACTIONS = Object.keys(en.events.call) as Call[];

/** What an action does, as one asks for it: "change the password". */
export function actionWords(t: TFunction, action: string): string {
  return isCall(action) ? t(`events.call.${action}`) : action;
}

/** The same, as an entry of a list: "Change the password". */
export function actionLabel(t: TFunction, action: string, language: string): string {
  const words = actionWords(t, action);
  return words.charAt(0).toLocaleUpperCase(language) + words.slice(1);
}

/** What happened, as a person says it: "Account details changed: city", "Refused attempt: sign in — wrong password". */
export function eventWhat(t: TFunction, event: AuditEvent, language: string, person?: PersonName): string {
  const action = actionWords(t, event.Action);
  if (event.Outcome === 'awaiting-validation') {
    const fields = awaitedWords(t, event, language);
    return fields ? t('events.awaitingWhat', { action, fields }) : t('events.awaiting', { action });
  }
  if (event.Outcome === 'refused')
    return event.Reason
      ? t('events.refused', { action, reason: reasonWords(t, event.Reason) })
      : t('events.refusedNoReason', { action });
  return doneSentence(t, event, language, person) ?? actionLabel(t, event.Action, language);
}

/** The whole sentence, with the device and the address: "Password changed from Firefox 130 on Linux, 192.0.2.4". */
export function eventSentence(t: TFunction, event: AuditEvent, language: string): string {
  const what = eventWhat(t, event, language);
  if (!event.IpAddress) return what;
  return t('events.from', { what, device: deviceWords(t, event.DeviceName), ip: event.IpAddress });
}

/** Through which door: console, API, CLI… */
export function eventVia(t: TFunction, event: AuditEvent): string {
  const via = event.Interface;
  return Object.hasOwn(en.events.via, via) ? t(`events.via.${via as keyof typeof en.events.via}`) : via;
}

/** Who acted, when it was no user of the account by name: the owner, someone not signed in, support… */
export function actorWords(t: TFunction, actor: string): string | undefined {
  return Object.hasOwn(en.events.actor, actor) ? t(`events.actor.${actor as keyof typeof en.events.actor}`) : undefined;
}

/** An API date (2026-12-03T14:05:00.000+0000) in the reader's words. */
export function eventWhen(date: string, language: string): string {
  return dateForPeople(date, language);
}
