import type { ReactNode } from 'react';
import { AccountPage } from '../account/account-page.js';
import type { Account, Me } from '../api/api.js';
import type { Logins } from '../api/external-sign-in.js';
import { AuditLogPage } from '../audit/audit-log-page.js';
import { OperationsPage } from '../operations/operations-page.js';
import { PersonalSpace } from '../personal-space/personal-space.js';
import { EmailLinkPage } from '../public/email-link-page.js';
import { AcceptInvitationPage } from '../public/invitation-page.js';
import { OidcCallbackPage } from '../public/oidc-callback-page.js';
import { ForgotPasswordPage, ResetPasswordPage } from '../public/password-reset-pages.js';
import { SignInPage } from '../public/sign-in-page.js';
import { SignUpPage } from '../public/sign-up-page.js';
import { SecurityPage } from '../security/security-page.js';
import type { SettingsPage } from '../security/settings-navigation.js';
import { UsersPage } from '../users/users-page.js';
import { type Page, PAGES } from './navigation.js';
import { signedInAgain } from './wanted-address.js';

/** What every page may use of the application: where to go, and how to refresh who is signed in. */
export interface AppContext {
  go: (page: Page) => void;
  /** Reads the account, the signed-in user and their logins again. */
  reload: () => Promise<void>;
  /** Reloads, then goes to `to` (a page the server named; anything else leads home). */
  reloadAndGo: (to: string) => Promise<void>;
  /** The session ended under the person's feet: the sign-in page says so. */
  sessionEnded: boolean;
}

/** Who is signed in, as the signed-in pages see it. */
export interface SignedIn {
  account: Account;
  me: Me;
  logins: Logins | undefined;
  setAccount: (account: Account) => void;
  setMe: (me: Me) => void;
}

type MenuLabel = 'app.space' | 'app.security' | 'app.users' | 'app.operations' | 'app.audit' | 'account.menu';

export type Route =
  | {
      /** `anyone`: mailed links and the provider's callback work signed in or not; `signed-out`: sign-in and sign-up. */
      audience: 'anyone' | 'signed-out';
      element: (app: AppContext) => ReactNode;
    }
  | {
      audience: 'signed-in';
      /** The right the page needs; without it the page is neither offered nor shown (the API refuses anyway). */
      right?: string;
      /** The main menu's entry the page is under; the entry leads to the first page of the table under it. */
      menu?: MenuLabel;
      element: (app: AppContext, session: SignedIn) => ReactNode;
    };

/** A page of the authentication settings: all are under the menu's one entry. */
function settingsRoute(page: SettingsPage): Route {
  return {
    audience: 'signed-in',
    menu: 'app.security',
    element: (app, { account, me, logins }) => (
      <SecurityPage
        page={page}
        go={app.go}
        email={me.Email ?? account.Email}
        logins={logins}
        onLoginsChanged={() => void app.reload()}
      />
    ),
  };
}

/** The console's one route table: every page, who sees it, and what it shows. */
export const ROUTES: Record<Page, Route> = {
  '/': {
    audience: 'signed-in',
    menu: 'app.space',
    element: (_app, { account, me, logins, setAccount, setMe }) => (
      <PersonalSpace account={account} me={me} logins={logins} onChange={setAccount} onMeChange={setMe} />
    ),
  },
  // Leads to the first settings page (navigation.ts): kept for the links from before the pages.
  '/security': settingsRoute('/security/password'),
  '/security/password': settingsRoute('/security/password'),
  '/security/two-step': settingsRoute('/security/two-step'),
  '/security/passkeys': settingsRoute('/security/passkeys'),
  '/security/sessions': settingsRoute('/security/sessions'),
  '/security/activity': settingsRoute('/security/activity'),
  '/security/access-keys': settingsRoute('/security/access-keys'),
  '/security/support': settingsRoute('/security/support'),
  // UpdateAccountSecurity and ReadAccountSecurity need ManageAccount: without it there is nothing to see.
  '/account': {
    audience: 'signed-in',
    right: 'ManageAccount',
    menu: 'account.menu',
    element: () => <AccountPage />,
  },
  '/users': {
    audience: 'signed-in',
    right: 'ManageUsers',
    menu: 'app.users',
    element: (_app, { me }) => <UsersPage me={me} />,
  },
  '/operations': {
    audience: 'signed-in',
    right: 'TokenValidator',
    menu: 'app.operations',
    element: () => <OperationsPage />,
  },
  '/audit': {
    audience: 'signed-in',
    right: 'ReadAuditLog',
    menu: 'app.audit',
    element: () => <AuditLogPage />,
  },
  '/signin': {
    audience: 'signed-out',
    element: (app) => (
      <SignInPage
        ended={app.sessionEnded}
        onSignedIn={async () => {
          signedInAgain();
          await app.reload();
        }}
        onSignUp={() => app.go('/signup')}
        onForgot={() => app.go('/forgot-password')}
      />
    ),
  },
  '/signup': {
    audience: 'signed-out',
    element: (app) => <SignUpPage onSignIn={() => app.go('/signin')} />,
  },
  '/forgot-password': { audience: 'anyone', element: () => <ForgotPasswordPage /> },
  // A reset signs every device out, this one included: what the app knows is stale.
  '/reset-password': {
    audience: 'anyone',
    element: (app) => (
      <ResetPasswordPage
        onSignIn={() => void app.reloadAndGo('/signin')}
        onNewLink={() => app.go('/forgot-password')}
      />
    ),
  },
  '/oidc/callback': { audience: 'anyone', element: (app) => <OidcCallbackPage onDone={app.reloadAndGo} /> },
  '/accept-invitation': {
    audience: 'anyone',
    element: (app) => <AcceptInvitationPage onSignIn={() => app.go('/signin')} />,
  },
  '/confirm-email': {
    audience: 'anyone',
    element: (app) => <EmailLinkPage action="confirm" onContinue={() => void app.reloadAndGo('/')} />,
  },
  '/cancel-email-change': {
    audience: 'anyone',
    element: (app) => <EmailLinkPage action="cancel" onContinue={() => void app.reloadAndGo('/')} />,
  },
};

/** Whether `me` may see a route: signed-in routes may need a right. */
export function allowed(route: Route, me: Me): boolean {
  return route.audience !== 'signed-in' || !route.right || me.Rights.includes(route.right);
}

/** The menu's entries for `me`, in the table's order: one per label, leading to its first page. */
export function menuOf(me: Me): { page: Page; label: MenuLabel }[] {
  const entries = PAGES.flatMap((page) => {
    const route = ROUTES[page];
    return route.audience === 'signed-in' && route.menu && allowed(route, me) ? [{ page, label: route.menu }] : [];
  });
  return entries.filter((entry, index) => entries.findIndex((first) => first.label === entry.label) === index);
}

/** Whether `page` is under the menu entry `label`: the entry is current on every page under it. */
export function isUnder(page: Page, label: MenuLabel): boolean {
  const route = ROUTES[page];
  return route.audience === 'signed-in' && route.menu === label;
}
