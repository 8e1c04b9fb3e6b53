/**
 * A minimal cookie-keeping "browser" over fetch: enough to drive the simulator's sign-in page,
 * dashboard and demo app the way a user agent would (one origin, so cookie paths and domains are
 * not modelled; expired cookies are dropped).
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();

  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) this.#store(line);
    return res;
  }

  /** Follows redirects within `origin`; stops at the first one that leaves it, returning that URL. */
  async navigate(url: string | URL, init: RequestInit = {}, origin?: string): Promise<{ res: Response; url: string }> {
    let current = new URL(url);
    const home = origin ?? current.origin;
    let res = await this.fetch(current, init);
    for (let hops = 0; hops < 20 && res.status >= 300 && res.status < 400; hops += 1) {
      const location = res.headers.get('location');
      if (!location) break;
      current = new URL(location, current);
      if (current.origin !== home) return { res, url: current.href };
      res = await this.fetch(current);
    }
    return { res, url: current.href };
  }

  async submitForm(
    url: string | URL,
    fields: Record<string, string>,
    origin?: string,
  ): Promise<{ res: Response; url: string }> {
    return this.navigate(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      },
      origin,
    );
  }

  #store(line: string): void {
    const [pair, ...attrs] = line.split(';');
    if (!pair) return;
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attrs.some((a) => {
      const [k, v] = a.trim().split('=');
      if (k?.toLowerCase() === 'max-age') return Number(v) <= 0;
      if (k?.toLowerCase() === 'expires') return Date.parse(v ?? '') <= Date.now();
      return false;
    });
    if (expired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

/** The `action` of the first form on a page (the tests' stand-in for clicking submit). */
export function formAction(html: string): string {
  const m = /<form[^>]*action="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no form action on page');
  return m[1].replaceAll('&amp;', '&');
}
