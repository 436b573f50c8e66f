import { readFileSync } from 'node:fs';

type Env = Record<string, string | undefined>;

/** The settings not named TESSERA_…, which may come from files too. */
const OTHER_SETTINGS = new Set(['DATABASE_URL', 'SMTP_URL', 'GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET']);

const SUFFIX = '_FILE';

/**
 * The settings whose value may span lines: JSON (which may be pretty-printed) and the mail's
 * footer (a postal address). Every other setting is one line: a file of several lines for it is
 * the wrong file (TESSERA_METRICS_TOKEN_FILE=/etc/shadow), not a value to serve.
 */
const MAY_SPAN_LINES = new Set([
  'TESSERA_OIDC_PROVIDERS',
  'TESSERA_OIDC_CLIENTS',
  'TESSERA_EVENT_ENDPOINTS',
  'TESSERA_RIGHTS',
  'TESSERA_MAIL_FOOTER',
  'TESSERA_MAIL_FOOTER_FR',
]);

function isSetting(name: string): boolean {
  return name.startsWith('TESSERA_') || OTHER_SETTINGS.has(name);
}

/**
 * The environment with every `<NAME>_FILE` replaced by the content of the file it names, as
 * containers (Docker and Kubernetes secrets) and systemd (`LoadCredential=`, read from
 * `$CREDENTIALS_DIRECTORY`) hand secrets over: a secret then never sits in the environment, which
 * other processes of the same user and crash reports may read. It serves any setting, meant for
 * the secrets — DATABASE_URL, SMTP_URL, TESSERA_SECRET_KEY, TESSERA_WEBHOOK_SECRET,
 * GOOGLE_CLIENT_SECRET, TESSERA_OIDC_PROVIDERS. The line ends a file's last line ends with are
 * not part of the value. Throws a plain Error with one sentence when a setting is given both ways
 * (an empty value counts as not given), or its file cannot be read or is empty, or holds several
 * lines (a line end, LF or CR, before its last line end) for a setting of one line (all but
 * MAY_SPAN_LINES); the sentence names the file, never what it holds.
 */
export function readSettingFiles(env: Env): Env {
  const read: Env = { ...env };
  for (const [key, path] of Object.entries(env)) {
    if (!key.endsWith(SUFFIX) || !path) continue;
    const name = key.slice(0, -SUFFIX.length);
    if (!isSetting(name)) continue;
    if (env[name]) throw new Error(`${name} and ${key} are both set: set one of them.`);
    let content: string;
    try {
      content = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new Error(`${key}: the file ${path} cannot be read${code ? ` (${code})` : ''}.`);
    }
    const value = content.replace(/[\r\n]+$/, '');
    if (value === '') throw new Error(`${key}: the file ${path} is empty.`);
    if (/[\r\n]/.test(value) && !MAY_SPAN_LINES.has(name))
      throw new Error(`${key}: the file ${path} holds several lines, but ${name} is one line: is it the right file?`);
    read[name] = value;
  }
  return read;
}
