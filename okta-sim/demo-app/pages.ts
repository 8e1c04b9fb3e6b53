import { esc, layout } from '../pages/html';

const error = (message?: string) => (message ? `<p class="error" role="alert">${esc(message)}</p>` : '');

/** Standard form markup so password managers and Latchkey's autofill can find the fields. */
export function loginPage(message?: string, username = ''): string {
  return layout(
    'Contentzilla — Sign in',
    `<h1>Sign in to Contentzilla</h1>${error(message)}
<form method="post" action="/demo-app/login">
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" value="${esc(username)}" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`,
  );
}

export function totpPage(message?: string): string {
  return layout(
    'Contentzilla — Verification code',
    `<h1>Enter your verification code</h1>${error(message)}
<form method="post" action="/demo-app/totp">
<label for="code">6-digit code from your authenticator app</label>
<input id="code" name="code" type="text" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" required>
<button type="submit">Verify</button>
</form>`,
  );
}

export function homePage(name: string): string {
  return layout(
    'Contentzilla',
    `<h1>Contentzilla</h1><p id="who">Logged in as ${esc(name)}</p>
<form method="post" action="/demo-app/logout"><button type="submit">Sign out</button></form>`,
  );
}
