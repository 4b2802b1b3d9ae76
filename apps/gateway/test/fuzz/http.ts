import http from 'node:http';

export interface RawRequest {
  method: string;
  /** Path and query exactly as they go on the request line. */
  path: string;
  headers?: Record<string, string>;
  /** Bytes as they are sent: bad UTF-8 and bodies that are not JSON included. */
  body?: Buffer;
}

export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
  json: unknown;
}

// A connection per request: a bad request may rightly end its connection, and a reused one would then fail the next.
const agent = new http.Agent({ keepAlive: false, maxSockets: 8 });

/**
 * Sends a request byte for byte (supertest and fetch encode bodies and refuse some header values). Answers the
 * status, content type and body, parsed as JSON when it is; status 0 with the error when no answer came. An
 * event stream is answered at its headers and closed.
 */
export function send(base: string, request: RawRequest): Promise<RawAnswer> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = request.body.length;
    const call = http.request(
      { host: url.hostname, port: url.port, method: request.method, path: request.path, headers, agent },
      (response) => {
        const contentType = String(response.headers['content-type'] ?? '');
        if (contentType.startsWith('text/event-stream')) {
          // A stream (the partner feed) never ends: its status is the answer to the input.
          resolve({ status: response.statusCode ?? 0, contentType, text: '', json: undefined });
          response.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), text, json });
        });
        response.on('error', (error) => resolve({ status: 0, contentType: '', text: `no answer: ${error.message}`, json: undefined }));
      },
    );
    call.on('error', (error) => resolve({ status: 0, contentType: '', text: `no answer: ${error.message}`, json: undefined }));
    call.end(request.body);
  });
}

/** Runs `work` over `items` with at most `concurrency` at once, answering the results in order. */
export async function inPool<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Closes the pooled connections, so that the suite's process can end. */
export function closeConnections(): void {
  agent.destroy();
}
