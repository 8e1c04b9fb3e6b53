/**
 * JSON over HTTP/1.1 with keep-alive, on `node:http`: the requests of the sync benches' simulated
 * devices. A thousand of them share the bench's one event loop, and `fetch` costs that loop more
 * per request (web streams, an abort signal, header objects). The bench's own loop delay is part
 * of every latency it measures, so it is kept small.
 */
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true });

export interface JsonAnswer {
  status: number;
  /** A 2xx answer. */
  ok: boolean;
  headers: http.IncomingHttpHeaders;
  /** The parsed body of a 2xx answer; undefined otherwise (its body is read and dropped). */
  body: unknown;
}

export function requestJson(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<JsonAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: init.method ?? 'GET', headers: init.headers, agent }, (response) => {
      const status = response.statusCode ?? 0;
      const ok = status >= 200 && status < 300;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        if (ok) chunks.push(chunk);
      });
      response.on('error', reject);
      // A connection cut mid-answer (a server killed by the bench) ends the response incomplete.
      response.on('close', () => {
        if (!response.complete) reject(new Error(`the answer to ${init.method ?? 'GET'} ${url} was cut off`));
      });
      response.on('end', () => {
        try {
          const body =
            ok && chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown) : undefined;
          resolve({ status, ok, headers: response.headers, body });
        } catch (error) {
          reject(error);
        }
      });
    });
    request.on('error', reject);
    request.end(init.body);
  });
}
