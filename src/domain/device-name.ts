import Bowser from 'bowser';

/**
 * A name a person recognises for the device behind a user agent: "Chrome 156 on Linux", "curl 7.88.1".
 * The API answers it in English; the console says "on" and "Unknown device" in the reader's
 * language (console/src/audit/device-words.ts), so these two are its only words.
 */
export function deviceName(userAgent: string): string {
  if (userAgent.trim() === '') return 'Unknown device';
  const { browser, os } = Bowser.parse(userAgent);
  if (browser.name) {
    const major = browser.version?.split('.')[0];
    return [browser.name, major, os.name ? `on ${os.name}` : ''].filter(Boolean).join(' ');
  }
  return (userAgent.split(/\s/)[0] ?? userAgent).replace('/', ' ').slice(0, 60);
}
