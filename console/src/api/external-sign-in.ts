import { call, type Input, type Output } from './api.js';
import { useLoad } from './use-load.js';

export type Provider = Output<'ReadLoginProviders'>['Providers'][number];
export type Logins = Output<'ReadLogins'>;
type Intent = Input<'StartExternalSignIn'>['Intent'];

const RETURN_TO = 'tessera.returnTo';

/** The providers this server offers; none means no buttons at all. */
export function useProviders(): Provider[] {
  const { data } = useLoad(async (signal) => (await call('ReadLoginProviders', {}, { signal })).Providers, []);
  return data ?? [];
}

/** Sends the browser to the provider; `returnTo` is where the callback page leads afterwards. */
export async function startExternalSignIn(
  provider: string,
  intent: Intent,
  returnTo = window.location.pathname,
): Promise<void> {
  const { AuthorizationUrl } = await call('StartExternalSignIn', { Provider: provider, Intent: intent });
  sessionStorage.setItem(RETURN_TO, returnTo);
  window.location.assign(AuthorizationUrl);
}

/** Where the callback page leads once the provider has answered; read once. */
export function takeReturnTo(): string {
  const returnTo = sessionStorage.getItem(RETURN_TO) ?? '/';
  sessionStorage.removeItem(RETURN_TO);
  return returnTo;
}
