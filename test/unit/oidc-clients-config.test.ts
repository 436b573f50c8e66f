import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const SECRET = 's'.repeat(32);
const clients = (list: unknown) => ({ TESSERA_OIDC_CLIENTS: JSON.stringify(list) });

describe('TESSERA_OIDC_CLIENTS: the sites signing people in with Tessera', () => {
  it('reads confidential and public clients, with their logout addresses', () => {
    const config = loadConfig(
      clients([
        {
          client_id: 'billing',
          client_secret: SECRET,
          redirect_uris: ['https://billing.example.com/callback'],
          post_logout_redirect_uris: ['https://billing.example.com/'],
          backchannel_logout_uri: 'https://billing.example.com/logout',
        },
        { client_id: 'spa', redirect_uris: ['http://127.0.0.1:3000/cb'] },
      ]),
    );
    expect(config.oidcClients).toEqual([
      {
        clientId: 'billing',
        clientSecret: SECRET,
        redirectUris: ['https://billing.example.com/callback'],
        postLogoutRedirectUris: ['https://billing.example.com/'],
        backchannelLogoutUri: 'https://billing.example.com/logout',
      },
      {
        clientId: 'spa',
        clientSecret: undefined,
        redirectUris: ['http://127.0.0.1:3000/cb'],
        postLogoutRedirectUris: [],
        backchannelLogoutUri: undefined,
      },
    ]);
    expect(loadConfig({}).oidcClients).toEqual([]);
    expect(loadConfig({}).oidcKeyRotationDays).toBe(90);
  });

  it.each([
    ['not JSON', '[{', /TESSERA_OIDC_CLIENTS: not valid JSON/],
    ['not a list', '{}', /TESSERA_OIDC_CLIENTS: not a list/],
    ['no client_id', JSON.stringify([{ redirect_uris: ['https://a.example/cb'] }]), /needs a client_id/],
    [
      'a short secret',
      JSON.stringify([{ client_id: 'a', client_secret: 'short', redirect_uris: ['https://a.example/cb'] }]),
      /client_secret of a must be at least 32 characters/,
    ],
    ['no redirect URI', JSON.stringify([{ client_id: 'a' }]), /redirect_uris of a must be a list of at least one URL/],
    [
      'plain http elsewhere',
      JSON.stringify([{ client_id: 'a', redirect_uris: ['http://a.example/cb'] }]),
      /http:\/\/a.example\/cb must be an https:\/\/ URL/,
    ],
    [
      'a fragment',
      JSON.stringify([{ client_id: 'a', redirect_uris: ['https://a.example/cb#x'] }]),
      /must not have a fragment/,
    ],
    [
      'an unknown field',
      JSON.stringify([{ client_id: 'a', redirect_uris: ['https://a.example/cb'], grant_types: ['implicit'] }]),
      /fields Tessera does not know: grant_types/,
    ],
    [
      'one client twice',
      JSON.stringify([
        { client_id: 'a', redirect_uris: ['https://a.example/cb'] },
        { client_id: 'a', redirect_uris: ['https://a.example/cb'] },
      ]),
      /client_id a is registered twice/,
    ],
  ])('refuses %s with a sentence naming it', (_what, raw, sentence) => {
    expect(() => loadConfig({ TESSERA_OIDC_CLIENTS: raw })).toThrow(ConfigError);
    expect(() => loadConfig({ TESSERA_OIDC_CLIENTS: raw })).toThrow(sentence);
  });
});
