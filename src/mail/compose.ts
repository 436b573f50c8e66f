import type { Language } from '../domain/errors.js';

/** A mail ready to send: never a password or a secret in it, only links that expire. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** What a template says, before the provider's brand dresses it (mail/layout.ts). */
export interface MailContent {
  subject: string;
  paragraphs: string[];
  /** The one button-like link, when the mail leads somewhere. */
  link: { label: string; url: string } | undefined;
  closing: string;
  language: Language;
}

/** Plain paragraphs, one button-like link (or none), and a closing line. */
export function compose(
  subject: string,
  paragraphs: string[],
  link: { label: string; url: string } | undefined,
  closing: string,
  language: Language = 'en',
): MailContent {
  return { subject, paragraphs, link, closing, language };
}
