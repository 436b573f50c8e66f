import { Type } from '@sinclair/typebox';
import { auditSealer } from '../../auth/secret-box.js';
import { exportedHeadMessage, headSealHolds } from '../../domain/audit-chain.js';
import { formatOapiDate } from '../../domain/oapi-dates.js';
import { readChainHead } from '../../store/audit-events.js';
import { defineCall } from '../pipeline/registry.js';
import { auditErrors } from './errors.js';

const Jwk = Type.Object({ kty: Type.String(), crv: Type.String(), x: Type.String(), kid: Type.String() });

export const readAuditSigningKey = defineCall({
  name: 'ReadAuditSigningKey',
  summary:
    "The server's public key (an Ed25519 JWK): with it, anyone checks a chain head signed by ReadAuditHead, and so an exported trail, without any secret.",
  origin: 'tessera',
  auth: ['none', 'session', 'signature'],
  access: { kind: 'anyone' },
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    PublicKey: Jwk,
    PublicKeys: Type.Array(Jwk, {
      description:
        'Every key of the server ring, newest (PublicKey) first: a head signed before the server key was rotated checks with the key its KeyId names, until that key is retired.',
    }),
  }),
  handler: ({ services }) =>
    Promise.resolve({ PublicKey: services.secrets.publicKey(), PublicKeys: services.secrets.publicKeys() }),
});

export const readAuditHead = defineCall({
  name: 'ReadAuditHead',
  summary:
    "Where the account's audit chain ends now, signed with the server's public-key signature (ReadAuditSigningKey): an exported trail (ReadAuditLog as NDJSON, each event with its canonical form and hash) that ends there can be verified anywhere. Refused when the head is not one the server sealed.",
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'right', right: 'ReadAuditLog' },
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    AccountId: Type.String(),
    Seq: Type.Integer(),
    Hash: Type.String(),
    SignedAt: Type.String(),
    KeyId: Type.String(),
    Signature: Type.String({
      description: 'Ed25519, base64url, of ["audit-head-export", AccountId, Seq, Hash, SignedAt] as JSON.',
    }),
  }),
  async handler({ principal, services, db }) {
    const head = await readChainHead(db, principal.accountId);
    // The server vouches only for a head it sealed: one moved back by hand is not signed.
    if (!head || !headSealHolds(auditSealer(services.secrets), principal.accountId, head))
      throw auditErrors.AuditHeadNotSealed();
    const signedAt = formatOapiDate(services.now());
    const message = exportedHeadMessage(principal.accountId, head.seq, head.hash, signedAt);
    return {
      AccountId: principal.accountId,
      Seq: head.seq,
      Hash: head.hash,
      SignedAt: signedAt,
      KeyId: services.secrets.publicKey().kid,
      Signature: services.secrets.publicSignature(message),
    };
  },
});
