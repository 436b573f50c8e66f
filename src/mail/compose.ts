import type { Language } from '../domain/errors.js';

/** A mail ready to send: never a password or a secret in it, only links that expire. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Plain paragraphs and one button-like link, in text and in HTML, escaped. */
export function compose(
  subject: string,
  paragraphs: string[],
  link: { label: string; url: string },
  closing: string,
  language: Language = 'en',
): RenderedMail {
  // French puts a space before a colon.
  const text = [...paragraphs, `${link.label}${language === 'fr' ? ' : ' : ': '}${link.url}`, closing].join('\n\n');
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1b1f24">',
    // A paragraph's own lines (a list of changes) stay lines.
    ...paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`),
    `<p><a href="${escapeHtml(link.url)}" style="background:#0b5cad;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(link.label)}</a></p>`,
    `<p style="color:#57606a;font-size:14px">${escapeHtml(closing)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
