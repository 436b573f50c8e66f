/** Where Tessera's metrics and traces go; everything is off unless configured. */
export interface ObservabilityConfig {
  /** A port of its own for `/metrics` (on `metricsHost`), apart from the console and the API. */
  metricsPort: number | undefined;
  metricsHost: string;
  /** `/metrics` on the main port, for `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** OTLP/HTTP traces endpoint (…/v1/traces): spans are made and exported only when set. */
  tracesEndpoint: URL | undefined;
  serviceName: string;
}

type Env = Record<string, string | undefined>;

function fail(message: string): never {
  throw new Error(message);
}

function text(env: Env, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}

/** OpenTelemetry's own settings name the endpoint: the traces one wins, the general one gets /v1/traces. */
function tracesEndpoint(env: Env): URL | undefined {
  const traces = text(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const general = text(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const [name, raw] = traces
    ? ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', traces]
    : general
      ? ['OTEL_EXPORTER_OTLP_ENDPOINT', `${general.replace(/\/+$/, '')}/v1/traces`]
      : [];
  if (!name || !raw) return undefined;
  let endpoint: URL;
  try {
    endpoint = new URL(raw);
  } catch {
    return fail(`${name} is not a valid URL.`);
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:')
    fail(`${name} must start with http:// or https:// (Tessera exports OTLP over HTTP).`);
  return endpoint;
}

export function observabilityConfig(env: Env): ObservabilityConfig {
  const portRaw = text(env, 'TESSERA_METRICS_PORT');
  if (portRaw !== undefined && (!/^\d+$/.test(portRaw) || Number(portRaw) > 65535))
    fail(`TESSERA_METRICS_PORT=${portRaw} is not valid: expected a port number from 0 to 65535.`);
  const token = text(env, 'TESSERA_METRICS_TOKEN');
  // A scraper's token is a password that is never typed: long and random.
  if (token !== undefined && token.length < 32)
    fail('TESSERA_METRICS_TOKEN must be at least 32 characters (for example `openssl rand -hex 32`).');
  return {
    metricsPort: portRaw === undefined ? undefined : Number(portRaw),
    metricsHost: text(env, 'TESSERA_METRICS_HOST') ?? '127.0.0.1',
    metricsToken: token,
    tracesEndpoint: tracesEndpoint(env),
    serviceName: text(env, 'OTEL_SERVICE_NAME') ?? 'tessera',
  };
}
