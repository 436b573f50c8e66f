import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { TObject, TSchema } from '@sinclair/typebox';
import { Command, Option } from 'commander';
import { signRequest } from '../auth/request-signature.js';
import type { AnyCall } from '../calls/pipeline/registry.js';
import { CliError, resolveTarget, type Target } from './osc-config.js';
import { readSecrets } from './prompt.js';

type Kind = 'string' | 'boolean' | 'number' | 'json';

function kindOf(schema: TSchema): Kind {
  const type = (schema as { type?: string }).type;
  if (type === 'boolean') return 'boolean';
  if (type === 'integer' || type === 'number') return 'number';
  if (type === 'array' || type === 'object') return 'json';
  return 'string';
}

/** Parses a command-line value as oapi-cli does: strings stay strings, lists and objects are JSON. */
function parseValue(field: string, kind: Kind, raw: string | boolean): unknown {
  if (kind === 'boolean') {
    if (raw === true || raw === 'true') return true;
    if (raw === 'false') return false;
    throw new CliError(`--${field} takes true or false.`);
  }
  if (typeof raw !== 'string') throw new CliError(`--${field} needs a value.`);
  if (kind === 'number') {
    if (raw.trim() === '' || Number.isNaN(Number(raw))) throw new CliError(`--${field} takes a number.`);
    return Number(raw);
  }
  if (kind === 'json') {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      throw new CliError(`--${field} takes JSON, such as '["a@example.com"]'.`);
    }
  }
  return raw;
}

/** The URL of a call under an endpoint given as oapi-cli's (host) or osc-sdk-python's (…/api/v1). */
function callUrl(endpoint: string, call: string): URL {
  const base = /^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`;
  const url = new URL(base);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = /\/api\/(v1|latest)$/.test(path) ? `${path}/${call}` : `${path}/api/v1/${call}`;
  return url;
}

const CLI_USER_AGENT = 'tessera-cli';

/** Tries of one command while the service answers 503 with Retry-After (a database failover). */
const TRIES = 6;
const MAX_WAIT_SECONDS = 5;

/**
 * Sends the command's request, again while the service asks to wait a moment, each time signed
 * anew (a signature serves once) and with the command's one Idempotency-Key for a write: a
 * write whose answer was lost is answered, not made twice.
 */
async function post(call: AnyCall, url: URL, body: string, target: Target): Promise<Response> {
  // The audit trail tells the CLI from other signed clients by this.
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': CLI_USER_AGENT };
  if (call.effect === 'write') headers['idempotency-key'] = randomUUID();
  const keys = target.keys;
  if (call.auth.includes('signature') && !keys) {
    throw new CliError(
      `${call.name} needs an access key: add a profile with \`tessera profile add default --access-key … --endpoint …\`, or set OSC_ACCESS_KEY and OSC_SECRET_KEY.`,
    );
  }
  for (let tried = 1; ; tried += 1) {
    const signed =
      call.auth.includes('signature') && keys
        ? signRequest({ method: 'POST', url, headers, body, ...keys, region: target.region, service: 'api' })
        : headers;
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers: signed, body });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(`cannot reach ${url.origin}: ${cause?.code ?? cause?.message ?? String(error)}.`);
    }
    const wait = Number(response.headers.get('retry-after'));
    if (response.status !== 503 || !(wait > 0) || tried >= TRIES) return response;
    await response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, MAX_WAIT_SECONDS) * 1000));
  }
}

async function send(call: AnyCall, input: Record<string, unknown>, target: Target): Promise<number> {
  const url = callUrl(target.endpoint, call.name);
  const response = await post(call, url, JSON.stringify(input), target);
  // An export (Format ndjson) goes to the output as it arrives: it may be larger than memory.
  if (response.ok && response.body && response.headers.get('content-type')?.startsWith('application/x-ndjson')) {
    await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), process.stdout, { end: false });
    return 0;
  }
  const text = await response.text();
  let printed = text;
  try {
    printed = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Not JSON (a proxy's error page, say): print it as it came.
  }
  process.stdout.write(`${printed}\n`);
  return response.ok ? 0 : 1;
}

/** One command per call of the registry, with one option per field of its input. */
export function addCallCommands(program: Command, calls: readonly AnyCall[], fail: (error: unknown) => never): void {
  for (const call of calls.filter((candidate) => !candidate.browserOnly)) {
    const command = program.command(call.name).description(call.summary);
    const schema: TObject = call.input;
    const required = new Set(schema.required ?? []);
    const kinds = new Map<string, Kind>();
    for (const [field, property] of Object.entries(schema.properties)) {
      const kind = kindOf(property);
      kinds.set(field, kind);
      const description = [
        (property as { description?: string }).description,
        required.has(field) ? '(required)' : '',
        kind === 'json' ? '(JSON)' : '',
      ]
        .filter(Boolean)
        .join(' ');
      command.addOption(new Option(kind === 'boolean' ? `--${field} [true|false]` : `--${field} <value>`, description));
    }
    command.option('--profile <name>', 'profile of ~/.osc/config.json (default: OSC_PROFILE or "default")');
    command.option('--endpoint <url>', 'the API endpoint (default: OSC_ENDPOINT_API or the profile’s)');
    command.action(async (options: Record<string, string | boolean | undefined>) => {
      try {
        const input: Record<string, unknown> = {};
        for (const [field, kind] of kinds) {
          const raw = options[field];
          if (raw !== undefined) input[field] = parseValue(field, kind, raw);
        }
        // Passwords are asked for, not typed on the command line where history and ps keep them.
        const asked = [...required].filter((field) => /Password$/.test(field) && input[field] === undefined);
        if (asked.length > 0) {
          const answers = await readSecrets(asked.map((field) => `${field}: `));
          asked.forEach((field, i) => (input[field] = answers[i]));
        }
        const globals = program.opts<{ profile?: string; endpoint?: string }>();
        const target = resolveTarget({
          profile: (options.profile as string | undefined) ?? globals.profile,
          endpoint: (options.endpoint as string | undefined) ?? globals.endpoint,
        });
        process.exitCode = await send(call, input, target);
      } catch (error) {
        fail(error);
      }
    });
  }
}
