/**
 * The official Okta SDK, loaded on the first call to Okta rather than when the server starts:
 * importing it (with node-jose, node-forge, lodash and xmldom) is about half of the server's
 * start-up time — nearly a second on these machines — and a server without an Okta org, or a CLI
 * tool (`roles`, `scim-token`, `backup`), never calls Okta at all.
 */
import type okta from '@okta/okta-sdk-nodejs';

export type OktaSdk = typeof okta;

let loading: Promise<OktaSdk> | undefined;

export function loadOktaSdk(): Promise<OktaSdk> {
  loading ??= import('@okta/okta-sdk-nodejs').then(
    (module) => module.default,
    (error: unknown) => {
      // Not kept: the next call to Okta tries again instead of failing the same way for ever.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
