import type { TFunction } from 'i18next';
import type { Output } from '../api/api.js';
import { dateForPeople } from '../components/dates.js';

export type AuditEvent = Output<'ReadAuditLog'>['Events'][number];

/** What happened, as a person says it: "Password changed", "Sign-in refused: wrong password". */
export function eventWhat(t: TFunction, event: AuditEvent): string {
  const action = t(`events.action.${event.Action}`, { defaultValue: event.Action });
  if (event.Outcome === 'awaiting-validation') return t('events.awaiting', { action });
  if (event.Outcome !== 'refused') return action;
  if (!event.Reason) return t('events.refusedNoReason', { action });
  return t('events.refused', { action, reason: t(`events.reason.${event.Reason}`, { defaultValue: event.Reason }) });
}

/** The whole sentence, with the device and the address: "Password changed from Firefox 130 on Linux, 192.0.2.4". */
export function eventSentence(t: TFunction, event: AuditEvent): string {
  const what = eventWhat(t, event);
  if (!event.IpAddress) return what;
  return t('events.from', { what, device: event.DeviceName, ip: event.IpAddress });
}

/** Through which door: console, API, CLI… */
export function eventVia(t: TFunction, event: AuditEvent): string {
  return t(`events.via.${event.Interface}`, { defaultValue: event.Interface });
}

/** An API date (2026-12-03T14:05:00.000+0000) in the reader's words. */
export function eventWhen(date: string, language: string): string {
  return dateForPeople(date, language);
}
