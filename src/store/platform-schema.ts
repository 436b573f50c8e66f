import type { Millis } from './millis.js';

/** The tables of what Tessera gives the rest of the platform: its OpenID provider and the account events. */

/** One record of oidc-provider (Tessera as an OpenID provider), see migration 0020. */
export interface OidcProviderRecordsTable {
  record_key: string;
  model: string;
  /** JSON: the record as oidc-provider gave it, sealed with the server key (bound to record_key). */
  payload: string;
  grant_id: string | null;
  /** SHA-256 digests. */
  uid: string | null;
  user_code: string | null;
  user_id: string | null;
  /** The Tessera session the grant was given in: ending it ends the grant and its tokens. */
  session_id: string | null;
  consumed_at: Millis | null;
  /** When the record was first stored (Tessera's clock): an interaction's beginning. */
  created_at: Millis;
  expires_at: Millis;
}

/** The OpenID provider's signing keys: private JWKs sealed with the server key. */
export interface OidcProviderKeysTable {
  kid: string;
  jwk_sealed: string;
  created_at: Millis;
}

/** An account event for the platform's services (see store/account-events.ts). */
export interface AccountEventsTable {
  event_id: string;
  account_id: string;
  /** The Seq of the change's audit event: the account's events in commit order. */
  seq: number;
  /** Its place among the events of one change. */
  position: number;
  type: string;
  occurred_at: Millis;
  /** JSON object: what the event says. */
  data: string;
}

/** An event an endpoint has still to acknowledge; deleted once it has. */
export interface AccountEventDeliveriesTable {
  /** The endpoint's URL, as configured. */
  endpoint: string;
  event_id: string;
  account_id: string;
  seq: number;
  position: number;
  attempts: number;
  next_attempt_at: Millis;
  claimed_until: Millis;
  last_error: string | null;
  created_at: Millis;
}
