/** Who hears that the API no longer knows the session: the app, while someone is signed in. */
let listener: (() => void) | undefined;

export function onSessionEnded(next: (() => void) | undefined): void {
  listener = next;
}

/** A call was refused with 401 while the console thought it was signed in. */
export function sessionEnded(): void {
  listener?.();
}
