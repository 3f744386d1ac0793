/**
 * The terminal socket, held by a dedicated worker.
 *
 * Why a worker: after a keystroke Chromium defers the page's tasks (socket messages, timers, posted messages) until
 * the next frame has been painted, so an echo handled on the main thread always shows at least a frame late. The
 * worker's thread is not deferred: it copies what arrives into a ring of shared memory, and the page reads the ring
 * from its next animation frame, which does run before that paint. Shared memory needs a cross-origin isolated page
 * (the console sends COOP/COEP); without it the worker posts the bytes and the page takes them as messages.
 */

import { CAPACITY, HEADER_BYTES, READ, WAITING, WRITTEN, type FromWorker, type ToWorker } from './terminal-ring';

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
    // Vite bundles the worker as a script of its own, served from this origin (the CSP's worker-src 'self').
    this.worker = new Worker(new URL('./terminal-worker.ts', import.meta.url), { type: 'module' });
    let shared: SharedArrayBuffer | undefined;
    if (self.crossOriginIsolated && typeof SharedArrayBuffer === 'function') {
      shared = new SharedArrayBuffer(HEADER_BYTES + CAPACITY);
      this.head = new Int32Array(shared, 0, HEADER_BYTES / 4);
      this.ring = new Uint8Array(shared, HEADER_BYTES, CAPACITY);
    }
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => {
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
    this.post({ type: 'open', url, shared });
  }

  /** Whether bytes can be read straight from shared memory (see take). */
  get shared(): boolean {
    return this.ring !== undefined;
  }

  send(data: string) {
    this.post({ type: 'send', data });
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
      this.post({ type: 'drained' });
    }
    return size > 0;
  }

  /** Gives up on a socket that does not open; the listener hears the close like any other. */
  abort() {
    this.post({ type: 'abort' });
  }

  /** Closes the socket politely because the page is done with it; the listener hears nothing more. */
  close() {
    if (!this.ended) {
      this.ended = true;
      this.post({ type: 'close', code: 1000 });
    }
  }

  private post(message: ToWorker) {
    this.worker.postMessage(message);
  }
}
