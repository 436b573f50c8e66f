import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceName } from '../../src/domain/device-name.js';
import { ApiClient, signedUpClient, STRONG_PASSWORD } from '../support/api-client.js';
import { ENGINES, startTestServer, type TestServer } from '../support/test-server.js';

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

describe('device names', () => {
  it.each([
    [CHROME, 'Chrome 156 on Linux'],
    [IPHONE, 'Safari 17 on iOS'],
    ['curl/7.88.1', 'curl 7.88.1'],
    ['', 'Unknown device'],
  ])('%s → %s', (userAgent, name) => {
    expect(deviceName(userAgent)).toBe(name);
  });
});

describe.each(ENGINES)('sessions and devices on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server.close());

  async function devices(): Promise<{ laptop: ApiClient; phone: ApiClient; email: string }> {
    const { client: laptop, email } = await signedUpClient(
      server.url,
      { FirstName: 'Ana', LastName: 'Silva' },
      { 'user-agent': CHROME },
    );
    const phone = new ApiClient(server.url);
    await phone.call('SignIn', { Email: email, Password: STRONG_PASSWORD }, { 'user-agent': IPHONE });
    return { laptop, phone, email };
  }

  interface Session {
    SessionId: string;
    Device: string;
    IpAddress: string;
    CreationDate: string;
    LastActiveDate: string;
    Current: boolean;
  }

  async function sessions(client: ApiClient): Promise<Session[]> {
    const answer = await client.call('ReadSessions');
    expect(answer.status).toBe(200);
    return answer.body.Sessions as Session[];
  }

  it('ASVS 7.5.2: lists each device with its address and times, and which one is this one', async () => {
    const { laptop } = await devices();
    const list = await sessions(laptop);
    expect(list.map((s) => s.Device).sort()).toEqual(['Chrome 156 on Linux', 'Safari 17 on iOS']);
    expect(list.filter((s) => s.Current).map((s) => s.Device)).toEqual(['Chrome 156 on Linux']);
    for (const session of list) {
      expect(session.IpAddress).toBe('127.0.0.1');
      expect(session.CreationDate).toMatch(/\+0000$/);
      expect(session.SessionId).not.toBe(laptop.cookie?.split('=')[1]);
    }
  });

  it('ASVS 7.5.2: ending one session signs that device out at once', async () => {
    const { laptop, phone } = await devices();
    const phoneSession = (await sessions(laptop)).find((s) => !s.Current)!;
    expect((await laptop.call('DeleteSession', { SessionId: phoneSession.SessionId })).status).toBe(200);
    expect((await phone.call('ReadAccounts')).status).toBe(401);
    expect((await laptop.call('ReadAccounts')).status).toBe(200);
  });

  it('ending the current session signs out', async () => {
    const { laptop } = await devices();
    const own = (await sessions(laptop)).find((s) => s.Current)!;
    const before = laptop.cookie!;
    expect((await laptop.call('DeleteSession', { SessionId: own.SessionId })).status).toBe(200);
    expect(laptop.cookie).toBeUndefined();
    expect((await laptop.call('ReadAccounts', {}, { cookie: before })).status).toBe(401);
  });

  it('DeleteOtherSessions keeps only this device', async () => {
    const { laptop, phone, email } = await devices();
    const tablet = new ApiClient(server.url);
    await tablet.call('SignIn', { Email: email, Password: STRONG_PASSWORD });
    expect((await laptop.call('DeleteOtherSessions')).status).toBe(200);
    expect((await phone.call('ReadAccounts')).status).toBe(401);
    expect((await tablet.call('ReadAccounts')).status).toBe(401);
    expect((await sessions(laptop)).map((s) => s.Current)).toEqual([true]);
  });

  it("ASVS 8.2.2: another user's session cannot be ended, and its existence is not revealed", async () => {
    const first = await devices();
    const second = await devices();
    const target = (await sessions(second.laptop))[0]!;
    const answer = await first.laptop.call('DeleteSession', { SessionId: target.SessionId });
    expect(answer.status).toBe(404);
    const unknown = await first.laptop.call('DeleteSession', { SessionId: 'no-such-session' });
    expect(unknown.status).toBe(404);
    expect(answer.body.Errors?.[0]?.Code).toBe(unknown.body.Errors?.[0]?.Code);
    expect((await second.laptop.call('ReadAccounts')).status).toBe(200);
  });
});
