import { esc, layout } from '../pages/html';

export function signInPage(opts: { action: string; login?: string; error?: string }): string {
  const error = opts.error ? `<p class="error" role="alert">${esc(opts.error)}</p>` : '';
  return layout(
    'Sign In',
    `<h1>Sign In</h1>${error}
<form method="post" action="${esc(opts.action)}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" value="${esc(opts.login ?? '')}" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign In</button>
</form>`,
  );
}

/**
 * Okta's `/v1/logout` signs out without asking. oidc-provider insists on a form post (CSRF
 * protection), so the page submits its own form with `logout=yes`; without JavaScript the
 * button does the same.
 */
export function logoutPage(form: string): string {
  return layout(
    'Signing out',
    `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<script>{const f=document.getElementById('op.logoutForm');const i=document.createElement('input');i.type='hidden';i.name='logout';i.value='yes';f.appendChild(i);f.submit();}</script>`,
  );
}
