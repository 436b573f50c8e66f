import { describe, expect, it } from 'vitest';
import { ERROR_KINDS, LANGUAGES } from '../../src/domain/errors.js';
import { declaredErrors } from '../../src/http/error-catalogue.js';
import { PHRASES } from '../../src/phrases/index.js';

/** A value for each parameter a sentence may name, so that every sentence can be said. */
const SAMPLE = new Proxy({} as Record<string, unknown>, {
  get: (_, name) =>
    typeof name === 'string' && /^(?:Count|Seconds|Minutes|Max|Min|Left)$/.test(name) ? 2 : `«${String(name)}»`,
});

describe('the error catalogue', () => {
  const declared = declaredErrors();
  const codes = declared.map(([code]) => code);

  it('each code is declared once, across every capability', () => {
    expect(codes.filter((code, index) => codes.indexOf(code) !== index)).toEqual([]);
  });

  it('each code answers with a kind OAPI knows', () => {
    for (const [code, declaration] of declared) expect(ERROR_KINDS[declaration.kind], code).toBeDefined();
  });

  it.each(LANGUAGES)('the %s phrase table says every declared code, and nothing else', (language) => {
    expect(Object.keys(PHRASES[language]).sort()).toEqual([...codes].sort());
  });

  it.each(LANGUAGES)('every %s sentence is a whole sentence with its parameters in it', (language) => {
    for (const [code, sentence] of Object.entries(PHRASES[language])) {
      const said = (sentence as (params: unknown) => string)(SAMPLE);
      expect(said, code).toMatch(/^\S.*[.!?)]$/s);
      expect(said, code).not.toMatch(/undefined|\[object Object\]/);
    }
  });

  it('the two languages say different things (no sentence left untranslated)', () => {
    const untranslated = codes.filter((code) => {
      const say = (language: 'en' | 'fr') =>
        (PHRASES[language] as unknown as Record<string, (params: unknown) => string>)[code]!(SAMPLE);
      return say('en') === say('fr');
    });
    expect(untranslated).toEqual([]);
  });
});
