import type { ERROR_CATALOGUES } from '../http/error-catalogue.js';
import type { PhrasesFor } from './phrases-for.js';

type Intersection<U> = (U extends unknown ? (all: U) => void : never) extends (all: infer I) => void ? I : never;

/** Every error Tessera answers with, by code, and the sentence a language says it with. */
export type Phrases = Intersection<PhrasesFor<(typeof ERROR_CATALOGUES)[number]>>;
