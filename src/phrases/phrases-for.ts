import type { DECLARATIONS, ErrorDeclaration, Localized } from '../domain/errors.js';

/** A parameter as a sentence receives it: words said in each language arrive in the sentence's own. */
type Said<P> = { readonly [K in keyof P]: P[K] extends Localized ? string : P[K] };

type ParamsOf<D> = D extends ErrorDeclaration<infer P> ? P : never;

/** The sentences of a capability's errors in one language: one function of its parameters per code. */
export type PhrasesFor<E> = E extends { readonly [DECLARATIONS]: infer D }
  ? { readonly [C in keyof D]: (params: Said<ParamsOf<D[C]>>) => string }
  : never;
