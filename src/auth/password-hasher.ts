import { hash, verify, type Options } from '@node-rs/argon2';
import { normalizePassword } from '../domain/password-policy.js';
import { ConcurrencyLimit } from './concurrency-limit.js';

// OWASP's Argon2id floor: 19 MiB, 2 passes, 1 lane. `algorithm: 2` is Argon2id: the library
// declares its Algorithm enum as an ambient const enum, which isolated modules cannot import.
const ARGON2ID: Options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/**
 * Hashes and verifies passwords with Argon2id on libuv's thread pool, at most `concurrency` at
 * a time, so that a flood of sign-ins queues here instead of taking every thread (and core)
 * from the other requests.
 */
export class PasswordHasher {
  private readonly limit: ConcurrencyLimit;
  private dummyHash: Promise<string> | undefined;
  /** Hears how long each hash waited for its turn, in seconds (the metrics). */
  onWait: ((seconds: number) => void) | undefined;

  constructor(concurrency: number) {
    this.limit = new ConcurrencyLimit(concurrency);
  }

  /** How many hashes wait for a turn now. */
  get queued(): number {
    return this.limit.queued;
  }

  hash(password: string): Promise<string> {
    return this.inTurn(() => hash(normalizePassword(password), ARGON2ID));
  }

  verify(storedHash: string, password: string): Promise<boolean> {
    return this.inTurn(() => verify(storedHash, normalizePassword(password)));
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const onWait = this.onWait;
    if (!onWait) return this.limit.run(work);
    const queuedAt = performance.now();
    return this.limit.run(() => {
      onWait((performance.now() - queuedAt) / 1000);
      return work();
    });
  }

  /** Spends the time of a real verification, so that an unknown login cannot be told apart by timing. */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash('tessera dummy password for timing');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
