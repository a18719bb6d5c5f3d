import http from 'node:http';

/** One response exactly as it came off the wire: still compressed, header names in their original case. */
export interface RecordedResponse {
  path: string;
  /** The If-None-Match the request carried, when it was a conditional request. */
  ifNoneMatch: string | undefined;
  statusCode: number;
  /** Flat [name, value, name, value, ...] list, in the order the server wrote them. */
  rawHeaders: string[];
  /** Base64, so the record crosses the IPC channel to the bare server as JSON. */
  body: string;
}

/**
 * node:http writes these itself on every response (and must, for its own keep-alive handling),
 * so a replay leaves them out rather than writing them twice.
 */
const CONNECTION_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

export function replayableHeaders(rawHeaders: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (!CONNECTION_HEADERS.has(name.toLowerCase())) kept.push(name, rawHeaders[i + 1]!);
  }
  return kept;
}

export function headerValue(rawHeaders: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === name) return rawHeaders[i + 1];
  }
  return undefined;
}

/**
 * GETs a URL with node:http rather than fetch, because fetch decompresses bodies and
 * normalises headers, and the benchmark needs the bytes exactly as served.
 */
export function fetchRaw(origin: string, path: string, headers: Record<string, string>): Promise<RecordedResponse> {
  return new Promise((resolve, reject) => {
    const request = http.get(new URL(path, origin), { headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () =>
        resolve({
          path,
          ifNoneMatch: headers['if-none-match'],
          statusCode: response.statusCode ?? 0,
          rawHeaders: response.rawHeaders,
          body: Buffer.concat(chunks).toString('base64'),
        }),
      );
    });
    request.setTimeout(10_000, () => request.destroy(new Error(`GET ${path}: no response within 10 s`)));
    request.on('error', reject);
  });
}

/** Why two recordings of the same request differ, or undefined when status, headers and body bytes agree. */
export function describeDifference(expected: RecordedResponse, actual: RecordedResponse): string | undefined {
  if (expected.statusCode !== actual.statusCode) return `status ${actual.statusCode} instead of ${expected.statusCode}`;
  const want = replayableHeaders(expected.rawHeaders).join('\n');
  const got = replayableHeaders(actual.rawHeaders).join('\n');
  if (want !== got) return `headers differ:\n  expected ${JSON.stringify(want)}\n  got      ${JSON.stringify(got)}`;
  if (expected.body !== actual.body) {
    const a = Buffer.from(expected.body, 'base64').length;
    const b = Buffer.from(actual.body, 'base64').length;
    return `body bytes differ (${b} bytes instead of ${a})`;
  }
  return undefined;
}
