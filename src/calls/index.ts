import { readAccounts, updateAccount } from './account.js';
import type { AnyCall } from './registry.js';
import { signIn, signOut, signUp } from './sign-in.js';

/** Every call of the API, declared once: HTTP routes, OpenAPI, the CLI and the console derive from this list. */
export const CALLS: readonly AnyCall[] = [readAccounts, updateAccount, signUp, signIn, signOut] as unknown as readonly AnyCall[];
