import type { Language } from '../domain/errors.js';

/** A mail ready to send: never a password or a secret in it, only links that expire. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface TemplateValues {
  'confirm-email': { firstName: string; link: string; hours: number };
}

export type TemplateName = keyof TemplateValues;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Plain paragraphs and one button-like link, in text and in HTML, escaped. */
function compose(subject: string, paragraphs: string[], link: { label: string; url: string }, closing: string): RenderedMail {
  const text = [...paragraphs, `${link.label}: ${link.url}`, closing].join('\n\n');
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1b1f24">',
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(link.url)}" style="background:#0b5cad;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(link.label)}</a></p>`,
    `<p style="color:#57606a;font-size:14px">${escapeHtml(closing)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

const TEMPLATES: { [T in TemplateName]: Record<Language, (values: TemplateValues[T]) => RenderedMail> } = {
  'confirm-email': {
    en: ({ firstName, link, hours }) =>
      compose(
        'Confirm your email address',
        [`Hello ${firstName},`, `Please confirm that this address is yours. The link works once, for ${hours} hours.`],
        { label: 'Confirm my address', url: link },
        'If you did not ask for this, ignore this message: nothing will change.',
      ),
    fr: ({ firstName, link, hours }) =>
      compose(
        'Confirmez votre adresse e-mail',
        [`Bonjour ${firstName},`, `Merci de confirmer que cette adresse est la vôtre. Le lien fonctionne une fois, pendant ${hours} heures.`],
        { label: 'Confirmer mon adresse', url: link },
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien ne changera.",
      ),
  },
};

export function renderMail<T extends TemplateName>(template: T, language: Language, values: TemplateValues[T]): RenderedMail {
  return TEMPLATES[template][language](values);
}
