/**
 * The changes that, under advanced security, only a validated operation may make (four eyes).
 * Sensitivity is a property of what is written, not of the call that writes it: whichever call
 * or path reaches one of these columns or rows, the pipeline sees it (store/sensitive-writes.ts)
 * and the change waits for a token validator. Declared once, here, by table and column.
 */
export type SensitiveEffect =
  /** A user's login address: an address set, or a change of it requested. */
  | 'UserLogin'
  | 'UserPassword'
  | 'UserRights'
  /** Enabled or disabled: the reverse of a sensitive change is sensitive too. */
  | 'UserState'
  /** A user created or deleted. */
  | 'UserExistence'
  /** What operations, rights and people refer to a user by. */
  | 'UserName'
  /** An access key created, or made active again. */
  | 'ActiveAccessKey'
  /** A second factor (authenticator app, passkey, recovery codes) added, replaced or removed. */
  | 'SecondFactor'
  /** A provider's login linked or unlinked. */
  | 'LinkedLogin'
  /** The account's advanced security, validation policy or required second factor. */
  | 'AccountSecurity';

export const SENSITIVE_EFFECTS: readonly SensitiveEffect[] = [
  'UserLogin',
  'UserPassword',
  'UserRights',
  'UserState',
  'UserExistence',
  'UserName',
  'ActiveAccessKey',
  'SecondFactor',
  'LinkedLogin',
  'AccountSecurity',
];

/**
 * Which value written to a column is sensitive: every one (`true`), or those a rule picks. A
 * value the statement does not carry as a literal or a parameter (an expression) is unknown, and
 * counted as sensitive.
 */
type ColumnRule = SensitiveEffect | { effect: SensitiveEffect; when: (value: unknown) => boolean };

interface TableRule {
  insert?: SensitiveEffect;
  delete?: SensitiveEffect;
  columns?: Record<string, ColumnRule>;
}

const set = (value: unknown) => value !== null && value !== undefined;

export const SENSITIVE_WRITES: Readonly<Record<string, TableRule>> = {
  users: {
    insert: 'UserExistence',
    delete: 'UserExistence',
    columns: {
      email: 'UserLogin',
      email_key: 'UserLogin',
      // Clearing a requested change (confirmed, cancelled, withdrawn) moves nothing.
      pending_email: { effect: 'UserLogin', when: set },
      password_hash: 'UserPassword',
      rights: 'UserRights',
      disabled_at: 'UserState',
      user_name: 'UserName',
      user_name_key: 'UserName',
    },
  },
  // Deactivating or deleting a key takes a way in away: never waits.
  access_keys: {
    insert: 'ActiveAccessKey',
    columns: { state: { effect: 'ActiveAccessKey', when: (v) => v !== 'INACTIVE' } },
  },
  // A secret made by CreateTotp is nothing until confirmed.
  totp_factors: {
    insert: 'SecondFactor',
    delete: 'SecondFactor',
    columns: { confirmed_at: { effect: 'SecondFactor', when: set } },
  },
  passkeys: { insert: 'SecondFactor', delete: 'SecondFactor' },
  recovery_codes: { insert: 'SecondFactor', delete: 'SecondFactor' },
  identities: { insert: 'LinkedLogin', delete: 'LinkedLogin' },
  accounts: {
    columns: {
      advanced_security: 'AccountSecurity',
      validation_policy: 'AccountSecurity',
      require_second_factor: 'AccountSecurity',
    },
  },
};

/** An unconfirmed TOTP secret is inserted with confirmed_at null: only a confirmed one is a factor. */
const INSERT_UNLESS: Readonly<Record<string, (row: Record<string, unknown>) => boolean>> = {
  totp_factors: (row) => row.confirmed_at === null,
};

/** A statement's write as the store sees it: the table, and the columns it sets with their values. */
export type Write =
  | { kind: 'insert'; table: string; rows: Record<string, unknown>[] }
  | { kind: 'update'; table: string; values: Record<string, unknown> }
  | { kind: 'delete'; table: string };

/** A value the statement computes rather than carries. */
export const UNKNOWN_VALUE: unique symbol = Symbol('unknown value');

function columnEffect(rule: ColumnRule, value: unknown): SensitiveEffect | undefined {
  if (typeof rule === 'string') return rule;
  return value === UNKNOWN_VALUE || rule.when(value) ? rule.effect : undefined;
}

/** The sensitive effects of one write. */
export function effectsOfWrite(write: Write): SensitiveEffect[] {
  const rule = SENSITIVE_WRITES[write.table];
  if (!rule) return [];
  const effects = new Set<SensitiveEffect>();
  if (write.kind === 'delete' && rule.delete) effects.add(rule.delete);
  // Rows the statement does not carry (INSERT … SELECT, default values) are unknown, so sensitive.
  const exempt =
    write.kind === 'insert' &&
    write.rows.length > 0 &&
    write.rows.every((row) => INSERT_UNLESS[write.table]?.(row) === true);
  if (write.kind === 'insert' && rule.insert && !exempt) effects.add(rule.insert);
  if (write.kind === 'update')
    for (const [column, value] of Object.entries(write.values)) {
      const columnRule = rule.columns?.[column];
      const effect = columnRule && columnEffect(columnRule, value);
      if (effect) effects.add(effect);
    }
  return [...effects];
}
