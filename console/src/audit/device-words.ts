import type { TFunction } from 'i18next';

/**
 * A device's name in the reader's language. The API names devices in one language, as
 * src/domain/device-name.ts builds them: "Chrome 156 on Linux", "curl 7.88.1", "Unknown device".
 * Browser and system names are the same in every language; only "on" and "Unknown device" are
 * words, and they are said here (test/unit/event-sentences.test.ts keeps the two in step).
 */
export function deviceWords(t: TFunction, name: string): string {
  if (name === 'Unknown device') return t('device.unknown');
  const on = name.lastIndexOf(' on ');
  if (on <= 0) return name;
  return t('device.on', { browser: name.slice(0, on), os: name.slice(on + ' on '.length) });
}
