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
