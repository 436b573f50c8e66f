import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import {
  AA_CONTRAST,
  brandContrast,
  contrastRatio,
  lightestPassingShade,
  normalHex,
  ON_BRAND_INK,
  PAGE_BACKGROUNDS,
} from '../../src/domain/contrast.js';
import { brandedPage } from '../../src/http/console-page.js';

const folder = mkdtempSync(join(tmpdir(), 'tessera-brand-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

/** The one line start-up prints for `env`. */
function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(env)} was accepted`);
}

describe('the provider’s brand in the configuration', () => {
  it('without TESSERA_BRAND_*, nothing is branded and mails come from Tessera', () => {
    const config = loadConfig({});
    expect(config.brand).toEqual({
      name: undefined,
      logo: undefined,
      favicon: undefined,
      color: undefined,
      support: undefined,
      terms: undefined,
      privacy: undefined,
      mailFooter: undefined,
    });
    expect(config.mailFrom).toBe('Tessera <no-reply@localhost>');
  });

  it('reads the name, a logo file, a favicon URL, the colour, the links and the mail footer', () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const config = loadConfig({
      TESSERA_PUBLIC_URL: 'https://id.acme.example',
      TESSERA_BRAND_NAME: 'Nuage Acme',
      TESSERA_BRAND_LOGO: file('logo.PNG', png),
      TESSERA_BRAND_FAVICON: 'https://cdn.acme.example/favicon.ico',
      TESSERA_BRAND_COLOR: '#7A2E8F',
      TESSERA_BRAND_SUPPORT: 'support@acme.example',
      TESSERA_BRAND_TERMS_URL: 'https://acme.example/terms',
      TESSERA_BRAND_PRIVACY_URL: 'https://acme.example/privacy',
      TESSERA_MAIL_FOOTER: 'Acme SAS, 1 rue de la Paix, Paris',
    });
    const { brand } = config;
    expect(brand).toMatchObject({
      name: 'Nuage Acme',
      favicon: { src: 'https://cdn.acme.example/favicon.ico', url: 'https://cdn.acme.example/favicon.ico' },
      color: '#7a2e8f',
      support: { href: 'mailto:support@acme.example', text: 'support@acme.example' },
      terms: 'https://acme.example/terms',
      privacy: 'https://acme.example/privacy',
      // Without a French footer, the one footer serves every language.
      mailFooter: { en: 'Acme SAS, 1 rue de la Paix, Paris', fr: 'Acme SAS, 1 rue de la Paix, Paris' },
    });
    // A file is served under a name that changes with its content; mails reach it at the public URL.
    expect(brand.logo?.src).toMatch(/^\/brand\/logo-[0-9a-f]{16}\.png$/);
    expect(brand.logo?.url).toBe(`https://id.acme.example${brand.logo?.src}`);
    expect(brand.logo?.file).toEqual({ body: png, type: 'image/png' });
    expect(config.mailFrom).toBe('Nuage Acme <no-reply@id.acme.example>');
  });

  it('a support page instead of an address, a French footer, and a sender name quoted as RFC 5322 needs', () => {
    const { brand, mailFrom } = loadConfig({
      TESSERA_BRAND_NAME: 'Acme, "Cloud"',
      TESSERA_BRAND_SUPPORT: 'https://help.acme.example/',
      TESSERA_MAIL_FOOTER: 'Acme Ltd',
      TESSERA_MAIL_FOOTER_FR: 'Acme SARL',
    });
    expect(brand.support).toEqual({ href: 'https://help.acme.example/', text: 'https://help.acme.example/' });
    expect(brand.mailFooter).toEqual({ en: 'Acme Ltd', fr: 'Acme SARL' });
    expect(mailFrom).toBe('"Acme, \\"Cloud\\"" <no-reply@localhost>');
    // Set by hand, the sender is the provider's choice.
    expect(loadConfig({ TESSERA_BRAND_NAME: 'Acme', TESSERA_MAIL_FROM: 'Acme <hello@acme.example>' }).mailFrom).toBe(
      'Acme <hello@acme.example>',
    );
  });

  it('a bad brand setting stops start-up with one line naming it', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ TESSERA_BRAND_COLOR: 'blue' }, /^TESSERA_BRAND_COLOR=blue is not valid: expected a colour such as #0b5cad\.$/],
      [
        { TESSERA_BRAND_LOGO: join(folder, 'missing.png') },
        /^TESSERA_BRAND_LOGO=.*missing\.png cannot be read \(ENOENT\)\.$/,
      ],
      [{ TESSERA_BRAND_LOGO: file('logo.txt', 'hello') }, /^TESSERA_BRAND_LOGO=.*logo\.txt is not an image/],
      [{ TESSERA_BRAND_LOGO: file('huge.png', Buffer.alloc(600 * 1024)) }, /is 600 KB: at most 512 KB\.$/],
      [
        { TESSERA_BRAND_FAVICON: 'http://cdn.acme.example/f.ico' },
        /^TESSERA_BRAND_FAVICON=.* must be an https:\/\/ URL\.$/,
      ],
      [{ TESSERA_BRAND_TERMS_URL: 'terms' }, /^TESSERA_BRAND_TERMS_URL=terms is not a URL\.$/],
      [{ TESSERA_BRAND_SUPPORT: 'mailto:nobody' }, /^TESSERA_BRAND_SUPPORT=mailto:nobody is not valid/],
      [{ TESSERA_BRAND_NAME: 'x'.repeat(65) }, /^TESSERA_BRAND_NAME must be one line of at most 64 characters\.$/],
      [{ TESSERA_BRAND_NAME: 'Acme\nCloud' }, /^TESSERA_BRAND_NAME must be one line/],
      [{ TESSERA_MAIL_FOOTER_FR: 'Acme SARL' }, /^TESSERA_MAIL_FOOTER_FR needs TESSERA_MAIL_FOOTER/],
      // The origin of a logo's URL goes into the Content-Security-Policy: no wildcard, no directive of its own.
      [{ TESSERA_BRAND_LOGO: 'https://*/x.png' }, /^TESSERA_BRAND_LOGO=.* must name its host plainly/],
      [{ TESSERA_BRAND_FAVICON: 'https://a;sandbox/f.ico' }, /^TESSERA_BRAND_FAVICON=.* must name its host plainly/],
    ];
    for (const [env, line] of cases) {
      const message = refusal(env);
      expect(message, JSON.stringify(env)).toMatch(line);
      expect(message).not.toContain('\n');
    }
    // A page of the provider's own on this machine is fine over http, as they try their brand out.
    expect(loadConfig({ TESSERA_BRAND_TERMS_URL: 'http://localhost:3000/terms' }).brand.terms).toBe(
      'http://localhost:3000/terms',
    );
  });
});

describe('WCAG AA contrast of the brand colour', () => {
  it('measures contrast as WCAG 2 does', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    // WCAG's reference grey: the lightest that passes on white.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(normalHex(' #ABC ')).toBe('#aabbcc');
    expect(normalHex('#0b5cad')).toBe('#0b5cad');
    expect(normalHex('rgb(0,0,0)')).toBeUndefined();
  });

  it('a colour too light for white text or as link colour on the page is refused, naming a shade that passes', () => {
    // #767676 passes on white but not on the page's light grey, where links are written.
    for (const light of ['#3b82f6', '#ffcc00', '#767676', '#fff']) {
      const message = refusal({ TESSERA_BRAND_COLOR: light });
      expect(message).toMatch(
        new RegExp(
          `^TESSERA_BRAND_COLOR=${light} is too light for WCAG AA: .* goes down to \\d+\\.\\d\\d:1, where 4\\.5:1 is needed; a darker shade of it such as (#[0-9a-f]{6}) passes\\.$`,
        ),
      );
      const shade = /such as (#[0-9a-f]{6})/.exec(message)![1]!;
      expect(loadConfig({ TESSERA_BRAND_COLOR: shade }).brand.color).toBe(shade);
    }
  });

  it('the shade suggested keeps the hue and is the lightest that passes, within a step', () => {
    for (const color of ['#3b82f6', '#f5a623', '#22c55e', '#e11d48']) {
      const shade = lightestPassingShade(color);
      expect(brandContrast(shade)).toBeGreaterThanOrEqual(AA_CONTRAST);
      expect(brandContrast(shade)).toBeLessThan(AA_CONTRAST + 0.1);
      // Each channel scaled by the same factor: the hue stays.
      const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(shade.slice(at, at + 2), 16));
      const [r0, g0, b0] = [1, 3, 5].map((at) => Number.parseInt(color.slice(at, at + 2), 16));
      expect(Math.abs(r! / r0! - g! / g0!)).toBeLessThan(0.05);
      expect(Math.abs(r! / r0! - b! / b0!)).toBeLessThan(0.05);
    }
    // Tessera's own accent passes its own rule, and a colour that passes is kept as it is.
    expect(brandContrast('#0b5cad')).toBeGreaterThanOrEqual(AA_CONTRAST);
    expect(lightestPassingShade('#0b5cad')).toBe('#0b5cad');
  });

  it('checks against the very colours the console paints with', () => {
    const css = readFileSync(new URL('../../console/src/app/styles.css', import.meta.url), 'utf8');
    const root = /:root \{([^}]*)\}/.exec(css)![1]!;
    const variable = (name: string) => new RegExp(`--${name}: (#[0-9a-f]{6});`).exec(root)?.[1];
    expect(variable('accent-ink')).toBe(ON_BRAND_INK);
    expect([variable('paper'), variable('ground')]).toEqual([...PAGE_BACKGROUNDS]);
    expect(brandContrast(variable('accent')!)).toBeGreaterThanOrEqual(AA_CONTRAST);
  });
});

describe('the branded console page', () => {
  it('writes a brand name with $ in it as it is, never as a replacement pattern', () => {
    const html = '<html><head><title>Tessera</title></head><body></body></html>';
    for (const name of ["Acme$'", 'Cash$$Cloud', 'A$&B', 'Z$`']) {
      const { body } = brandedPage(html, { ...loadConfig({}).brand, name });
      expect(body).toContain(`<title>${name.replace(/&/g, '&amp;').replace(/'/g, '&#39;')}</title>`);
      const json = /<script type="application\/json" id="brand">(.*)<\/script>/.exec(body)![1]!;
      expect((JSON.parse(json) as { name: string }).name).toBe(name);
    }
  });
});
