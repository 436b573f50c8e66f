import type autocannon from 'autocannon';
import type { BenchUsers } from './bench-users.js';
import { PASSWORD } from './load.js';

const json = { 'content-type': 'application/json' };

/**
 * The hot calls as the bench sends them, built once (autocannon then cycles them, so the load
 * generator costs Tessera's runs no more CPU than the ceilings', with which it shares the cores).
 */
export const HOT_REQUESTS = {
  'ReadAccounts (cookie)': (url: string, users: BenchUsers): autocannon.Options => ({
    url: `${url}/api/v1/ReadAccounts`,
    requests: users.cookies.map((cookie) => ({ method: 'POST', headers: { ...json, cookie }, body: '{}' })),
  }),
  'ReadAccounts (signed, OSC4)': (url: string, users: BenchUsers): autocannon.Options => ({
    url: `${url}/api/v1/ReadAccounts`,
    requests: users.signedReads,
  }),
  // A platform service verifying a customer's signed request: as cheap as the signed read.
  'VerifyRequest (signed, OSC4)': (url: string, users: BenchUsers): autocannon.Options => ({
    url: `${url}/api/v1/VerifyRequest`,
    requests: users.verifyRequests,
  }),
  // Each connection is one user whose every request moves the city: an update that changes
  // nothing writes nothing, and connections cycling the same users would fight over their rows.
  'UpdateAccount (cookie)': (url: string, users: BenchUsers): autocannon.Options => {
    let connections = 0;
    return {
      url: `${url}/api/v1/UpdateAccount`,
      setupClient: (client) => {
        const cookie = users.cookies[connections++ % users.cookies.length]!;
        client.setRequests(
          ['Lyon', 'Paris'].map((City) => ({
            method: 'POST',
            headers: { ...json, cookie },
            body: JSON.stringify({ City }),
          })),
        );
      },
    };
  },
  SignIn: (url: string, users: BenchUsers): autocannon.Options => ({
    url: `${url}/api/v1/SignIn`,
    requests: users.emails.map((email) => ({
      method: 'POST',
      headers: json,
      body: JSON.stringify({ Email: email, Password: PASSWORD }),
    })),
  }),
};

export type HotCall = keyof typeof HOT_REQUESTS;
