import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { contentSecurityPolicy } from '../../src/http/console-page.js';
import { ApiClient, STRONG_PASSWORD, uniqueEmail } from '../support/api-client.js';
import { acmeBrandEnv } from '../support/brand-fixture.js';
import { useMailedServer } from '../support/smtp-sink.js';

// The brand is configuration, not data: one engine proves it.
describe('a provider’s brand, over HTTP and SMTP', () => {
  const env = acmeBrandEnv();
  const fx = useMailedServer('sqlite', env);

  it('every mail comes from the brand’s name and carries its brand, in the reader’s language, never Tessera', async () => {
    for (const language of ['en', 'fr'] as const) {
      const email = uniqueEmail(`brand-${language}`);
      const answer = await new ApiClient(fx.server.url).call('SignUp', {
        Email: email,
        Password: STRONG_PASSWORD,
        FirstName: 'Zoé',
        LastName: 'Martin',
        Language: language,
      });
      expect(answer.status).toBe(200);
      const mail = await fx.sink.waitFor(email, /\/confirm-email#/);
      expect(mail.from?.value).toEqual([{ name: 'Nuage Acme', address: 'no-reply@localhost' }]);
      const whole = `${mail.subject}\n${mail.text}\n${String(mail.html)}`;
      expect(whole).not.toMatch(/tessera/i);
      expect(mail.text).toContain('\n-- \nNuage Acme\n');
      expect(mail.text).toContain(language === 'fr' ? env.TESSERA_MAIL_FOOTER_FR : env.TESSERA_MAIL_FOOTER);
      expect(mail.text).toContain(
        language === 'fr'
          ? "Besoin d'aide ? Écrivez à support@acme.example."
          : 'Need help? Write to support@acme.example.',
      );
      const logo = /<img src="([^"]+)" alt=""/.exec(String(mail.html))?.[1];
      expect(logo).toMatch(new RegExp(`^${fx.server.url}/brand/logo-[0-9a-f]{16}\\.svg$`));
      // The logo a mail shows is the provider's file, served by Tessera, kept by clients for good.
      const served = await fetch(logo!);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/svg+xml');
      expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      // Opened by itself, the SVG runs nothing.
      expect(served.headers.get('content-security-policy')).toBe(
        "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      );
      expect(await served.text()).toBe(readFileSync(env.TESSERA_BRAND_LOGO!, 'utf8'));
    }
  });

  it('a logo or favicon at the provider’s own address is let through the console’s Content-Security-Policy', () => {
    const policy = (extra: Record<string, string>) => contentSecurityPolicy(loadConfig(extra).brand);
    expect(policy({})).toBe(
      "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(
      policy({
        TESSERA_BRAND_LOGO: 'https://cdn.acme.example/logo.svg',
        TESSERA_BRAND_FAVICON: 'https://cdn.acme.example/favicon.ico',
      }),
    ).toContain("img-src 'self' data: https://cdn.acme.example;");
    // A file Tessera serves itself needs nothing more than 'self'.
    expect(policy({ TESSERA_BRAND_LOGO: env.TESSERA_BRAND_LOGO! })).toContain("img-src 'self' data:;");
  });
});
