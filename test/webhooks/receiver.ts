import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a test receiver got. */
export interface ReceivedHook {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP receiver on 127.0.0.1 and a random port: it records every request and answers
 * with the statuses it is given, in turn (the last one repeats; 200 when none is given).
 */
export class HookReceiver {
  readonly received: ReceivedHook[] = [];
  /** Called as each request arrives, before it is answered. */
  onRequest: (() => void) | undefined;
  #statuses: number[] = [];
  #server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      this.onRequest?.();
      this.received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const status = this.#statuses.length > 1 ? this.#statuses.shift()! : (this.#statuses[0] ?? 200);
      const headers: Record<string, string> = status >= 300 && status < 400 ? { location: `${this.url}/moved` } : {};
      response.writeHead(status, headers).end('ok');
    });
  });

  answer(...statuses: number[]): this {
    this.#statuses = statuses;
    return this;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
