import { sensitivityOf, type AnyCall, type AuthMethod } from '../calls/pipeline/registry.js';
import type { Config } from '../config.js';
import { ERROR_KINDS } from '../domain/errors.js';
import { AwaitingValidationSchema, responseSchema } from './call-routes.js';
import { ErrorEnvelope, ProblemDetails } from './envelope.js';
import { declaredErrors } from './error-catalogue.js';
import { IDEMPOTENCY_KEY_PARAMETER } from './idempotency-key.js';

const SECURITY: Record<Exclude<AuthMethod, 'none'>, Record<string, string[]>> = {
  session: { SessionCookie: [] },
  signature: { ApiKeyAuth: [] },
  basic: { BasicAuth: [] },
};

/** TypeBox schemas are JSON Schema plus symbol-keyed metadata, which JSON drops. */
function plain(schema: object): object {
  return JSON.parse(JSON.stringify(schema)) as object;
}

/** Problem details, with every code of the catalogue and the OAPI error it answers with. */
function problemDetailsSchema(): object {
  const schema = plain(ProblemDetails) as { properties: Record<string, object> };
  const codes = declaredErrors().map(([code, declaration]) => ({
    const: code,
    'x-oapi-error': ERROR_KINDS[declaration.kind],
  }));
  schema.properties.code = { ...schema.properties.code, oneOf: codes };
  return schema;
}

/** The OpenAPI 3.1 description of every call in the registry. */
export function openApiDocument(
  calls: readonly AnyCall[],
  serverUrl: string,
  config: Pick<Config, 'sensitiveCalls'>,
): object {
  const paths: Record<string, object> = {};
  for (const call of calls) {
    const security = call.auth.map((method) => (method === 'none' ? {} : SECURITY[method]));
    paths[`/api/v1/${call.name}`] = {
      post: {
        operationId: call.name,
        summary: call.summary,
        tags: [call.origin === 'oapi' ? 'OUTSCALE API' : 'Tessera'],
        security,
        // Which right the call needs, as the registry declares it: clients and other services can read it.
        'x-tessera-access': call.access,
        // Under advanced security the call waits for a token validator and answers 202.
        ...(sensitivityOf(call, config) ? { 'x-tessera-sensitive': true } : {}),
        // A write by a caller with a credential may be retried safely with the same key.
        ...(call.effect === 'write' && call.auth.some((method) => method !== 'none')
          ? { parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }] }
          : {}),
        requestBody: { required: false, content: { 'application/json': { schema: plain(call.input) } } },
        responses: {
          200: {
            description: 'The call succeeded.',
            content: {
              'application/json': { schema: plain(responseSchema(call)) },
              // With Format "ndjson", one item a line.
              ...(call.ndjson ? { 'application/x-ndjson': { schema: { type: 'string' } } } : {}),
            },
          },
          ...(call.effect === 'write'
            ? {
                202: {
                  description: 'Advanced security is on: the call waits, as an operation, for a token validator.',
                  content: { 'application/json': { schema: plain(AwaitingValidationSchema) } },
                },
              }
            : {}),
          default: {
            description:
              "The call failed; Errors says why. A client that accepts application/problem+json gets problem details (RFC 9457) with the refusal's code, its parameters and the field it concerns.",
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } },
              'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } },
            },
          },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tessera API',
      version: '1',
      description:
        'Account and profile service. Every call is POST with a JSON object body; the OUTSCALE calls keep OAPI names and fields.',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: {
        ErrorResponse: plain(ErrorEnvelope),
        ProblemDetails: problemDetailsSchema(),
      },
      parameters: { IdempotencyKey: IDEMPOTENCY_KEY_PARAMETER },
      securitySchemes: {
        SessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'tessera_session',
          description: 'The console session; __Host-tessera_session over TLS.',
        },
        ApiKeyAuth: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description:
            'AWS Signature V4 with an access key, as OSC4-HMAC-SHA256 (X-Osc-Date) or AWS4-HMAC-SHA256 (X-Amz-Date); any region and service.',
        },
        BasicAuth: {
          type: 'http',
          scheme: 'basic',
          description: 'The account email and password; only on the access-key calls, as in OAPI.',
        },
      },
    },
  };
}
