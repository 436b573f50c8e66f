/** Who hears that the API no longer knows the session: the app, while someone is signed in. */
let listener: (() => void) | undefined;

export function onSessionEnded(next: (() => void) | undefined): void {
  listener = next;
}

// The server sets this script-readable cookie beside the HttpOnly session cookie (it holds "1").
const SIGNED_IN = /(?:^|;\s*)(?:__Host-)?tessera_signed_in=1(?:;|$)/;

/** Whether a session may exist: without the marker, the page asks nothing it would be refused. */
export function maybeSignedIn(): boolean {
  return SIGNED_IN.test(document.cookie);
}

/** Forgets the marker of a session the server no longer knows. */
function forgetMarker(): void {
  document.cookie = 'tessera_signed_in=; Max-Age=0; Path=/; SameSite=Lax';
  if (window.isSecureContext) document.cookie = '__Host-tessera_signed_in=; Max-Age=0; Path=/; Secure; SameSite=Lax';
}

/** A call was refused with 401: the session is gone, whatever the console thought. */
export function sessionEnded(): void {
  forgetMarker();
  listener?.();
}
