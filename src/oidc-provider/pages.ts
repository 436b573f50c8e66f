import type { KoaContextWithOIDC } from 'oidc-provider';

/** Text for HTML. */
function escape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? character,
  );
}

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

/** The few pages oidc-provider shows itself: the sign-out question, its answer, an error. */
export const providerPages = {
  logoutSource(ctx: KoaContextWithOIDC, form: string): void {
    ctx.type = 'html';
    ctx.body = page(
      'Sign out',
      `<p>Sign out of ${escape(ctx.host)} and the sites you reached through it?</p>${form}` +
        '<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button> ' +
        '<button type="submit" form="op.logoutForm">Stay signed in</button>',
    );
  },
  postLogoutSuccessSource(ctx: KoaContextWithOIDC): void {
    ctx.type = 'html';
    ctx.body = page('Signed out', '<p>You are signed out.</p>');
  },
  renderError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }): void {
    ctx.type = 'html';
    ctx.body = page(
      'Sign-in failed',
      `<p>${escape(out.error_description ?? out.error)}</p><p><a href="/">Back to the console</a></p>`,
    );
  },
};
