import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { Brand, BrandImage } from './domain/brand.js';
import { AA_CONTRAST, brandContrast, lightestPassingShade, normalHex } from './domain/contrast.js';

type Env = Record<string, string | undefined>;

/** Types a browser shows as an image, by the file's extension. */
const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  svg: 'image/svg+xml',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  ico: 'image/x-icon',
};
/** A logo is kept in memory and sent with every page's first visit: a generous bound, not a budget. */
const MAX_IMAGE_BYTES = 512 * 1024;
const MAX_NAME_LENGTH = 64;
const MAX_FOOTER_LENGTH = 1000;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function fail(message: string): never {
  throw new Error(message);
}

function text(env: Env, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}

/** An https address, or http on this machine (where a provider tries its brand out). */
function webAddress(name: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(`${name}=${raw} is not a URL.`);
  }
  // The origin goes into the console's Content-Security-Policy: a host name, never a wildcard,
  // a quote or a separator that would write a source or a directive of its own.
  if (!/^(?:[a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i.test(url.hostname))
    fail(`${name}=${raw} must name its host plainly (letters, digits, dots and hyphens).`);
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local))
    fail(`${name}=${raw} must be an https:// URL.`);
  return url;
}

/** A file Tessera serves under a name that changes with its content, so browsers may keep it for good. */
function servedFile(name: string, raw: string, role: string, publicUrl: URL): BrandImage {
  const extension = extname(raw).slice(1).toLowerCase();
  const type = IMAGE_TYPES[extension];
  if (!type)
    fail(`${name}=${raw} is not an image: expected a .png, .svg, .jpg, .webp, .gif or .ico file, or an https:// URL.`);
  let body: Buffer;
  try {
    body = readFileSync(resolve(raw));
  } catch (error) {
    return fail(`${name}=${raw} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  if (body.length > MAX_IMAGE_BYTES)
    fail(`${name}=${raw} is ${Math.ceil(body.length / 1024)} KB: at most ${MAX_IMAGE_BYTES / 1024} KB.`);
  const src = `/brand/${role}-${createHash('sha256').update(body).digest('hex').slice(0, 16)}.${extension}`;
  return { src, url: new URL(src, publicUrl).href, file: { body, type } };
}

function image(env: Env, name: string, role: string, publicUrl: URL): BrandImage | undefined {
  const raw = text(env, name);
  if (!raw) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw) && !/^[a-z]:[\\/]/i.test(raw)) {
    const url = webAddress(name, raw).href;
    return { src: url, url };
  }
  return servedFile(name, raw, role, publicUrl);
}

/**
 * Refused rather than adjusted: the colour is the provider's, and a shade chosen for them behind
 * their back would differ from the rest of their brand without their knowing. The line names the
 * nearest shade that passes, so that fixing it is one edit.
 */
function color(env: Env): string | undefined {
  const raw = text(env, 'TESSERA_BRAND_COLOR');
  if (!raw) return undefined;
  const hex = normalHex(raw) ?? fail(`TESSERA_BRAND_COLOR=${raw} is not valid: expected a colour such as #0b5cad.`);
  const contrast = brandContrast(hex);
  if (contrast < AA_CONTRAST)
    fail(
      `TESSERA_BRAND_COLOR=${raw} is too light for WCAG AA: with white text on it and as link colour on the page's background its contrast goes down to ${contrast.toFixed(2)}:1, where ${AA_CONTRAST}:1 is needed; a darker shade of it such as ${lightestPassingShade(hex)} passes.`,
    );
  return hex;
}

function productName(env: Env): string | undefined {
  const name = text(env, 'TESSERA_BRAND_NAME');
  if (name && (name.length > MAX_NAME_LENGTH || /\p{Cc}/u.test(name)))
    fail(`TESSERA_BRAND_NAME must be one line of at most ${MAX_NAME_LENGTH} characters.`);
  return name;
}

/** An email address (written as is, or as mailto:) or a web page. */
function support(env: Env): Brand['support'] {
  const raw = text(env, 'TESSERA_BRAND_SUPPORT');
  if (!raw) return undefined;
  const address = raw.replace(/^mailto:/i, '');
  if (EMAIL.test(address)) return { href: `mailto:${address}`, text: address };
  if (raw.toLowerCase().startsWith('mailto:'))
    fail(`TESSERA_BRAND_SUPPORT=${raw} is not valid: expected an email address or an https:// URL.`);
  const url = webAddress('TESSERA_BRAND_SUPPORT', raw).href;
  return { href: url, text: url };
}

function footer(env: Env): Brand['mailFooter'] {
  const en = text(env, 'TESSERA_MAIL_FOOTER');
  const fr = text(env, 'TESSERA_MAIL_FOOTER_FR') ?? en;
  if (!en && fr) fail('TESSERA_MAIL_FOOTER_FR needs TESSERA_MAIL_FOOTER: the footer of the other languages.');
  if (!en || !fr) return undefined;
  for (const [name, value] of [
    ['TESSERA_MAIL_FOOTER', en],
    ['TESSERA_MAIL_FOOTER_FR', fr],
  ] as const)
    if (value.length > MAX_FOOTER_LENGTH) fail(`${name} is longer than ${MAX_FOOTER_LENGTH} characters.`);
  return { en, fr };
}

/** TESSERA_BRAND_* and the mail footer: what customers see instead of Tessera's own name and colours. */
export function brandConfig(env: Env, publicUrl: URL): Brand {
  const terms = text(env, 'TESSERA_BRAND_TERMS_URL');
  const privacy = text(env, 'TESSERA_BRAND_PRIVACY_URL');
  return {
    name: productName(env),
    logo: image(env, 'TESSERA_BRAND_LOGO', 'logo', publicUrl),
    favicon: image(env, 'TESSERA_BRAND_FAVICON', 'favicon', publicUrl),
    color: color(env),
    support: support(env),
    terms: terms && webAddress('TESSERA_BRAND_TERMS_URL', terms).href,
    privacy: privacy && webAddress('TESSERA_BRAND_PRIVACY_URL', privacy).href,
    mailFooter: footer(env),
  };
}
