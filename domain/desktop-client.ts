/**
 * The OIDC client id of Latchkey's desktop app: the default of the app's configuration, of the
 * Okta simulator's demo client, and of the sync server's allow-list of clients whose access
 * tokens it accepts (tokens minted for any other app in the same Okta org are refused).
 */
export const DESKTOP_CLIENT_ID = 'latchkey-desktop';

/** The scope every desktop sign-in requests, so every desktop access token carries it. */
export const DESKTOP_REQUIRED_SCOPE = 'openid';
