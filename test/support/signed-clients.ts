import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AwsClient } from 'aws4fetch';
import { signRequest, type SigningInput } from '../../src/auth/request-signature.js';
import type { Answer } from './api-client.js';

const run = promisify(execFile);

export interface Keys {
  accessKeyId: string;
  secretKey: string;
}

function answerOf(status: number, text: string, headers = new Headers()): Answer {
  return { status, text, body: text ? (JSON.parse(text) as Answer['body']) : {}, headers };
}

/** Debian's curl with --aws-sigv4 osc: the libcurl code path oapi-cli uses. */
export async function curlSigned(
  baseUrl: string,
  call: string,
  input: unknown,
  keys: Keys,
  scope = 'osc',
): Promise<Answer> {
  const { stdout } = await run('curl', [
    '-s',
    '-w',
    '\n%{http_code}',
    '--aws-sigv4',
    scope,
    '-u',
    `${keys.accessKeyId}:${keys.secretKey}`,
    '-H',
    'Content-Type: application/json',
    '--data-binary',
    JSON.stringify(input),
    `${baseUrl}/api/v1/${call}`,
  ]);
  const newline = stdout.lastIndexOf('\n');
  return answerOf(Number(stdout.slice(newline + 1)), stdout.slice(0, newline));
}

/** oapi-cli's password mode: Basic with X-Osc-Date. */
export async function curlBasic(
  baseUrl: string,
  call: string,
  input: unknown,
  login: string,
  password: string,
): Promise<Answer> {
  const date = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const { stdout } = await run('curl', [
    '-s',
    '-w',
    '\n%{http_code}',
    '-u',
    `${login}:${password}`,
    '-H',
    `X-Osc-Date: ${date}`,
    '-H',
    'Content-Type: application/json',
    '--data-binary',
    JSON.stringify(input),
    `${baseUrl}/api/v1/${call}`,
  ]);
  const newline = stdout.lastIndexOf('\n');
  return answerOf(Number(stdout.slice(newline + 1)), stdout.slice(0, newline));
}

/** npm's aws4fetch with service "api", as OUTSCALE's JS SDK uses it. */
export async function aws4fetchSigned(
  baseUrl: string,
  call: string,
  input: unknown,
  keys: Keys,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const client = new AwsClient({
    accessKeyId: keys.accessKeyId,
    secretAccessKey: keys.secretKey,
    service: 'api',
    region: 'eu-west-2',
  });
  const response = await client.fetch(`${baseUrl}/api/v1/${call}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
  return answerOf(response.status, await response.text(), response.headers);
}

export type Quirk = 'osc-cli' | 'osc-sdk-python' | 'osc-sdk-go';

/**
 * Our own client, reproducing what reference §3.3 and §4 say the other official clients do:
 * osc-cli (requests //api/latest/<Call>, signs /api/latest/<Call> with x-osc-target and no
 * content type), osc-sdk-python (signs the host without its port, charset=utf-8), osc-sdk-go
 * (AWS4, scope eu-west-2/oapi, accept signed).
 */
export async function quirkySigned(
  baseUrl: string,
  call: string,
  input: unknown,
  keys: Keys,
  quirk: Quirk,
  overrides: Partial<SigningInput> = {},
): Promise<Answer> {
  const body = JSON.stringify(input);
  const base = new URL(baseUrl);
  let path = `/api/v1/${call}`;
  let signing: SigningInput;
  if (quirk === 'osc-cli') {
    path = `//api/latest/${call}`;
    signing = {
      method: 'POST',
      url: new URL(`/api/latest/${call}`, base),
      headers: { 'content-type': 'application/json', 'x-osc-target': `OutscaleService.${call}` },
      signHeaders: ['host', 'x-osc-date', 'x-osc-target'],
      body,
      ...keys,
    };
  } else if (quirk === 'osc-sdk-python') {
    signing = {
      method: 'POST',
      url: new URL(path, base),
      headers: { 'content-type': 'application/json; charset=utf-8' },
      signedHost: base.hostname,
      body,
      ...keys,
    };
  } else {
    signing = {
      method: 'POST',
      url: new URL(path, base),
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      algorithm: 'AWS4-HMAC-SHA256',
      region: 'eu-west-2',
      service: 'oapi',
      body,
      ...keys,
    };
  }
  const headers = signRequest({ ...signing, ...overrides });
  const response = await fetch(`${base.origin}${path}`, { method: 'POST', headers, body: overrides.body ?? body });
  return answerOf(response.status, await response.text());
}

/** osc-cli's Basic: the URL-safe base64 alphabet. */
export async function urlSafeBasic(
  baseUrl: string,
  call: string,
  input: unknown,
  login: string,
  password: string,
): Promise<Answer> {
  const token = Buffer.from(`${login}:${password}`).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  const response = await fetch(`${baseUrl}//api/latest/${call}`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${token}`,
      'content-type': 'application/json',
      'x-osc-target': `OutscaleService.${call}`,
    },
    body: JSON.stringify(input),
  });
  return answerOf(response.status, await response.text());
}
