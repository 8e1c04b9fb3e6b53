/**
 * `/metrics` on its own port (`--metrics-port` / METRICS_PORT; off unless set), bound to
 * `--metrics-host` / METRICS_HOST (127.0.0.1 by default).
 *
 * A separate listener rather than a token on the main port: the main port is what users, Okta and
 * the load balancer reach, and the metrics port is never published through them; there is no
 * scrape secret to distribute, store in Prometheus' configuration and rotate; and a scrape keeps
 * working while the main port sheds load. Prometheus scrapes each process directly, which is what
 * several processes behind one balancer need anyway (a scrape through the balancer would reach a
 * different process each time).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { METRICS_CONTENT_TYPE, type ServerMetrics } from './metrics';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(
  metrics: ServerMetrics,
  opts: { port: number; host: string },
): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: scrape GET /metrics\n');
      return;
    }
    metrics.text().then(
      (text) => res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
