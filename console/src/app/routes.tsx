import type { ReactNode } from 'react';
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
import { UsersPage } from '../users/users-page.js';
import { type Page, PAGES } from './navigation.js';

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

type MenuLabel = 'app.space' | 'app.security' | 'app.users' | 'app.operations' | 'app.audit';

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
      menu?: MenuLabel;
      element: (app: AppContext, session: SignedIn) => ReactNode;
    };

/** The console's one route table: every page, who sees it, and what it shows. */
export const ROUTES: Record<Page, Route> = {
  '/': {
    audience: 'signed-in',
    menu: 'app.space',
    element: (_app, { account, me, logins, setAccount, setMe }) => (
      <PersonalSpace account={account} me={me} logins={logins} onChange={setAccount} onMeChange={setMe} />
    ),
  },
  '/security': {
    audience: 'signed-in',
    menu: 'app.security',
    element: (app, { account, me, logins }) => (
      <SecurityPage
        email={me.Email ?? account.Email}
        logins={logins}
        onLoginsChanged={() => void app.reload()}
        managesAccount={me.Rights.includes('ManageAccount')}
      />
    ),
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
        onSignedIn={app.reload}
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

/** The menu's entries for `me`, in the table's order. */
export function menuOf(me: Me): { page: Page; label: MenuLabel }[] {
  return PAGES.flatMap((page) => {
    const route = ROUTES[page];
    return route.audience === 'signed-in' && route.menu && allowed(route, me) ? [{ page, label: route.menu }] : [];
  });
}
