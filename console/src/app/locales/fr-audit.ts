import type { Messages } from './en.js';
import { frEvents } from './fr-events.js';

/** The audit trail, security activity and support code, in French. */
export const frAudit: Pick<Messages, 'events' | 'audit' | 'device' | 'support'> = {
  events: frEvents,
  audit: {
    title: "Journal d'audit",
    intro:
      "Chaque modification du compte et chaque tentative refusée, dans l'ordre. Chaque événement porte l'empreinte du précédent : aucun ne peut être modifié ou supprimé sans que cela se voie.",
    events: 'Événements',
    filters: 'Filtres',
    from: 'Du',
    to: "Jusqu'au",
    actor: 'Personne',
    anyone: "N'importe qui",
    action: 'Action',
    anyAction: 'Toutes les actions',
    target: 'Portant sur',
    targetHint: "Un nom d'utilisateur, un ID de clé d'API, un ID d'opération, une adresse e-mail…",
    outcome: 'Résultat',
    anyOutcome: 'Tous',
    outcomes: { success: 'Fait', refused: 'Refusé', 'awaiting-validation': 'En attente de validation' },
    apply: 'Afficher',
    date: 'Date',
    who: 'Qui',
    what: 'Quoi',
    where: 'Depuis',
    details: 'Modifications',
    noChanges: "Aucun champ n'a changé.",
    call: 'Appel {{action}}',
    operation: 'opération {{id}}',
    validatedBy: 'validée par {{name}}',
    credential: 'avec {{id}}',
    more: 'Afficher les événements plus anciens',
    none: 'Aucun événement ne correspond.',
    export: 'Exporter (NDJSON)',
    verify: 'Vérifier la chaîne',
    valid: 'La chaîne est intacte : {{count}} événements vérifiés.',
    broken:
      "La chaîne est rompue à l'événement {{seq}} ({{reason}}) : un événement a été modifié ou supprimé en dehors de {{product}}.",
  },
  device: {
    on: '{{browser}} sous {{os}}',
    unknown: 'Appareil inconnu',
  },
  support: {
    section: "Code d'assistance",
    help: "Vous contactez l'assistance de la plateforme ? Créez un code et lisez-le-lui : elle saura que c'est bien vous.",
    create: "Créer un code d'assistance",
    code: "Lisez ce code à l'assistance :",
    until: "Il sert une fois, jusqu'à {{when}}. Un nouveau code le remplace.",
  },
};
