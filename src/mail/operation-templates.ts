import type { Language } from '../domain/errors.js';
import { compose, type MailContent } from './compose.js';

export interface OperationTemplateValues {
  /** To each validator: what is asked, by whom, what changes, and their own token. */
  'operation-token': {
    firstName: string;
    operationId: string;
    /** "Alice Martin (alice)". */
    requester: string;
    /** The user the call acts on, "Bob Durand (bob), bob@example.com"; empty when it acts on its requester. */
    subject: string;
    /** What it does, in a sentence of the reader's language ("Turn on advanced security"), or a platform's own words. */
    action: string;
    /** One line per change, already in words ("Email address: a@x → b@x"); none for an action that changes no field. */
    changes: string[];
    token: string;
    minutes: number;
    link: string;
  };
  /** To the requester and the validators once it is decided. */
  'operation-outcome': {
    firstName: string;
    operationId: string;
    /** What it does, in a sentence of the reader's language. */
    action: string;
    outcome: 'done' | 'failed' | 'cancelled' | 'expired';
    /** Who validated or cancelled it: "Alice Martin (alice)". */
    by: string;
    failure: string;
    /** The reader asked for it, and its result waits for them, once. */
    resultWaiting: boolean;
    link: string;
  };
}

type Templates = {
  [T in keyof OperationTemplateValues]: Record<Language, (values: OperationTemplateValues[T]) => MailContent>;
};

const OUTCOME_EN = {
  done: (by: string) => `It was validated by ${by} and carried out.`,
  failed: (by: string) => `It was validated by ${by}, but could not be carried out.`,
  cancelled: (by: string) => `It was cancelled${by ? ` by ${by}` : ''}: nothing changed.`,
  expired: () => 'Nobody validated it in time: it expired and nothing changed.',
};
const OUTCOME_FR = {
  done: (by: string) => `Elle a été validée par ${by} et exécutée.`,
  failed: (by: string) => `Elle a été validée par ${by}, mais n'a pas pu être exécutée.`,
  cancelled: (by: string) => `Elle a été annulée${by ? ` par ${by}` : ''} : rien n'a changé.`,
  expired: () => "Personne ne l'a validée à temps : elle a expiré et rien n'a changé.",
};

/** The list of changes, or nothing when the action changes no field (deleting a user, say). */
function changesParagraph(title: string, changes: readonly string[]): string[] {
  return changes.length > 0 ? [`${title}\n${changes.map((line) => `- ${line}`).join('\n')}`] : [];
}

export const OPERATION_TEMPLATES: Templates = {
  'operation-token': {
    en: (v) =>
      compose(
        `Your validation is asked: ${v.action}`,
        [
          `Hello ${v.firstName},`,
          `${v.requester} asks: ${v.action} (operation ${v.operationId}). It is carried out only once a token validator confirms it.`,
          ...(v.subject ? [`It acts on ${v.subject}.`] : []),
          ...changesParagraph('What will change:', v.changes),
          `Your token, valid ${v.minutes} ${v.minutes === 1 ? 'minute' : 'minutes'}: ${v.token}`,
        ],
        { label: 'Review the operation', url: v.link },
        'If you do not recognise this request, do not enter the token: cancel the operation.',
      ),
    fr: (v) =>
      compose(
        `Votre validation est demandée : ${v.action}`,
        [
          `Bonjour ${v.firstName},`,
          `${v.requester} demande : ${v.action} (opération ${v.operationId}). Elle ne s'exécute qu'une fois confirmée par un valideur de jetons.`,
          ...(v.subject ? [`Elle concerne ${v.subject}.`] : []),
          ...changesParagraph('Ce qui va changer :', v.changes),
          `Votre jeton, valable ${v.minutes} ${v.minutes === 1 ? 'minute' : 'minutes'} : ${v.token}`,
        ],
        { label: "Examiner l'opération", url: v.link },
        "Si vous ne reconnaissez pas cette demande, ne saisissez pas le jeton : annulez l'opération.",
        'fr',
      ),
  },
  'operation-outcome': {
    en: (v) =>
      compose(
        `${{ done: 'Carried out', failed: 'Failed', cancelled: 'Cancelled', expired: 'Expired' }[v.outcome]}: ${v.action}`,
        [
          `Hello ${v.firstName},`,
          `${v.action} (operation ${v.operationId}). ${OUTCOME_EN[v.outcome](v.by)}`,
          ...(v.failure ? [v.failure] : []),
          ...(v.resultWaiting
            ? ['Its result (a secret shown once) waits for you: open the operation to read it. It is wiped once read.']
            : []),
        ],
        { label: 'See the operation', url: v.link },
        'You receive this because you asked for it or validate operations of this account.',
      ),
    fr: (v) =>
      compose(
        `${{ done: 'Exécutée', failed: 'Échouée', cancelled: 'Annulée', expired: 'Expirée' }[v.outcome]} : ${v.action}`,
        [
          `Bonjour ${v.firstName},`,
          `${v.action} (opération ${v.operationId}). ${OUTCOME_FR[v.outcome](v.by)}`,
          ...(v.failure ? [v.failure] : []),
          ...(v.resultWaiting
            ? [
                "Son résultat (un secret montré une seule fois) vous attend : ouvrez l'opération pour le lire. Il est effacé une fois lu.",
              ]
            : []),
        ],
        { label: "Voir l'opération", url: v.link },
        'Vous recevez ce message car vous avez demandé cette opération ou validez celles de ce compte.',
        'fr',
      ),
  },
};
