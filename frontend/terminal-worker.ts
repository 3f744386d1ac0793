/**
 * The terminal socket's worker (see terminal-link.ts for why the socket lives here): with shared memory it copies
 * what arrives into the ring and says so, otherwise it posts the bytes themselves.
 */
import { CAPACITY, HEADER_BYTES, READ, WAITING, WRITTEN, type FromWorker, type ToWorker } from './terminal-ring';

// The project's TypeScript setup types `self` as a window; this is the part of a worker's scope used here.
const scope = self as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  close(): void;
};

let ws: WebSocket | undefined;
let head: Int32Array | undefined;
let ring: Uint8Array | undefined;
const queue: Uint8Array[] = [];

/** Moves queued bytes into the ring as far as there is room, then wakes the page. */
function fill(head: Int32Array, ring: Uint8Array) {
  while (queue.length) {
    const room = CAPACITY - ((Atomics.load(head, WRITTEN) - Atomics.load(head, READ)) | 0);
    if (room === 0) {
      break;
    }
    const bytes = queue[0];
    const n = Math.min(room, bytes.length);
    const written = Atomics.load(head, WRITTEN);
    const at = written & (CAPACITY - 1);
    const first = Math.min(n, CAPACITY - at);
    ring.set(bytes.subarray(0, first), at);
    ring.set(bytes.subarray(first, n), 0);
    Atomics.store(head, WRITTEN, (written + n) | 0);
    if (n === bytes.length) {
      queue.shift();
    } else {
      queue[0] = bytes.subarray(n);
    }
  }
  Atomics.store(head, WAITING, queue.length ? 1 : 0);
  scope.postMessage({ type: 'data' });
}

scope.onmessage = (event) => {
  const m = event.data;
  if (m.type === 'open') {
    if (m.shared) {
      head = new Int32Array(m.shared, 0, HEADER_BYTES / 4);
      ring = new Uint8Array(m.shared, HEADER_BYTES, CAPACITY);
    }
    const socket = new WebSocket(m.url);
    ws = socket;
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => scope.postMessage({ type: 'open' });
    socket.onmessage = (e) => {
      if (!(e.data instanceof ArrayBuffer)) {
        return;
      }
      if (head && ring) {
        queue.push(new Uint8Array(e.data));
        fill(head, ring);
      } else {
        scope.postMessage({ type: 'data', bytes: e.data }, [e.data]);
      }
    };
    socket.onclose = (e) => {
      scope.postMessage({ type: 'closed', code: e.code });
      scope.close();
    };
  } else if (m.type === 'send') {
    if (ws && ws.readyState === WebSocket.OPEN) {
      ws.send(m.data);
    }
  } else if (m.type === 'drained') {
    if (head && ring) {
      fill(head, ring);
    }
  } else if (m.type === 'abort') {
    ws?.close();
  } else if (m.type === 'close') {
    if (ws && ws.readyState <= WebSocket.OPEN) {
      ws.onclose = () => scope.close();
      ws.close(m.code);
    } else {
      scope.close();
    }
  }
};
