import { Readable } from 'node:stream';
import { Type, type TObject } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CALLS } from '../calls/index.js';
import { runCall } from '../calls/pipeline/call-runner.js';
import { InputCheck } from '../calls/pipeline/input-check.js';
import type { Principal } from '../calls/pipeline/principal.js';
import type { AnyCall, Services } from '../calls/pipeline/registry.js';
import { recordRefusal } from '../calls/pipeline/security-refusals.js';
import { authorize } from '../domain/authorization.js';
import { authenticate } from './authenticate.js';
import { isCrossSite } from './csrf.js';
import { ERROR_RESPONSE, requestLanguage, ResponseContext } from './envelope.js';
import { httpErrors } from './errors.js';
import { idempotencyKeyOf } from './idempotency-key.js';
import { flowCookie, sessionCookie } from './session-cookie.js';

/** The paths under which each call answers, as OUTSCALE's clients send them (reference §3.1). */
export const CALL_PATH_PREFIXES = ['/api/v1/', '/api/latest/', '/'] as const;

export const CALL_NAMES: ReadonlySet<string> = new Set(CALLS.map((call) => call.name));

/** A sensitive call under advanced security: the operation that now waits for a token validator. */
export const AwaitingValidationSchema = Type.Object({
  Operation: Type.Object({}, { additionalProperties: true }),
  ResponseContext,
});

export function responseSchema(call: AnyCall): TObject {
  return Type.Object({ ...call.output.properties, ResponseContext });
}

const NDJSON_CHUNK = 64 * 1024;

/** The items as NDJSON, in chunks of some 64 KiB: one write per line would cost more than the lines. */
async function* ndjsonLines(items: AsyncIterable<unknown>): AsyncGenerator<string> {
  let chunk = '';
  for await (const item of items) {
    chunk += `${JSON.stringify(item)}\n`;
    if (chunk.length >= NDJSON_CHUNK) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

export function registerCallRoutes(app: FastifyInstance, calls: readonly AnyCall[], services: Services): void {
  const allowedOrigin = services.config.publicUrlConfigured ? services.config.publicUrl.origin : undefined;
  const scheme = services.config.tlsCertFile ? 'https' : 'http';
  for (const call of calls) {
    const input = new InputCheck(call.name, call.input);
    const schema = {
      response: {
        200: responseSchema(call),
        // Under advanced security any write may be a sensitive change, and wait for a validator.
        ...(call.effect === 'write' ? { 202: AwaitingValidationSchema } : {}),
        '4xx': ERROR_RESPONSE,
        '5xx': ERROR_RESPONSE,
      },
    };
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      request.callName = call.name;
      if (isCrossSite(request.headers, allowedOrigin, scheme)) {
        throw httpErrors.CrossSiteRequest();
      }
      const device = { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' };
      const body = (request.body ?? {}) as Record<string, unknown>;
      let principal: Principal | undefined;
      try {
        const credential = await authenticate(request, call, services);
        principal = credential?.principal;
        request.accountId = principal?.accountId;
        if (
          principal?.via === 'session' &&
          principal.mustEnrol &&
          call.access.kind !== 'anyone' &&
          !call.duringEnrolment
        )
          throw httpErrors.SecondFactorRequired();
        input.assert(body);
        authorize(call.name, call.access, principal, body, services.config.platformAccountId);
        const idempotencyKey = idempotencyKeyOf(request.headers['idempotency-key']);
        reply.header('cache-control', 'no-store');
        const result = await runCall(call, {
          input: body,
          principal,
          services,
          requestId: request.id,
          device,
          language: requestLanguage(request),
          cookie: sessionCookie(reply, services),
          flowCookie: flowCookie(request, reply, services),
          ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
          ...(credential?.accountAsRead ? { accountAsRead: credential.accountAsRead } : {}),
        });
        const ResponseContext = { RequestId: request.id };
        switch (result.kind) {
          case 'ndjson':
            reply.type('application/x-ndjson; charset=utf-8');
            return Readable.from(ndjsonLines(result.items));
          case 'awaiting-validation':
            reply.code(202);
            return { Operation: result.operation, ResponseContext };
          case 'answered':
            return { ...result.output, ResponseContext };
        }
      } catch (error) {
        recordRefusal(services, call, { principal, device, input: body }, error);
        throw error;
      }
    };
    for (const prefix of CALL_PATH_PREFIXES) app.post(`${prefix}${call.name}`, { schema }, handler);
  }
}
