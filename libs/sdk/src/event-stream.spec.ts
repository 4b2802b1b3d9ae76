import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { followEventStream, parseEventStream } from './event-stream';

const streamOf = (...chunks: string[]): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });

async function all<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterator) items.push(item);
  return items;
}

describe('sdk event stream', () => {
  it('should parse events split anywhere across chunks, skip comments and drop an event cut off by the end', async () => {
    const parsed = await all(
      parseEventStream(streamOf(': heartbeat\n\nid: 1\nevent: lead.offered\nda', 'ta: {"a":1}\n\nretry: 2500\r\nid: 2\r\ndata: x\r\ndata: y\r\n\r\nid: 3\ndata: cut')),
    );
    expect(parsed).toEqual([
      { kind: 'event', value: { id: '1', event: 'lead.offered', data: '{"a":1}' } },
      { kind: 'retry', ms: 2500 },
      { kind: 'event', value: { id: '2', event: 'message', data: 'x\ny' } },
    ]);
  });

  describe('following a server that drops the connection', () => {
    // The feed as a partner's would be: events 1..9, each connection ends after three of them.
    const EVENTS = Array.from({ length: 9 }, (_, index) => index + 1);
    const asked: Array<string | undefined> = [];
    let server: Server;
    let url: string;

    beforeAll(async () => {
      server = createServer((request, response: ServerResponse) => {
        const last = request.headers['last-event-id'] as string | undefined;
        asked.push(last);
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(': heartbeat\n\nretry: 10\n\n');
        const from = last === undefined ? 0 : Number(last);
        for (const id of EVENTS.filter((event) => event > from).slice(0, 3)) response.write(`id: ${id}\nevent: tick\ndata: {"n":${id}}\n\n`);
        // Half an event, then the connection is cut: the client must not count it.
        response.write('id: 999\ndata: half');
        setTimeout(() => response.socket?.destroy(), 20);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed`;
    });

    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('should resume from the last event received, without gaps or repeats, until the loop stops', async () => {
      const seen: string[] = [];
      const stop = new AbortController();
      const feed = followEventStream(
        (lastEventId, signal) => fetch(url, { headers: lastEventId === undefined ? {} : { 'last-event-id': lastEventId }, signal }),
        { signal: stop.signal },
      );
      for await (const event of feed) {
        seen.push(event.data);
        if (seen.length === EVENTS.length) stop.abort();
      }
      expect(seen).toEqual(EVENTS.map((n) => `{"n":${n}}`));
      expect(asked.slice(0, 3)).toEqual([undefined, '3', '6']);
    });

    it('should start after a given event id', async () => {
      const feed = followEventStream((lastEventId, signal) => fetch(url, { headers: { 'last-event-id': lastEventId ?? '' }, signal }), { lastEventId: '7' });
      const seen: Array<string | undefined> = [];
      for await (const event of feed) {
        seen.push(event.id);
        if (seen.length === 2) break;
      }
      expect(seen).toEqual(['8', '9']);
    });
  });
});
