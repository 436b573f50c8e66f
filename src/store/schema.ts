import type { Generated } from 'kysely';
import type { ValidationPolicy } from '../domain/operations.js';
import type { Millis } from './millis.js';
import type {
  AccountEventDeliveriesTable,
  AccountEventsTable,
  OidcProviderKeysTable,
  OidcProviderRecordsTable,
} from './platform-schema.js';

export type { Millis } from './millis.js';
export type * from './platform-schema.js';

export interface AccountsTable {
  account_id: string;
  customer_id: string;
  first_name: string;
  last_name: string;
  company_name: string | null;
  job_title: string | null;
  phone_number: string | null;
  mobile_number: string | null;
  city: string | null;
  zip_code: string | null;
  state_province: string | null;
  country: string | null;
  vat_number: string | null;
  /** JSON array of strings. */
  additional_emails: string;
  created_at: Millis;
  updated_at: Millis;
  /** 1 when sensitive actions wait for a token validator. */
  advanced_security: Generated<number>;
  validation_policy: Generated<ValidationPolicy>;
  /** 1 when every user must have a second factor. */
  require_second_factor: Generated<number>;
  /** Bumped by every change of the profile: an update guarded by it never overwrites one it did not see. */
  version: Generated<number>;
  /** The seq and hash of the account's last audit event (0 and the genesis hash before the first). */
  audit_seq: Generated<number>;
  audit_hash: Generated<string>;
  /** The head sealed with the server's key (domain/audit-chain.ts, migration 0017); null before the first event. */
  audit_head_seal: Generated<string | null>;
}

export type OperationState = 'pending' | 'done' | 'failed' | 'cancelled' | 'expired';

export interface OperationsTable {
  operation_id: string;
  account_id: string;
  requester_id: string;
  /** The call that runs once validated, or the platform's name for its action. */
  action: string;
  /** 'call': one of Tessera's calls; 'platform': a platform service's action; 'link': a provider to link. */
  kind: 'call' | 'platform' | 'link';
  /** A platform action's summary in en and fr (JSON). */
  summary: string | null;
  /** Where a platform action's outcome is posted, signed. */
  webhook_url: string | null;
  /** Its input, JSON sealed with the secret key: it may hold a password. */
  input_sealed: string;
  /** JSON list of what will change, for the validator: never a secret. */
  changes: string;
  state: OperationState;
  /** Why the call failed when it ran, in en and fr (JSON). */
  failure: string | null;
  wrong_tries: Generated<number>;
  decided_by: string | null;
  created_at: Millis;
  expires_at: Millis;
  decided_at: Millis | null;
  /** What the validated call answered, sealed, until its requester reads it once (migration 0016). */
  result_sealed: Generated<string | null>;
  /** The user the operation's call acts on, as the validator was shown them (migration 0016). */
  subject_id: string | null;
}

export interface AuditEventsTable {
  account_id: string;
  /** 1, 2, 3… per account: a gap is a removed event. */
  seq: number;
  at: Millis;
  /**
   * The user who acted, or whose identity was only named (a refused sign-in, a support check):
   * the event is in their own activity. Null for Tessera itself or someone not named.
   */
  actor_id: string | null;
  /** Their UserName or "owner"; "anonymous" for someone who proved nothing, "support", "system". */
  actor_name: string;
  /** console, api (signed), basic, cli, operation. */
  interface: string;
  /** The session id or access key id used. */
  credential: string | null;
  ip: string;
  device: string;
  action: string;
  target: string | null;
  /** JSON list of changes, secrets only said to change. */
  changes: string;
  operation_id: string | null;
  validated_by: string | null;
  outcome: string;
  /** Why a refusal was made (WrongPassword, AccessDenied, BadSignature…); null otherwise. */
  reason: string | null;
  prev_hash: string;
  hash: string;
  /** The event's hash sealed with the server's key (domain/audit-chain.ts, migration 0017). */
  seal: string | null;
}

export interface AuditCheckpointsTable {
  account_id: string;
  /** The last pruned event: the kept chain starts after it. */
  seq: number;
  hash: string;
  at: Millis;
  /** HMAC of the above with the server's key. */
  signature: string;
}

export interface TotpFactorsTable {
  user_id: string;
  secret_sealed: string;
  created_at: Millis;
  /** Null until a first code proves the app holds the secret. */
  confirmed_at: Millis | null;
  /** The last time step a code was accepted for. */
  last_step: number | null;
}

export interface RecoveryCodesTable {
  code_hash: string;
  user_id: string;
  created_at: Millis;
  used_at: Millis | null;
}

export interface SignInChallengesTable {
  challenge_hash: string;
  user_id: string;
  created_at: Millis;
  expires_at: Millis;
  tries: number;
}

export interface PasskeysTable {
  /** base64url, as the browser names it. */
  credential_id: string;
  user_id: string;
  /** base64url of the COSE public key. */
  public_key: string;
  counter: number;
  /** JSON list of transports (internal, usb, hybrid…). */
  transports: string;
  /** singleDevice or multiDevice (synced). */
  device_type: string;
  backed_up: number;
  name: string;
  created_at: Millis;
  last_used_at: Millis | null;
}

export interface WebauthnChallengesTable {
  challenge: string;
  purpose: 'register' | 'sign-in';
  user_id: string | null;
  expires_at: Millis;
}

export interface SupportCodesTable {
  code_hash: string;
  user_id: string;
  account_id: string;
  created_at: Millis;
  expires_at: Millis;
  used_at: Millis | null;
}

export interface OperationTokensTable {
  operation_id: string;
  validator_id: string;
  token_hash: string;
}

export interface UsersTable {
  user_id: string;
  account_id: string;
  /** Null for a sub-user created without an email: such a user signs in with access keys only. */
  email: string | null;
  /** The lower-cased email: unique across Tessera, it is the login. */
  email_key: string | null;
  password_hash: string | null;
  is_owner: number;
  language: string;
  created_at: Millis;
  email_confirmed_at: Millis | null;
  pending_email: string | null;
  /** OAPI's EIM UserName; null for the account's owner. */
  user_name: string | null;
  /** The lower-cased UserName, unique per account. */
  user_name_key: string | null;
  path: string;
  first_name: string | null;
  last_name: string | null;
  /** E.164. */
  phone_number: string | null;
  /** JSON array of right names; the owner holds every right whatever this says. */
  rights: string;
  disabled_at: Millis | null;
  updated_at: Millis;
}

export interface SessionsTable {
  /** SHA-256 of the session token: a stolen database copy holds no usable cookie. */
  token_hash: string;
  session_id: string;
  user_id: string;
  created_at: Millis;
  last_seen_at: Millis;
  expires_at: Millis;
  ip: string;
  user_agent: string;
  authenticated_at: Millis;
  /** 1 while the account requires a second factor the user has not enrolled: only enrolment is allowed. */
  must_enrol: Generated<number>;
  /** When a second factor was last proved in this session (its second step, a re-authentication); null if never. */
  second_factor_at: Millis | null;
}

export interface AccessKeysTable {
  access_key_id: string;
  user_id: string;
  account_id: string;
  secret_sealed: string;
  state: 'ACTIVE' | 'INACTIVE';
  tag: string | null;
  expires_at: Millis | null;
  created_at: Millis;
  updated_at: Millis;
  /** The last signed request, to the minute. */
  last_used_at: Millis | null;
  /** Requests signed with it that other services had Tessera verify (VerifyRequest), added once a minute at most. */
  verified_requests: Generated<number>;
}

export interface AuthFailuresTable {
  subject: string;
  failures: number;
  locked_until: Millis;
  updated_at: Millis;
}

export type MailStatus = 'pending' | 'sent' | 'failed';

export interface OutboxTable {
  mail_id: string;
  recipient: string;
  language: string;
  template: string;
  payload: string;
  status: MailStatus;
  attempts: number;
  next_attempt_at: Millis;
  claimed_until: Millis;
  last_error: string | null;
  created_at: Millis;
  sent_at: Millis | null;
}

export interface EmailTokensTable {
  /** SHA-256 of the token: the link in the mail is the only copy of the token itself. */
  token_hash: string;
  user_id: string;
  purpose: string;
  address: string;
  expires_at: Millis;
  used_at: Millis | null;
  created_at: Millis;
  /** Why it ended unused: a newer link replaced it, or what it was for was withdrawn. */
  ended_reason: 'replaced' | 'withdrawn' | null;
}

export interface ConfirmedAdditionalEmailsTable {
  account_id: string;
  email_key: string;
  confirmed_at: Millis;
}

export interface IdentitiesTable {
  issuer: string;
  subject: string;
  provider_id: string;
  user_id: string;
  /** The address the provider gave at the last sign-in, for display only. */
  email: string | null;
  created_at: Millis;
}

export type OidcIntent = 'SignIn' | 'Link' | 'Reauthenticate';

export interface OidcFlowsTable {
  /** SHA-256 of the `state` sent to the provider. */
  state_hash: string;
  provider_id: string;
  intent: OidcIntent;
  /** The signed-in user who started a Link or Reauthenticate. */
  user_id: string | null;
  code_verifier: string;
  nonce: string;
  /** SHA-256 of the flow cookie: the callback must come back to the browser that started. */
  browser_hash: string;
  created_at: Millis;
  expires_at: Millis;
}

export interface UsedSignaturesTable {
  signature: string;
  expires_at: Millis;
}

export interface IdempotencyKeysTable {
  key_hash: string;
  user_id: string;
  request_hash: string;
  /** The HTTP status answered: 200, or 202 for a call that became an operation. */
  status: number;
  answer_sealed: string;
  expires_at: Millis;
}

/** A key of the server ring that sealed values here, and a value it sealed (migration 0022). */
export interface SecretKeyCanariesTable {
  key_id: string;
  canary: string;
  created_at: Millis;
}

export interface Database {
  account_events: AccountEventsTable;
  account_event_deliveries: AccountEventDeliveriesTable;
  secret_key_canaries: SecretKeyCanariesTable;
  oidc_provider_records: OidcProviderRecordsTable;
  oidc_provider_keys: OidcProviderKeysTable;
  idempotency_keys: IdempotencyKeysTable;
  used_signatures: UsedSignaturesTable;
  identities: IdentitiesTable;
  oidc_flows: OidcFlowsTable;
  confirmed_additional_emails: ConfirmedAdditionalEmailsTable;
  outbox: OutboxTable;
  email_tokens: EmailTokensTable;
  access_keys: AccessKeysTable;
  auth_failures: AuthFailuresTable;
  accounts: AccountsTable;
  operations: OperationsTable;
  audit_events: AuditEventsTable;
  audit_checkpoints: AuditCheckpointsTable;
  support_codes: SupportCodesTable;
  totp_factors: TotpFactorsTable;
  recovery_codes: RecoveryCodesTable;
  sign_in_challenges: SignInChallengesTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebauthnChallengesTable;
  operation_tokens: OperationTokensTable;
  users: UsersTable;
  sessions: SessionsTable;
}
