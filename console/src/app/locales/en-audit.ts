import { enEvents } from './en-events.js';

/** The audit trail, security activity and support code, in English. */
export const enAudit = {
  events: enEvents,
  audit: {
    title: 'Audit log',
    intro:
      'Every change to the account and every refused attempt, in order. Each event carries the fingerprint of the one before it, so that none can be changed or removed unseen.',
    events: 'Events',
    filters: 'Filters',
    from: 'From',
    to: 'Until',
    actor: 'Person',
    anyone: 'Anyone',
    action: 'Action',
    anyAction: 'Any action',
    target: 'Acting on',
    targetHint: 'A user name, an access key ID, an operation ID, an email address…',
    outcome: 'Outcome',
    anyOutcome: 'Any',
    outcomes: { success: 'Done', refused: 'Refused', 'awaiting-validation': 'Waiting for validation' },
    apply: 'Show',
    date: 'Date',
    who: 'Who',
    what: 'What',
    where: 'From',
    details: 'Changes',
    noChanges: 'No field changed.',
    call: 'Call {{action}}',
    operation: 'operation {{id}}',
    validatedBy: 'validated by {{name}}',
    credential: 'with {{id}}',
    more: 'Show older events',
    none: 'No event matches.',
    export: 'Export (NDJSON)',
    verify: 'Verify the chain',
    valid: 'The chain holds: {{count}} events verified.',
    broken: 'The chain is broken at event {{seq}} ({{reason}}): an event was changed or removed outside {{product}}.',
  },
  // A device as a person names it, from the name the API gives ("Chrome 156 on Linux").
  device: {
    on: '{{browser}} on {{os}}',
    unknown: 'Unknown device',
  },
  support: {
    section: 'Support code',
    help: 'Contacting the support of the platform? Create a code and read it to them: it shows them that it is really you.',
    create: 'Create a support code',
    code: 'Read this code to support:',
    until: 'It works once, until {{when}}. A new code replaces it.',
  },
};
