import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomDigits } from '../../src/store/ids.js';
import { signedUpClient } from '../support/api-client.js';
import { ENGINES, startTestServer, type TestServer } from '../support/test-server.js';

// The server runs in this process: its sign-ups draw their ids from this module, which the test
// can make draw ids already taken before it draws at random again.
vi.mock('../../src/store/ids.js', async (importOriginal) => {
  const ids = await importOriginal<typeof import('../../src/store/ids.js')>();
  return { ...ids, randomDigits: vi.fn(ids.randomDigits) };
});

describe.each(ENGINES)('account ids on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server.close());

  it('a sign-up that draws a taken CustomerId, then a taken AccountId, draws again and the person gets their account', async () => {
    const first = (await signedUpClient(server.url)).account as { AccountId: string; CustomerId: string };
    // Draws go AccountId then CustomerId: a free AccountId with a taken CustomerId, then the reverse.
    vi.mocked(randomDigits)
      .mockReturnValueOnce('999999999999')
      .mockReturnValueOnce(first.CustomerId)
      .mockReturnValueOnce(first.AccountId)
      .mockReturnValueOnce('99999999');
    const drawsBefore = vi.mocked(randomDigits).mock.calls.length;
    // Before, either conflict was taken for the address being taken: 200, and no mail, no account.
    const { account } = await signedUpClient(server.url);
    // Three draws of two ids: the two taken ones, then one at random.
    expect(vi.mocked(randomDigits).mock.calls.length - drawsBefore).toBe(6);
    expect(account.AccountId).toMatch(/^[1-9]\d{11}$/);
    expect(account.CustomerId).toMatch(/^[1-9]\d{7}$/);
    expect([first.AccountId, '999999999999']).not.toContain(account.AccountId);
    expect([first.CustomerId, '99999999']).not.toContain(account.CustomerId);
  });
});
