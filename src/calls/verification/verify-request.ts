import { isIP } from 'node:net';
import { Type, type Static } from '@sinclair/typebox';
import { bodySha256, type SignedRequest } from '../../auth/request-signature.js';
import type { Device } from '../../auth/session-service.js';
import { acceptedLanguage } from '../../domain/accept-language.js';
import { ApiError, ERROR_KINDS, type Language } from '../../domain/errors.js';
import { formatOapiDate } from '../../domain/oapi-dates.js';
import { errorSentence } from '../../phrases/index.js';
import { identityOf } from '../pipeline/principal.js';
import { defineCall } from '../pipeline/registry.js';
import { spendSignature } from '../pipeline/replay-guard.js';
import { recordRefusal } from '../pipeline/security-refusals.js';
import { verificationErrors } from './errors.js';

// An HTTP header name (RFC 9110 token) and a value on one line.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;
const HEADER_VALUE = /^[^\r\n]*$/;
/** 32 KiB of body in base64; a larger body is sent as its SHA-256. */
const MAX_BODY_BASE64 = 43_692;
const MAX_USER_AGENT = 512;
/** As long as ReadAuditLog's Target filter takes. */
const MAX_TARGET = 128;

const Input = Type.Object(
  {
    Method: Type.String({ pattern: '^[A-Z]{1,16}$', description: 'The method the service received: POST, GET…' }),
    Path: Type.String({
      pattern: '^/[!-~]*$',
      maxLength: 8192,
      description: 'The path as received, still percent-encoded, without the query: /api/v1/ReadVms.',
    }),
    Query: Type.Optional(
      Type.String({ pattern: '^[!-~]*$', maxLength: 8192, description: 'The raw query string, without "?".' }),
    ),
    Headers: Type.Array(
      Type.Object(
        {
          Name: Type.String({ minLength: 1, maxLength: 128 }),
          Value: Type.String({ maxLength: 8192 }),
        },
        { additionalProperties: false },
      ),
      {
        minItems: 1,
        maxItems: 64,
        description:
          'The headers received — at least Authorization and those it signs (Host, X-Osc-Date…) — one item per header line, a repeated header as several items in the order received. Accept-Language, if sent, chooses the language of a Refusal.',
      },
    ),
    BodySha256: Type.Optional(
      Type.String({
        pattern: '^[0-9a-fA-F]{64}$',
        description: "The SHA-256 of the body received, in hex: the body's bytes never leave the service.",
      }),
    ),
    Body: Type.Optional(
      Type.String({
        maxLength: MAX_BODY_BASE64,
        pattern: '^[A-Za-z0-9+/]*={0,2}$',
        description: 'Or the body received, in base64 (up to 32 KiB).',
      }),
    ),
    Writes: Type.Boolean({
      description:
        "Whether the customer's action changes anything: a write's signature is accepted once, on every instance.",
    }),
    SourceIp: Type.Optional(
      Type.String({
        maxLength: 64,
        description:
          "The customer's IP address, as the service saw it (IPv4 or IPv6): a refusal in the customer's security activity names it, not the service's.",
      }),
    ),
    UserAgent: Type.Optional(
      Type.String({
        maxLength: MAX_USER_AGENT,
        // One line: no control character but the tab HTTP allows in a header.
        pattern: '^[^\\u0000-\\u0008\\u000a-\\u001f\\u007f]*$',
        description:
          "The customer's User-Agent, on one line; omitted, the User-Agent among Headers, if any. A refusal in the customer's security activity names it as the device.",
      }),
    ),
  },
  { additionalProperties: false },
);

const Signer = Type.Object({
  AccountId: Type.String(),
  CustomerId: Type.String(),
  UserId: Type.String(),
  UserName: Type.Optional(Type.String({ description: "The EIM user's name; absent for the account's owner." })),
  IsOwner: Type.Boolean(),
  AccessKeyId: Type.String(),
  ExpirationDate: Type.Optional(Type.String({ description: 'When the key stops signing, if it has an end.' })),
  Rights: Type.Array(Type.String(), {
    description:
      "Every right the signer holds now; the owner holds them all, but for the platform's own (Support, SubmitOperations, VerifyRequests…) outside the platform's account.",
  }),
});

const Refusal = Type.Object({
  HttpStatus: Type.Integer({ description: 'The status to answer the customer with.' }),
  Errors: Type.Array(Type.Object({ Type: Type.String(), Code: Type.String(), Details: Type.String() }), {
    description: "OAPI's Errors, to answer the customer with as they are.",
  }),
  RetryAfterSeconds: Type.Optional(Type.Integer({ description: 'When to try again, for a Retry-After header.' })),
});

/** The customer's request, as the signature covers it; refuses the service's malformed description of it. */
function signedRequestOf(input: Static<typeof Input>): { authorization: string[]; request: SignedRequest } {
  if (input.Body !== undefined && input.BodySha256 !== undefined) throw verificationErrors.VerifiedBodyTwice();
  if (input.Body === undefined && input.BodySha256 === undefined) throw verificationErrors.VerifiedBodyMissing();
  if (input.Body !== undefined && input.Body.length % 4 !== 0) throw verificationErrors.VerifiedBodyNotBase64();
  const headers = new Map<string, string[]>();
  for (const { Name, Value } of input.Headers) {
    if (!HEADER_NAME.test(Name) || !HEADER_VALUE.test(Value))
      throw verificationErrors.VerifiedHeaderMalformed({ Name: Name.slice(0, 128) });
    const name = Name.toLowerCase();
    const values = headers.get(name);
    if (values) values.push(Value);
    else headers.set(name, [Value]);
  }
  const body =
    input.BodySha256 !== undefined
      ? input.BodySha256.toLowerCase()
      : bodySha256(Buffer.from(input.Body ?? '', 'base64'));
  return {
    authorization: headers.get('authorization') ?? [],
    request: { method: input.Method, path: input.Path, query: input.Query ?? '', headers, bodySha256: body },
  };
}

/**
 * The customer's client, for the refusal's event: their address and user agent as the service
 * describes them (SourceIp, UserAgent or their User-Agent header) — never the service's own user
 * agent; the service's address only when it does not say the customer's.
 */
function customerDevice(input: Static<typeof Input>, request: SignedRequest, service: Device): Device {
  if (input.SourceIp !== undefined && isIP(input.SourceIp) === 0) throw verificationErrors.VerifiedSourceIpMalformed();
  const userAgent = input.UserAgent ?? request.headers.get('user-agent')?.[0] ?? '';
  return { ip: input.SourceIp ?? service.ip, userAgent: userAgent.slice(0, MAX_USER_AGENT) };
}

/** What the customer's request acted on, as the refusal's event names it: "POST /api/v1/CreateVms". */
function customerTarget(request: SignedRequest): string {
  const target = `${request.method} ${request.path}`;
  return target.length > MAX_TARGET ? `${target.slice(0, MAX_TARGET - 1)}…` : target;
}

/** A refusal of the customer's request, as the service relays it, in the customer's language. */
function relayed(error: ApiError, language: Language): Static<typeof Refusal> {
  const kind = ERROR_KINDS[error.kind];
  return {
    HttpStatus: kind.status,
    Errors: [{ Type: kind.type, Code: kind.code, Details: errorSentence(error, language) }],
    ...(error.retryAfterSeconds === undefined ? {} : { RetryAfterSeconds: error.retryAfterSeconds }),
  };
}

export const verifyRequest = defineCall({
  name: 'VerifyRequest',
  summary:
    "For the platform's other services (users of TESSERA_PLATFORM_ACCOUNT_ID with the VerifyRequests right, signing with their own key): verifies a request a customer signed with their access key and sent to that service, with every rule Tessera applies to its own signed calls — OSC4 and AWS4 spellings, clock skew, key state and expiry, disabled user, failures and lockout, and a write's signature accepted once across instances — and says who signed it: account, user, key and the rights held now. Answered 200 either way: `Signer` when the customer's request is verified; `Refusal` when it is refused, with the HTTP status and OAPI Errors to answer the customer with as they are, the Details in the language of the customer's Accept-Language. Any other answer (4xx, 5xx in the error envelope) concerns the service's own call, not the customer's request. A refused signature of a known key is in the customer's security activity, with the customer's SourceIp and UserAgent as its device and their Method and Path as its target; verified ones are counted per key (ReadAccessKeys' VerifiedRequestCount).",
  origin: 'tessera',
  auth: ['signature'],
  access: { kind: 'right', right: 'VerifyRequests', platformOnly: true },
  effect: 'read',
  input: Input,
  output: Type.Object({
    Signer: Type.Optional(Signer),
    Refusal: Type.Optional(Refusal),
  }),
  async handler(context) {
    const { input, services, db } = context;
    const { authorization, request } = signedRequestOf(input);
    const device = customerDevice(input, request, context.device);
    const language = request.headers.has('accept-language')
      ? acceptedLanguage(request.headers.get('accept-language')?.join(','))
      : context.language;
    try {
      if (authorization.length === 0) throw verificationErrors.VerifiedRequestUnsigned();
      if (authorization.length > 1) throw verificationErrors.VerifiedRequestSignedTwice();
      const verified = await services.credentials.verifySignature(authorization[0]!, request);
      if (input.Writes) await spendSignature(db, verified.signature);
      services.credentials.countVerification(verified.accessKeyId);
      const identity = identityOf(verified, services);
      return {
        Signer: {
          AccountId: verified.accountId,
          CustomerId: verified.account?.customer_id ?? '',
          UserId: verified.userId,
          ...(verified.userName === null ? {} : { UserName: verified.userName }),
          IsOwner: verified.isOwner,
          AccessKeyId: verified.accessKeyId,
          ...(verified.keyExpiresAt === null ? {} : { ExpirationDate: formatOapiDate(verified.keyExpiresAt) }),
          Rights: [...identity.rights],
        },
      };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // The customer's account learns of a bad signature of its key as if it had been sent to Tessera.
      recordRefusal(
        services,
        { name: 'VerifyRequest' },
        { principal: undefined, device, input: {}, target: customerTarget(request) },
        error,
      );
      return { Refusal: relayed(error, language) };
    }
  },
});
