import { context, propagation, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PasswordHasher } from '../auth/password-hasher.js';
import type { Mailer } from '../mail/mailer.js';
import type { Engine } from '../store/database.js';
import { routeLabel } from './route-label.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's span, while traces are exported. */
    span?: Span;
  }
}

const headerGetter = {
  keys: (carrier: FastifyRequest['headers']) => Object.keys(carrier),
  get: (carrier: FastifyRequest['headers'], key: string) => carrier[key],
};

/**
 * OpenTelemetry traces, exported over OTLP/HTTP: a span for each request (joined to the caller's
 * trace when a `traceparent` header comes with it), its database statements, password hashes and
 * mails sent. This module is loaded only when an endpoint is configured: off, nothing is traced
 * and nothing of OpenTelemetry's SDK is even loaded.
 */
export class Tracing {
  private readonly provider: NodeTracerProvider;
  private readonly tracer: Tracer;

  constructor(endpoint: URL, serviceName: string) {
    this.provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': serviceName }),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: endpoint.toString() }))],
    });
    // The global context manager (AsyncLocalStorage) carries a request's span into the work it awaits.
    this.provider.register();
    this.tracer = this.provider.getTracer('tessera');
  }

  /** A span per request, named by its call; the work the handler does runs in its context. */
  traceRequests(app: FastifyInstance, callNames: ReadonlySet<string>): void {
    app.addHook('onRequest', (request, _reply, done) => {
      const parent = propagation.extract(context.active(), request.headers, headerGetter);
      const span = this.tracer.startSpan(
        routeLabel(request.routeOptions.url, callNames),
        {
          kind: SpanKind.SERVER,
          attributes: {
            'http.request.method': request.method,
            'url.path': request.url.split('?')[0] ?? '/',
            'tessera.request_id': request.id,
          },
        },
        parent,
      );
      request.span = span;
      done();
    });
    // Entered once the body is read: the body's stream events run outside any request's context.
    app.addHook('preHandler', (request, _reply, done) => {
      if (request.span) context.with(trace.setSpan(context.active(), request.span), done);
      else done();
    });
    app.addHook('onResponse', (request, reply, done) => {
      const span = request.span;
      if (span) {
        span.setAttribute('http.response.status_code', reply.statusCode);
        if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
      done();
    });
  }

  /** A span for a statement, from its duration: Kysely tells of it once it ran. */
  statement(engine: Engine, sql: string, durationMs: number): void {
    const end = Date.now();
    this.tracer
      .startSpan('db', {
        kind: SpanKind.CLIENT,
        startTime: end - durationMs,
        attributes: {
          'db.system.name': engine === 'postgres' ? 'postgresql' : 'sqlite',
          // Parameters are never in the text: values (a password hash, a token's digest) stay out.
          'db.query.text': sql.slice(0, 2000),
        },
      })
      .end(end);
  }

  /** Spans around password hashing (Argon2id, its wait for a turn included). */
  traceHashing(hasher: PasswordHasher): void {
    const hash = hasher.hash.bind(hasher);
    const verify = hasher.verify.bind(hasher);
    hasher.hash = (password) => this.around('password hash', () => hash(password));
    hasher.verify = (stored, password) => this.around('password verify', () => verify(stored, password));
  }

  mailer(mailer: Mailer): Mailer {
    return {
      send: (mail) => this.around('smtp send', () => mailer.send(mail), { kind: SpanKind.CLIENT }),
      close: () => mailer.close(),
    };
  }

  /** Sends the spans still buffered, then leaves OpenTelemetry's globals as they were; called when the server closes. */
  async shutdown(): Promise<void> {
    await this.provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  }

  private around<T>(name: string, work: () => Promise<T>, options: { kind?: SpanKind } = {}): Promise<T> {
    return this.tracer.startActiveSpan(name, options, async (span) => {
      try {
        return await work();
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'failed' });
        throw error;
      } finally {
        span.end();
      }
    });
  }
}
