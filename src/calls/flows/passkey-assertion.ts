import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import { Type, type Static } from '@sinclair/typebox';
import type { Kysely, Transaction } from 'kysely';
import { takeWebauthnChallenge, type PasskeyRow } from '../../store/passkeys.js';
import type { Database } from '../../store/schema.js';
import type { Services } from '../pipeline/registry.js';

/** A credential as @simplewebauthn/browser returns it, from a registration or an assertion. */
export const CredentialJson = Type.Object(
  {
    id: Type.String({ maxLength: 1024 }),
    rawId: Type.String({ maxLength: 1024 }),
    type: Type.Literal('public-key'),
    response: Type.Object({}, { additionalProperties: true }),
    clientExtensionResults: Type.Object({}, { additionalProperties: true }),
    authenticatorAttachment: Type.Optional(Type.String({ maxLength: 32 })),
  },
  { additionalProperties: false, description: 'The credential as @simplewebauthn/browser returns it.' },
);
export type CredentialJson = Static<typeof CredentialJson>;

/** The relying party is Tessera's public address: passkeys made here work only here. */
export function relyingParty(services: Services) {
  return { rpID: services.config.publicUrl.hostname, origin: services.config.publicUrl.origin };
}

/**
 * Checks a passkey's assertion against its stored key, for a sign-in challenge this server gave
 * (taken once, in `db`). Undefined for a wrong signature, another site's key, a replayed or stale
 * challenge, or a counter that went backwards (a cloned authenticator).
 */
export async function verifyAssertion(
  db: Kysely<Database> | Transaction<Database>,
  services: Services,
  row: PasskeyRow,
  credential: CredentialJson,
): Promise<{ counter: number; backedUp: boolean } | undefined> {
  const { rpID, origin } = relyingParty(services);
  const now = services.now();
  try {
    const verification = await verifyAuthenticationResponse({
      response: credential as unknown as AuthenticationResponseJSON,
      expectedChallenge: (challenge) => takeWebauthnChallenge(db, challenge, 'sign-in', now),
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: {
        id: row.credential_id,
        publicKey: Buffer.from(row.public_key, 'base64url'),
        counter: row.counter,
        transports: JSON.parse(row.transports) as string[],
      },
      requireUserVerification: true,
    });
    if (!verification.verified) return undefined;
    const { newCounter, credentialBackedUp } = verification.authenticationInfo;
    return { counter: newCounter, backedUp: credentialBackedUp };
  } catch (error) {
    // Why, for the operator (no secret in it: a counter, an origin, a challenge mismatch).
    services.log.warn({ reason: (error as Error).message, passkey: row.name }, 'passkey assertion refused');
    return undefined;
  }
}
