import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { OIDC_CALLBACK_PATH, type VerifiedIdentity } from '../../auth/oidc-client.js';
import { hashToken } from '../../auth/session-service.js';
import { say } from '../../domain/errors.js';
import { insertOidcFlow, takeOidcFlow, type OidcFlowRow } from '../../store/identities.js';
import { accountCreated } from '../flows/account-event-data.js';
import { completeLink, completeReauthentication, signInWithIdentity } from '../flows/identity-outcomes.js';
import { NoInput } from '../pipeline/call-parts.js';
import { OperationSchema } from '../pipeline/operation-output.js';
import { defineCall } from '../pipeline/registry.js';
import { signInErrors } from './errors.js';

/** How long a sign-in may stay at the provider before its callback is refused. */
const FLOW_MINUTES = 10;

const Intent = Type.Union([Type.Literal('SignIn'), Type.Literal('Link'), Type.Literal('Reauthenticate')], {
  description:
    'SignIn (or sign up), Link the provider to the signed-in user, or Reauthenticate the signed-in user at the provider.',
});

export const readLoginProviders = defineCall({
  name: 'ReadLoginProviders',
  summary: 'The OpenID providers (Google, …) people may sign in with on this server, for the sign-in buttons.',
  origin: 'tessera',
  auth: ['none', 'session'],
  access: { kind: 'anyone' },
  effect: 'read',
  input: NoInput,
  output: Type.Object({ Providers: Type.Array(Type.Object({ Id: Type.String(), Name: Type.String() })) }),
  handler({ services }) {
    return Promise.resolve({
      Providers: services.oidc.providers.map((provider) => ({ Id: provider.id, Name: provider.name })),
    });
  },
});

export const startExternalSignIn = defineCall({
  name: 'StartExternalSignIn',
  summary:
    "Starts a sign-in at an OpenID provider (authorization code flow with PKCE, state and nonce): send the browser to AuthorizationUrl. It comes back to the console's /oidc/callback.",
  origin: 'tessera',
  auth: ['none', 'session'],
  browserOnly: true,
  access: { kind: 'anyone' },
  // Each stores a flow row for anyone who asks.
  perAddress: { perMinute: 30 },
  effect: 'write',
  input: Type.Object(
    { Provider: Type.String({ maxLength: 32, description: 'The provider, as ReadLoginProviders lists it.' }), Intent },
    { additionalProperties: false },
  ),
  output: Type.Object({ AuthorizationUrl: Type.String() }),
  // Adding a way to sign in is sensitive: it needs a recent proof, as an email change does.
  freshness: {
    proof: 'recent-sign-in',
    when: (input) => input.Intent === 'Link',
    what: ({ Provider }, services) =>
      say(`Linking ${services.oidc.nameOf(Provider)}`, `Lier ${services.oidc.nameOf(Provider)}`),
  },
  async prepare({ input, principal, services }) {
    const provider = services.oidc.provider(input.Provider);
    if (!provider) throw signInErrors.UnknownProvider({ Id: input.Provider });
    if (input.Intent !== 'SignIn' && principal?.via !== 'session') {
      throw signInErrors.SignInFirstToLink();
    }
    try {
      return {
        provider,
        started: await services.oidc.start(provider, { forceLogin: input.Intent === 'Reauthenticate' }),
      };
    } catch (error) {
      services.log.warn({ provider: provider.id, err: (error as Error).message }, 'OpenID provider unreachable');
      throw signInErrors.ProviderUnreachable({ ProviderName: provider.name });
    }
  },
  async handler({ input, principal, services, flowCookie, tx, prepared: { provider, started } }) {
    const browser = randomBytes(32).toString('base64url');
    const now = services.now();
    const flow: OidcFlowRow = {
      state_hash: hashToken(started.secrets.state),
      provider_id: provider.id,
      intent: input.Intent,
      user_id: input.Intent === 'SignIn' ? null : (principal?.userId ?? null),
      code_verifier: started.secrets.codeVerifier,
      nonce: started.secrets.nonce,
      browser_hash: hashToken(browser),
      created_at: now,
      expires_at: now + FLOW_MINUTES * 60_000,
    };
    await insertOidcFlow(tx.db, flow, now);
    tx.afterCommit(() => flowCookie.set(browser, FLOW_MINUTES * 60));
    return { AuthorizationUrl: started.url.href };
  },
});

export const completeExternalSignIn = defineCall({
  name: 'CompleteExternalSignIn',
  summary:
    'Finishes a sign-in at an OpenID provider from the query it sent the browser back with: signs in (or up), links the provider, or records the re-authentication.',
  origin: 'tessera',
  auth: ['none', 'session'],
  browserOnly: true,
  access: { kind: 'anyone' },
  effect: 'write',
  // A first sign-in with a provider's new identity creates the account (Created; a link is no account).
  events: {
    emits: ['account.created'],
    of: ({ output, db, accountId }) =>
      output.Intent === 'SignIn' && output.Created ? accountCreated(db, accountId, 'ExternalSignIn') : [],
  },
  input: Type.Object(
    {
      Query: Type.String({ maxLength: 8192, description: 'The query string of the callback, such as ?code=…&state=…' }),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({
    Intent,
    Created: Type.Boolean({ description: 'True when this sign-in created the account.' }),
    SecondFactorChallenge: Type.Optional(
      Type.String({ description: 'The user has a second factor: no session yet; CompleteSignIn finishes it.' }),
    ),
    Operation: Type.Optional({
      ...OperationSchema,
      description: 'Linking under advanced security: the link waits, as this operation, for a token validator.',
    }),
  }),
  async prepare({ input, services, flowCookie }) {
    const query = new URLSearchParams(input.Query.replace(/^\?/, ''));
    const state = query.get('state');
    const browser = flowCookie.read();
    flowCookie.clear();
    // Taken once, whatever follows: a replayed callback finds nothing.
    const flow = state ? await takeOidcFlow(services.store.db, hashToken(state)) : undefined;
    const now = services.now();
    if (!flow || flow.expires_at <= now) throw signInErrors.ExternalSignInUnknown();
    // Login CSRF: the callback must reach the browser that started the sign-in.
    if (!browser || hashToken(browser) !== flow.browser_hash) throw signInErrors.ExternalSignInOtherBrowser();
    const provider = services.oidc.provider(flow.provider_id);
    if (!provider) throw signInErrors.UnknownProvider({ Id: flow.provider_id });
    if (query.get('error')) throw signInErrors.ProviderDidNotSignIn({ ProviderName: provider.name });
    let identity: VerifiedIdentity;
    try {
      const callback = new URL(`${OIDC_CALLBACK_PATH}?${query.toString()}`, services.config.publicUrl);
      identity = await services.oidc.finish(provider, callback, {
        state: state ?? '',
        codeVerifier: flow.code_verifier,
        nonce: flow.nonce,
      });
    } catch (error) {
      services.log.warn({ provider: provider.id, err: (error as Error).message }, 'OpenID sign-in refused');
      throw signInErrors.ProviderAnswerUnverified({ ProviderName: provider.name });
    }
    return { flow, provider, identity };
  },
  async handler(context) {
    const { flow, provider, identity } = context.prepared;
    // The event names the provider and what the sign-in there was for: the callback's query is a
    // secret, and says nothing a reader needs.
    context.event.target = provider.id;
    context.event.changes = [
      { Field: 'Provider', NewValue: provider.id },
      { Field: 'Intent', NewValue: flow.intent },
    ];
    if (flow.intent === 'Link') {
      const link = await completeLink(context, flow, provider, identity);
      return { Intent: flow.intent, Created: link.created, ...(link.operation ? { Operation: link.operation } : {}) };
    }
    if (flow.intent === 'Reauthenticate')
      return { Intent: flow.intent, Created: await completeReauthentication(context, flow, provider, identity) };
    const { created, challenge } = await signInWithIdentity(context, provider, identity);
    // As SignIn's: the first half of a sign-in, which CompleteSignIn finishes.
    if (challenge) context.event.changes.push({ Field: 'SecondStep', NewValue: 'awaited' });
    return { Intent: flow.intent, Created: created, ...(challenge ? { SecondFactorChallenge: challenge } : {}) };
  },
});
