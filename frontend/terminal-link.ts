/**
 * The terminal socket, held by a dedicated worker.
 *
 * Why a worker: after a keystroke Chromium defers the page's tasks (socket messages, timers, posted messages) until
 * the next frame has been painted, so an echo handled on the main thread always shows at least a frame late. The
 * worker's thread is not deferred: it copies what arrives into a ring of shared memory, and the page reads the ring
 * from its next animation frame, which does run before that paint. Shared memory needs a cross-origin isolated page
 * (the console sends COOP/COEP); without it the worker posts the bytes and the page takes them as messages.
 */

const CAPACITY = 1 << 20; // bytes of the ring; a power of two so counters wrap with a mask
const WRITTEN = 0; // Int32 slots of the ring's header
const READ = 1;
const WAITING = 2; // set by the worker when bytes wait in its own queue for room in the ring

const WORKER_SOURCE = `
const CAPACITY = ${CAPACITY}, WRITTEN = ${WRITTEN}, READ = ${READ}, WAITING = ${WAITING};
let ws, head, ring, queue = [];
function fill() {
  while (queue.length) {
    const room = CAPACITY - ((Atomics.load(head, WRITTEN) - Atomics.load(head, READ)) | 0);
    if (room === 0) break;
    const bytes = queue[0];
    const n = Math.min(room, bytes.length);
    const written = Atomics.load(head, WRITTEN);
    const at = written & (CAPACITY - 1);
    const first = Math.min(n, CAPACITY - at);
    ring.set(bytes.subarray(0, first), at);
    ring.set(bytes.subarray(first, n), 0);
    Atomics.store(head, WRITTEN, (written + n) | 0);
    if (n === bytes.length) queue.shift(); else queue[0] = bytes.subarray(n);
  }
  Atomics.store(head, WAITING, queue.length ? 1 : 0);
  postMessage({ type: 'data' });
}
onmessage = (event) => {
  const m = event.data;
  if (m.type === 'open') {
    if (m.shared) { head = new Int32Array(m.shared, 0, 4); ring = new Uint8Array(m.shared, 16, CAPACITY); }
    ws = new WebSocket(m.url);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => postMessage({ type: 'open' });
    ws.onmessage = (e) => {
      if (!(e.data instanceof ArrayBuffer)) return;
      if (ring) { queue.push(new Uint8Array(e.data)); fill(); }
      else postMessage({ type: 'data', bytes: e.data }, [e.data]);
    };
    ws.onclose = (e) => { postMessage({ type: 'closed', code: e.code }); close(); };
  } else if (m.type === 'send') {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(m.data);
  } else if (m.type === 'drained') {
    fill();
  } else if (m.type === 'abort') {
    if (ws) ws.close();
  } else if (m.type === 'close') {
    if (ws && ws.readyState <= WebSocket.OPEN) { ws.onclose = () => close(); ws.close(m.code); } else close();
  }
};
`;

let workerUrl: string | undefined;

export interface TerminalLinkEvents {
  opened(): void;
  /** Bytes from the terminal, in order. */
  received(bytes: Uint8Array): void;
  closed(code: number): void;
}

export class TerminalLink {
  private readonly worker: Worker;
  private readonly head?: Int32Array;
  private readonly ring?: Uint8Array;
  private ended = false;

  constructor(url: string, private readonly events: TerminalLinkEvents) {
    workerUrl ??= URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    this.worker = new Worker(workerUrl);
    let shared: SharedArrayBuffer | undefined;
    if (self.crossOriginIsolated && typeof SharedArrayBuffer === 'function') {
      shared = new SharedArrayBuffer(16 + CAPACITY);
      this.head = new Int32Array(shared, 0, 4);
      this.ring = new Uint8Array(shared, 16, CAPACITY);
    }
    this.worker.onmessage = (event: MessageEvent) => {
      const m = event.data;
      if (this.ended) {
        return;
      }
      if (m.type === 'open') {
        this.events.opened();
      } else if (m.type === 'data') {
        if (m.bytes) {
          this.events.received(new Uint8Array(m.bytes));
        } else {
          this.take();
        }
      } else if (m.type === 'closed') {
        this.ended = true;
        this.events.closed(m.code);
      }
    };
    this.worker.postMessage({ type: 'open', url, shared });
  }

  /** Whether bytes can be read straight from shared memory (see take). */
  get shared(): boolean {
    return this.ring !== undefined;
  }

  send(data: string) {
    this.worker.postMessage({ type: 'send', data });
  }

  /** Whether the worker has put bytes in the ring that take() has not handed over yet. */
  hasBytes(): boolean {
    return this.head !== undefined && !this.ended && Atomics.load(this.head, WRITTEN) !== Atomics.load(this.head, READ);
  }

  /**
   * Hands what the worker has put in the ring to the listener, at once; returns whether there was anything. Safe to
   * call at any time (the worker's wake-up message and an animation frame may both call it).
   */
  take(): boolean {
    const head = this.head;
    const ring = this.ring;
    if (!head || !ring || this.ended) {
      return false;
    }
    const read = Atomics.load(head, READ);
    const size = (Atomics.load(head, WRITTEN) - read) | 0;
    if (size > 0) {
      // A copy: the listener keeps the bytes while the worker reuses the ring (and decoders refuse shared memory).
      const bytes = new Uint8Array(size);
      const at = read & (CAPACITY - 1);
      const first = Math.min(size, CAPACITY - at);
      bytes.set(ring.subarray(at, at + first));
      bytes.set(ring.subarray(0, size - first), first);
      Atomics.store(head, READ, (read + size) | 0);
      this.events.received(bytes);
    }
    if (Atomics.load(head, WAITING) === 1) {
      Atomics.store(head, WAITING, 0);
      this.worker.postMessage({ type: 'drained' });
    }
    return size > 0;
  }

  /** Gives up on a socket that does not open; the listener hears the close like any other. */
  abort() {
    this.worker.postMessage({ type: 'abort' });
  }

  /** Closes the socket politely because the page is done with it; the listener hears nothing more. */
  close() {
    if (!this.ended) {
      this.ended = true;
      this.worker.postMessage({ type: 'close', code: 1000 });
    }
  }
}
