import * as http from 'node:http';

export interface HttpResponse {
  status: number;
  body: string;
}

export interface HttpClient {
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpResponse>;
  close(): void;
}

/** HTTP/1.1 keep-alive client with at most `connections` sockets to `baseUrl`. */
export function httpClient(baseUrl: string, connections: number): HttpClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(baseUrl);
  const once = (
    method: string,
    path: string,
    payload: string | undefined,
    headers: Record<string, string>,
  ): Promise<HttpResponse & { staleSocket?: boolean }> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers: {
            ...headers,
            ...(payload !== undefined
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', (e: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed while idle: the request never reached it, send it again.
        if (req.reusedSocket && e.code === 'ECONNRESET') resolve({ status: 0, body: '', staleSocket: true });
        else reject(e);
      });
      req.end(payload);
    });
  return {
    async request(method, path, body, headers = {}) {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      for (;;) {
        const r = await once(method, path, payload, headers);
        if (!r.staleSocket) return r;
      }
    },
    close: () => agent.destroy(),
  };
}
