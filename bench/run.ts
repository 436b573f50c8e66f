import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash, verify } from '@node-rs/argon2';
import autocannon, { type Result } from 'autocannon';
import { signRequest } from '../src/auth/request-signature.js';
import { SmtpSink } from '../test/support/mailbox.js';

const CONNECTIONS = 50;
const ROUND_S = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = 3;
const USERS = 50;
const PASSWORD = 'correct horse battery staple';
const here = fileURLToPath(new URL('.', import.meta.url));

async function startProcess(
  script: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [script, ...(script.endsWith('main.js') ? ['serve'] : [])], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const bare = /listening (\d+)/.exec(output);
      if (bare) resolve(`http://127.0.0.1:${bare[1]}`);
      const tessera = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (tessera) resolve(tessera[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${output}`)));
  });
  return { child, url };
}

async function post(
  url: string,
  call: string,
  body: unknown,
  cookie?: string,
): Promise<{ status: number; cookie?: string }> {
  const response = await fetch(`${url}/api/v1/${call}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  await response.text();
  return { status: response.status, cookie: response.headers.get('set-cookie')?.split(';')[0] };
}

const WARM_UP_S = 5;

async function createAccessKey(url: string, cookie: string): Promise<{ accessKeyId: string; secretKey: string }> {
  const response = await fetch(`${url}/api/v1/CreateAccessKey`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: '{}',
  });
  const { AccessKey } = (await response.json()) as { AccessKey: { AccessKeyId: string; SecretKey: string } };
  return { accessKeyId: AccessKey.AccessKeyId, secretKey: AccessKey.SecretKey };
}

function load(options: autocannon.Options, seconds = ROUND_S): Promise<Result> {
  return autocannon({ connections: CONNECTIONS, duration: seconds, ...options });
}

interface Measure {
  rate: number;
  ceiling: number;
  p50: number;
  p99: number;
  errors: number;
}

/**
 * This machine's speed drifts by a fifth within minutes, so a measure and its ceiling are taken
 * in alternating rounds after an untimed warm-up (which lets the JIT compile the hot path), and
 * compared as means.
 */
async function compare(target: autocannon.Options, ceiling: () => Promise<number>): Promise<Measure> {
  await load(target, WARM_UP_S);
  const rates: number[] = [];
  const ceilings: number[] = [];
  const p50s: number[] = [];
  let p99 = 0;
  let errors = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    ceilings.push(await ceiling());
    const result = await load(target);
    rates.push(result.requests.average);
    p50s.push(result.latency.p50);
    p99 = Math.max(p99, result.latency.p99);
    errors += result.non2xx + result.errors + result.timeouts;
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return {
    rate: mean(rates),
    ceiling: mean(ceilings),
    p50: p50s.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!,
    p99,
    errors,
  };
}

/** Argon2id verifications per second with `workers` running at once. */
async function hashRate(storedHash: string, workers: number): Promise<number> {
  const end = Date.now() + Math.min(ROUND_S, 5) * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (Date.now() < end) {
        await verify(storedHash, PASSWORD);
        done += 1;
      }
    }),
  );
  return done / Math.min(ROUND_S, 5);
}

/** The most sign-ins the cores can hash: the best of as many workers as cores, and one more. */
async function hashCapacity(storedHash: string): Promise<number> {
  const cores = availableParallelism();
  return Math.max(await hashRate(storedHash, cores), await hashRate(storedHash, cores + 1));
}

interface Row {
  name: string;
  measure: Measure;
  target: number;
  against: string;
}

function report(rows: Row[]): void {
  console.log('\n| measure | req/s | ceiling | p50 ms | p99 ms | errors | ratio | target |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const { name, measure, target, against } of rows) {
    const ratio = measure.rate / measure.ceiling;
    console.log(
      `| ${name} | ${measure.rate.toFixed(0)} | ${measure.ceiling.toFixed(0)} | ${measure.p50} | ${measure.p99} | ${measure.errors} | ${ratio.toFixed(3)} of ${against} | ≥ ${target} ${ratio >= target ? 'met' : 'MISSED'} |`,
    );
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
const bare = await startProcess(join(here, 'bare-server.js'), {});
// Sign-up ends in the mailbox: the same real SMTP sink the tests use receives the links.
const mail = await SmtpSink.start();
const tessera = await startProcess(join(here, '..', 'src', 'cli', 'main.js'), {
  TESSERA_PORT: '0',
  TESSERA_DATA_DIR: dataDir,
  TESSERA_LOG_LEVEL: 'info',
  SMTP_URL: mail.url,
});
try {
  console.log(
    `Bench: ${CONNECTIONS} connections, ${ROUNDS} rounds of ${ROUND_S} s per measure, ${availableParallelism()} cores, Node ${process.version}`,
  );
  await load({ url: `${bare.url}/`, method: 'POST' }, WARM_UP_S);
  const bareCeiling = async (): Promise<number> =>
    (await load({ url: `${bare.url}/`, method: 'POST' })).requests.average;

  const emails: string[] = [];
  const cookies: string[] = [];
  const signedReads: { method: 'POST'; headers: Record<string, string>; body: string }[] = [];
  for (let i = 0; i < USERS; i += 1) {
    const email = `bench.${i}.${Date.now()}@example.com`;
    const answer = await post(tessera.url, 'SignUp', {
      Email: email,
      Password: PASSWORD,
      FirstName: 'Bench',
      LastName: `User`,
      Country: 'FR',
    });
    if (answer.status !== 200) throw new Error(`seeding failed: ${answer.status}`);
    // The link mailed at sign-up confirms the address and opens the session.
    const link = SmtpSink.linkToken(await mail.waitFor(email, /\/confirm-email#/));
    const confirmed = await post(tessera.url, 'ConfirmEmail', { Token: link });
    if (confirmed.status !== 200 || !confirmed.cookie) throw new Error(`confirmation failed: ${confirmed.status}`);
    emails.push(email);
    cookies.push(confirmed.cookie);
    const key = await createAccessKey(tessera.url, confirmed.cookie);
    // Signed once: a signature stays valid within the clock-skew window, and signing is the
    // client's cost, not the server's.
    const url = new URL('/api/v1/ReadAccounts', tessera.url);
    signedReads.push({
      method: 'POST',
      headers: signRequest({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        body: '{}',
        ...key,
      }),
      body: '{}',
    });
  }
  // Fixed requests, cycled by every connection: autocannon builds each one once, so the load
  // generator costs Tessera's runs no more CPU than the bare server's (they share the cores).
  const json = { 'content-type': 'application/json' };
  const cities = ['Lyon', 'Paris', 'Nantes', 'Lille'];
  const read = await compare(
    {
      url: `${tessera.url}/api/v1/ReadAccounts`,
      requests: cookies.map((cookie) => ({ method: 'POST', headers: { ...json, cookie }, body: '{}' })),
    },
    bareCeiling,
  );
  const signedRead = await compare({ url: `${tessera.url}/api/v1/ReadAccounts`, requests: signedReads }, bareCeiling);
  const update = await compare(
    {
      url: `${tessera.url}/api/v1/UpdateAccount`,
      requests: cookies.map((cookie, i) => ({
        method: 'POST',
        headers: { ...json, cookie },
        body: JSON.stringify({ City: cities[i % cities.length] }),
      })),
    },
    bareCeiling,
  );
  const storedHash = await hash(PASSWORD, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const signIn = await compare(
    {
      url: `${tessera.url}/api/v1/SignIn`,
      requests: emails.map((email) => ({
        method: 'POST',
        headers: json,
        body: JSON.stringify({ Email: email, Password: PASSWORD }),
      })),
    },
    () => hashCapacity(storedHash),
  );

  // Sign-ins saturating the hashing must not starve the other calls (DESIGN.md §5).
  const [underLoad, signInsAlongside] = await Promise.all([
    autocannon({
      connections: 10,
      duration: ROUND_S * ROUNDS,
      url: `${tessera.url}/api/v1/ReadAccounts`,
      requests: cookies.map((cookie) => ({ method: 'POST', headers: { ...json, cookie }, body: '{}' })),
    }),
    autocannon({
      connections: CONNECTIONS,
      duration: ROUND_S * ROUNDS,
      url: `${tessera.url}/api/v1/SignIn`,
      requests: emails.map((email) => ({
        method: 'POST',
        headers: json,
        body: JSON.stringify({ Email: email, Password: PASSWORD }),
      })),
    }),
  ]);
  console.log(
    `\nWhile ${CONNECTIONS} connections sign in (${signInsAlongside.requests.average.toFixed(0)}/s, ${signInsAlongside.non2xx} errors), ReadAccounts on 10 other connections: ${underLoad.requests.average.toFixed(0)} req/s, p50 ${underLoad.latency.p50} ms, p99 ${underLoad.latency.p99} ms (target p99 < 50 ms: ${underLoad.latency.p99 < 50 ? 'met' : 'MISSED'}), ${underLoad.non2xx + underLoad.errors} errors.`,
  );

  report([
    { name: 'ReadAccounts (cookie)', measure: read, target: 0.25, against: 'bare' },
    { name: 'ReadAccounts (signed, OSC4)', measure: signedRead, target: 0.2, against: 'bare' },
    { name: 'UpdateAccount (cookie)', measure: update, target: 0.1, against: 'bare' },
    { name: 'SignIn', measure: signIn, target: 0.9, against: 'Argon2id capacity' },
  ]);
} finally {
  bare.child.kill();
  tessera.child.kill();
  await mail.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
