import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from '../../src/auth/concurrency-limit.js';
import { PasswordHasher } from '../../src/auth/password-hasher.js';

describe('password hashing', () => {
  it('ASVS 11.4.2: Argon2id with m=19456 KiB, t=2, p=1 and a unique salt per hash', async () => {
    const hasher = new PasswordHasher(2);
    const first = await hasher.hash('correct horse battery staple');
    const second = await hasher.hash('correct horse battery staple');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
    expect(await hasher.verify(first, 'correct horse battery staple')).toBe(true);
    expect(await hasher.verify(first, 'correct horse battery stapler')).toBe(false);
  });

  it('the limit never runs more work at once than allowed', async () => {
    const limit = new ConcurrencyLimit(2);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        limit.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});
