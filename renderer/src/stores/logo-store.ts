import { create } from 'zustand';
import type { LatchkeyApi } from '../../../domain/ipc-contract';
import { api as routes } from '../../../domain/wire/api';
import { callApi } from '../screens/call-api';

/**
 * Account logos as the accounts list shows them. Logos are not in the replicated records (an
 * image in every pull would cost every device 100 KB per account and change): the list asks the
 * server which visible accounts have one and its digest (`GET /api/v1/accounts/logos`), then
 * fetches each image once per digest and keeps it in memory as a `data:` URL (the CSP allows
 * `img-src data:`; an `<img>` never runs an SVG's script, and the server rebuilt it without any).
 */
interface LogoState {
  /** accountId → digest of its logo, from the last index. */
  digests: ReadonlyMap<string, string>;
  /** digest → data URL. */
  images: ReadonlyMap<string, string>;
}

export const useLogos = create<LogoState>(() => ({ digests: new Map(), images: new Map() }));

const inFlight = new Map<string, Promise<void>>();

/** Reads which accounts have a logo, then fetches the images not yet held. */
export async function refreshLogos(api: LatchkeyApi): Promise<void> {
  const outcome = await callApi(api, routes.logoIndex);
  if (!outcome.ok) return;
  const { logos } = outcome.body;
  useLogos.setState({ digests: new Map(logos.map((l) => [l.accountId, l.digest])) });
  await Promise.all(logos.map((l) => fetchImage(api, l.accountId, l.digest)));
}

function fetchImage(api: LatchkeyApi, accountId: string, digest: string): Promise<void> {
  if (useLogos.getState().images.has(digest)) return Promise.resolve();
  const running = inFlight.get(digest);
  if (running) return running;
  const job = (async () => {
    const outcome = await callApi(api, routes.logo, { params: { id: accountId } });
    if (!outcome.ok) return;
    const logo = outcome.body;
    const images = new Map(useLogos.getState().images);
    images.set(logo.digest, `data:${logo.mediaType};base64,${logo.data}`);
    useLogos.setState({ images });
  })().finally(() => inFlight.delete(digest));
  inFlight.set(digest, job);
  return job;
}

/** The data URL of an account's logo, or null (no logo, or not fetched yet). */
export function useLogo(accountId: string): string | null {
  return useLogos((s) => {
    const digest = s.digests.get(accountId);
    return digest === undefined ? null : (s.images.get(digest) ?? null);
  });
}
