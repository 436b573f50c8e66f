import { TESSERA, type Brand } from '../domain/brand.js';
import type { Language } from '../domain/errors.js';
import type { MailContent, RenderedMail } from './compose.js';

/** Tessera's own accent (console/src/app/styles.css), for providers that set no colour. */
const DEFAULT_COLOR = '#0b5cad';
const MUTED = '#57606a';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** French puts a space before a colon. */
function colon(language: Language): string {
  return language === 'fr' ? ' : ' : ': ';
}

const WORDS = {
  en: { help: 'Need help?', writeTo: 'Write to', terms: 'Terms of service', privacy: 'Privacy policy' },
  fr: {
    help: "Besoin d'aide ?",
    writeTo: 'Écrivez à',
    terms: "Conditions d'utilisation",
    privacy: 'Politique de confidentialité',
  },
} satisfies Record<Language, Record<string, string>>;

/** The brand's lines under the mail, in text and in HTML; none without a brand. */
function signature(brand: Brand, language: Language, color: string): { text: string[]; html: string[] } {
  const words = WORDS[language];
  const link = (href: string, label: string) =>
    `<a href="${escapeHtml(href)}" style="color:${color}">${escapeHtml(label)}</a>`;
  const text: string[] = [];
  const html: string[] = [];
  if (brand.name) {
    text.push(brand.name);
    html.push(`<strong>${escapeHtml(brand.name)}</strong>`);
  }
  if (brand.support) {
    const mail = brand.support.href.startsWith('mailto:');
    text.push(`${words.help} ${mail ? `${words.writeTo} ${brand.support.text}.` : brand.support.text}`);
    html.push(`${escapeHtml(words.help)} ${link(brand.support.href, brand.support.text)}`);
  }
  const legal = [
    [words.terms, brand.terms],
    [words.privacy, brand.privacy],
  ].filter((entry): entry is [string, string] => entry[1] !== undefined);
  for (const [label, url] of legal) text.push(`${label}${colon(language)}${url}`);
  if (legal.length > 0) html.push(legal.map(([label, url]) => link(url, label)).join(' · '));
  const footer = brand.mailFooter?.[language];
  if (footer) {
    text.push(footer);
    html.push(escapeHtml(footer).replace(/\n/g, '<br>'));
  }
  return { text, html };
}

/**
 * The top of the HTML mail, as the console's header: the logo beside the product's name (the
 * logo alone names the product when no name is set); nothing without a brand.
 */
function masthead(brand: Brand, color: string): string[] {
  if (!brand.logo && !brand.name) return [];
  const logo = (alt: string) =>
    brand.logo
      ? `<img src="${escapeHtml(brand.logo.url)}" alt="${escapeHtml(alt)}" height="32" style="height:32px;width:auto;border:0;vertical-align:middle">`
      : '';
  if (!brand.name) return [`<p>${logo(TESSERA)}</p>`];
  return [
    `<p style="font-size:20px;font-weight:700;color:${color};margin:0 0 16px">${logo('')}${brand.logo ? ' ' : ''}<span style="vertical-align:middle">${escapeHtml(brand.name)}</span></p>`,
  ];
}

/** A template's content as a mail of the provider's brand: its name, logo, colour, help and legal links, footer. */
export function layout(content: MailContent, brand: Brand): RenderedMail {
  const { subject, paragraphs, link, closing, language } = content;
  const color = brand.color ?? DEFAULT_COLOR;
  const signed = signature(brand, language, color);
  const text = [
    ...paragraphs,
    ...(link ? [`${link.label}${colon(language)}${link.url}`] : []),
    closing,
    // "-- " on its own line: mail readers know a signature by it.
    ...(signed.text.length > 0 ? [`-- \n${signed.text.join('\n')}`] : []),
  ].join('\n\n');
  const html = [
    `<!doctype html><html lang="${language}"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1b1f24">`,
    ...masthead(brand, color),
    // A paragraph's own lines (a list of changes) stay lines.
    ...paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`),
    ...(link
      ? [
          `<p><a href="${escapeHtml(link.url)}" style="background:${color};color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(link.label)}</a></p>`,
        ]
      : []),
    `<p style="color:${MUTED};font-size:14px">${escapeHtml(closing)}</p>`,
    ...(signed.html.length > 0
      ? [
          `<hr style="border:none;border-top:1px solid #d0d7de;margin:24px 0 12px">`,
          `<p style="color:${MUTED};font-size:13px">${signed.html.join('<br>')}</p>`,
        ]
      : []),
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
