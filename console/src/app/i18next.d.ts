import 'i18next';
import type { Messages } from './locales/en.js';

// Every key given to t() is checked against the English messages: a mistyped key fails tsc.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
    defaultVariables: { product: string };
  }
}
