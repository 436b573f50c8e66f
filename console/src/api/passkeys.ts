import {
  startAuthentication,
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import { call, type Input } from './api.js';

type Credential = Input<'CreatePasskey'>['Credential'];

/** Adds a passkey: the server's options, the browser's ceremony, the server's check. */
export async function addPasskey(name: string, proof: { CurrentPassword?: string } = {}): Promise<void> {
  const { Options } = await call('CreatePasskeyOptions', proof);
  const credential = await startRegistration({
    optionsJSON: Options as unknown as PublicKeyCredentialCreationOptionsJSON,
  });
  await call('CreatePasskey', { Name: name, Credential: credential as unknown as Credential });
}

/** Signs in with a passkey the browser or phone holds, no address typed. */
export async function signInWithPasskey(): Promise<void> {
  const { Options } = await call('StartPasskeySignIn', {});
  const credential = await startAuthentication({
    optionsJSON: Options as unknown as PublicKeyCredentialRequestOptionsJSON,
  });
  await call('CompletePasskeySignIn', { Credential: credential as unknown as Credential });
}

/** A passkey's answer to a fresh sign-in challenge, for a second step or a step-up. */
export async function passkeyAssertion(): Promise<Credential> {
  const { Options } = await call('StartPasskeySignIn', {});
  const credential = await startAuthentication({
    optionsJSON: Options as unknown as PublicKeyCredentialRequestOptionsJSON,
  });
  return credential as unknown as Credential;
}

/** Why this page cannot use passkeys, if it cannot: browsers allow them on https and on localhost only, and never on an IP address. */
export type PasskeysUnavailable = 'address' | 'insecure' | 'unsupported';

export function passkeysUnavailable(): PasskeysUnavailable | undefined {
  const host = window.location.hostname;
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) || host.includes(':') || host.startsWith('[')) return 'address';
  if (!window.isSecureContext) return 'insecure';
  if (typeof window.PublicKeyCredential === 'undefined') return 'unsupported';
  return undefined;
}

/** This very page at localhost, for a console opened on the loopback address. */
export function onLocalhost(): string | undefined {
  const { hostname, port, pathname, search, protocol } = window.location;
  if (!['127.0.0.1', '[::1]', '::1'].includes(hostname)) return undefined;
  return `${protocol}//localhost${port ? `:${port}` : ''}${pathname}${search}`;
}
