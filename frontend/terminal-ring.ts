/**
 * What the terminal page and its socket worker share (terminal-link.ts, terminal-worker.ts): the layout of the ring
 * of shared memory the worker fills and the page drains, and the messages between the two.
 */

export const CAPACITY = 1 << 20; // bytes of the ring; a power of two so counters wrap with a mask
export const HEADER_BYTES = 16; // the ring's header: four Int32 slots ahead of the bytes
export const WRITTEN = 0; // Int32 slots of the header
export const READ = 1;
export const WAITING = 2; // set by the worker when bytes wait in its own queue for room in the ring

/** Page to worker. */
export type ToWorker =
  | { type: 'open'; url: string; shared?: SharedArrayBuffer }
  | { type: 'send'; data: string }
  | { type: 'drained' }
  | { type: 'abort' }
  | { type: 'close'; code: number };

/** Worker to page; data without bytes means "look in the ring". */
export type FromWorker =
  | { type: 'open' }
  | { type: 'data'; bytes?: ArrayBuffer }
  | { type: 'closed'; code: number };
