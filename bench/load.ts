import { availableParallelism } from 'node:os';
import { verify } from '@node-rs/argon2';
import autocannon, { type Result } from 'autocannon';

export const CONNECTIONS = 50;
export const ROUND_S = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = 3;
const WARM_UP_S = 5;
export const PASSWORD = 'correct horse battery staple';

export function load(options: autocannon.Options, seconds = ROUND_S): Promise<Result> {
  return autocannon({ connections: CONNECTIONS, duration: seconds, ...options });
}

export interface Measure {
  rate: number;
  /** Each ceiling's mean rate over the same rounds, by name. */
  ceilings: Record<string, number>;
  p50: number;
  p99: number;
  errors: number;
}

/** How fast a ceiling answers now: a bare server's requests per second, or the hashing capacity. */
export type Ceiling = () => Promise<number>;

/** The rate of a bare server under the same load, as a ceiling. */
export function bareCeiling(url: string): Ceiling {
  return async () => (await load({ url: `${url}/`, method: 'POST' })).requests.average;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * This machine's speed drifts by a fifth within minutes, so a measure and its ceilings are taken
 * in alternating rounds after an untimed warm-up (which lets the JIT compile the hot path), and
 * compared as means.
 */
export async function compare(target: autocannon.Options, ceilings: Record<string, Ceiling>): Promise<Measure> {
  await load(target, WARM_UP_S);
  const rates: number[] = [];
  const measured: Record<string, number[]> = Object.fromEntries(Object.keys(ceilings).map((name) => [name, []]));
  const p50s: number[] = [];
  let p99 = 0;
  let errors = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, ceiling] of Object.entries(ceilings)) measured[name]!.push(await ceiling());
    const result = await load(target);
    rates.push(result.requests.average);
    p50s.push(result.latency.p50);
    p99 = Math.max(p99, result.latency.p99);
    errors += result.non2xx + result.errors + result.timeouts;
  }
  return {
    rate: mean(rates),
    ceilings: Object.fromEntries(Object.entries(measured).map(([name, values]) => [name, mean(values)])),
    p50: p50s.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!,
    p99,
    errors,
  };
}

/** Untimed load, so that a ceiling's JIT is warm before its first round. */
export async function warmUp(url: string): Promise<void> {
  await load({ url: `${url}/`, method: 'POST' }, WARM_UP_S);
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
export function hashCapacity(storedHash: string): Ceiling {
  const cores = availableParallelism();
  return async () => Math.max(await hashRate(storedHash, cores), await hashRate(storedHash, cores + 1));
}

export interface Row {
  name: string;
  measure: Measure;
  target: number;
  /** The ceiling the target is a share of. */
  against: string;
}

/** One line per measure: its rate, then its ratio to each ceiling measured with it, the target's first. */
export function report(title: string, rows: Row[]): void {
  console.log(`\n${title}\n`);
  console.log('| measure | req/s | p50 ms | p99 ms | errors | ratio | target | other ceilings |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const { name, measure, target, against } of rows) {
    const ratio = measure.rate / measure.ceilings[against]!;
    const others = Object.entries(measure.ceilings)
      .filter(([ceiling]) => ceiling !== against)
      .map(([ceiling, rate]) => `${(measure.rate / rate).toFixed(3)} of ${ceiling} (${rate.toFixed(0)}/s)`)
      .join(', ');
    console.log(
      `| ${name} | ${measure.rate.toFixed(0)} | ${measure.p50} | ${measure.p99} | ${measure.errors} | ${ratio.toFixed(3)} of ${against} (${measure.ceilings[against]!.toFixed(0)}/s) | ≥ ${target} ${ratio >= target ? 'met' : 'MISSED'} | ${others} |`,
    );
  }
}
