import { describe, expect, it } from 'vitest';
import { NO_BRAND, type Brand } from '../../src/domain/brand.js';
import { LANGUAGES } from '../../src/domain/errors.js';
import { renderMail, type TemplateName } from '../../src/mail/templates.js';
import { ACME, LINK, MAIL_SAMPLES } from '../support/mail-samples.js';

const TEMPLATES = Object.keys(MAIL_SAMPLES) as TemplateName[];

function render(template: TemplateName, language: 'en' | 'fr', brand: Brand) {
  return renderMail(template, language, MAIL_SAMPLES[template], brand);
}

describe('mails in the provider’s brand', () => {
  it('every template, in both languages, carries the brand and never says Tessera', () => {
    for (const template of TEMPLATES)
      for (const language of LANGUAGES) {
        const where = `${template} (${language})`;
        const mail = render(template, language, ACME);
        expect(`${mail.subject}\n${mail.text}\n${mail.html}`, where).not.toMatch(/tessera/i);
        // In text: the name, help, legal links and the footer of the reader's language.
        for (const part of [
          'Nuage <Acme>',
          'support@acme.example',
          'https://acme.example/terms',
          'https://acme.example/privacy',
          ACME.mailFooter![language],
        ])
          expect(mail.text, where).toContain(part);
        expect(mail.text, where).toContain(language === 'fr' ? "Besoin d'aide ?" : 'Need help?');
        // In HTML: the logo beside the name at the top, the colour, the links, escaped.
        expect(mail.html, where).toMatch(
          /<img src="https:\/\/id\.acme\.example\/brand\/logo-0123456789abcdef\.png" alt=""[^>]*> <span[^>]*>Nuage &lt;Acme&gt;<\/span>/,
        );
        expect(mail.html, where).toContain('<strong>Nuage &lt;Acme&gt;</strong>');
        expect(mail.html, where).toContain('href="mailto:support@acme.example" style="color:#7a2e8f"');
        expect(mail.html, where).toContain(language === 'fr' ? 'Politique de confidentialité' : 'Privacy policy');
        expect(mail.html, where).toContain(`<html lang="${language}">`);
        expect(mail.html, where).not.toContain('Nuage <Acme>');
        // Whatever leads somewhere is a button of the brand's colour.
        if (mail.text.includes(LINK)) expect(mail.html, where).toContain('style="background:#7a2e8f;color:#fff');
      }
  });

  it('without a logo, the top of the mail is the name in the brand’s colour; without a name, the logo says Tessera', () => {
    const named = render('reset-password', 'fr', { ...ACME, logo: undefined });
    expect(named.html).toContain(
      '<p style="font-size:20px;font-weight:700;color:#7a2e8f;margin:0 0 16px"><span style="vertical-align:middle">Nuage &lt;Acme&gt;</span></p>',
    );
    expect(named.html).not.toContain('<img');
    const unnamed = render('reset-password', 'en', { ...NO_BRAND, logo: ACME.logo });
    expect(unnamed.html).toMatch(/<p><img src="[^"]+" alt="Tessera"/);
  });

  it('without a brand, the mails read as they always did', () => {
    for (const template of TEMPLATES)
      for (const language of LANGUAGES) {
        const mail = render(template, language, NO_BRAND);
        // No signature, no masthead, no footer: the text ends with the template's closing line.
        expect(mail.text).not.toContain('\n-- \n');
        expect(mail.html).not.toMatch(/<img|<hr|<strong>/);
        if (mail.text.includes(LINK)) expect(mail.html).toContain('style="background:#0b5cad;color:#fff');
      }
    expect(render('reset-password', 'en', NO_BRAND).text).toBe(
      [
        'Hello Zoé,',
        'Someone asked to reset the password of your account. The link works once, for 30 minutes, and signs out every device.',
        `Choose a new password: ${LINK}`,
        'If you did not ask for this, ignore this message: your password stays as it is.',
      ].join('\n\n'),
    );
  });

  it('a brand with only a support page and no name: the mail says where to get help, and nothing else changes', () => {
    const mail = render('confirm-email', 'en', {
      ...NO_BRAND,
      support: { href: 'https://help.acme.example/', text: 'https://help.acme.example/' },
    });
    expect(mail.text.endsWith('\n\n-- \nNeed help? https://help.acme.example/')).toBe(true);
    expect(mail.html).not.toContain('<img');
  });
});
