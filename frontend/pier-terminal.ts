import { LitElement, css, html, unsafeCSS } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import xtermCss from '@xterm/xterm/css/xterm.css?inline';
import { TerminalLink } from './terminal-link';
import { flushPendingRender, renderFlushSupported } from './xterm-internals';

/**
 * An xterm.js pane: log and event streams (read-only) and shells. Text is written as terminal data, so ANSI colours
 * are kept and nothing is ever interpreted as HTML. It fits its container and reports size and typed data upward.
 */
@customElement('pier-terminal')
export class PierTerminal extends LitElement {
  static styles = [
    unsafeCSS(xtermCss),
    css`
      :host { display: block; position: relative; height: 100%; min-height: 16em; background: #1e1e1e;
        border-radius: var(--lumo-border-radius-m); }
      #screen { position: absolute; inset: 4px; }
    `,
  ];

  @property({ type: Boolean, attribute: 'read-only' }) readOnly = false;
  @property({ type: Number }) scrollback = 50000;
  @property({ type: Number, attribute: 'font-size' }) fontSize = 13;
  /** Stick to the bottom as lines arrive; off keeps the view where the reader left it. */
  @property({ type: Boolean }) follow = true;
  /** Path (relative to the page's base) of the console's terminal socket; empty: typed data goes as events. */
  @property({ type: String }) socket = '';

  private terminal?: Terminal;
  private readonly fit = new FitAddon();
  private readonly search = new SearchAddon();
  /** The last search's active match (0-based, -1 none) and matches in all (capped by the addon at 1,000). */
  private searchResult = { resultIndex: -1, resultCount: 0 };
  private resizeObserver?: ResizeObserver;
  private pending: string[] = [];
  private link?: TerminalLink;
  private echoWatch = 0;
  private wsState: 'none' | 'connecting' | 'open' | 'closed' = 'none';
  private parsedLines = 0;
  private reconnects = 0;

  render() {
    return html`<div id="screen"></div>`;
  }

  firstUpdated() {
    this.terminal = new Terminal({
      convertEol: true,
      scrollback: this.scrollback,
      disableStdin: this.readOnly,
      cursorBlink: !this.readOnly,
      fontSize: this.fontSize,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      // The search addon's match highlighting and result count (Find's "3 of 17") use xterm's proposed API.
      allowProposedApi: true,
    });
    this.terminal.loadAddon(this.fit);
    this.terminal.loadAddon(this.search);
    this.search.onDidChangeResults((result) => {
      this.searchResult = result;
    });
    this.terminal.open(this.renderRoot.querySelector('#screen') as HTMLElement);
    this.refit();
    this.resizeObserver = new ResizeObserver(() => this.refit());
    this.resizeObserver.observe(this);
    this.terminal.onData((data) => this.typed(data));
    this.terminal.attachCustomKeyEventHandler((event) => this.clipboardKeys(event));
    this.pending.forEach((text) => this.write(text));
    this.pending = [];
  }

  updated(changed: Map<string, unknown>) {
    if (changed.has('socket')) {
      this.connect();
    }
    if (changed.has('scrollback') && this.terminal) {
      this.terminal.options.scrollback = this.scrollback;
    }
    if (changed.has('fontSize') && this.terminal) {
      this.terminal.options.fontSize = this.fontSize;
      this.refit();
    }
  }

  connectedCallback() {
    super.connectedCallback();
    if (this.hasUpdated) {
      // Vaadin moves panes around the page (a tab's content mounts behind its fallback): every time the pane comes
      // back it watches its size again, or it would keep the size it had when it was first moved.
      this.resizeObserver?.observe(this);
      this.refit();
      if (this.socket && !this.link) {
        this.connect();
      }
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.disconnect();
  }

  /** Appends terminal data (the server batches lines into few calls). */
  write(text: string) {
    if (this.terminal) {
      let lines = 0;
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
        lines++;
      }
      const top = this.terminal.buffer.active.viewportY;
      this.terminal.write(text, () => {
        this.parsedLines += lines;
        if (this.follow) {
          this.terminal?.scrollToBottom();
        } else {
          this.terminal?.scrollToLine(top);
        }
      });
    } else {
      this.pending.push(text);
    }
  }

  /**
   * Ctrl+Shift+C copies the selection and Ctrl+Shift+V pastes (Ctrl+C stays the interrupt key in a shell); in a
   * read-only pane Ctrl+C copies too. The context menu's paste works through xterm as well.
   */
  private clipboardKeys(event: KeyboardEvent): boolean {
    if (event.type !== 'keydown' || !this.terminal) {
      return true;
    }
    const key = event.key.toLowerCase();
    const copy = key === 'c' && event.ctrlKey && (event.shiftKey || this.readOnly);
    if (copy && this.terminal.hasSelection()) {
      event.preventDefault();
      navigator.clipboard?.writeText(this.terminal.getSelection());
      return false;
    }
    if (key === 'v' && event.ctrlKey && event.shiftKey) {
      // The browser's own paste follows (no clipboard permission needed) and reaches the shell through xterm;
      // xterm only has to stay out of it rather than send ^V.
      return false;
    }
    return true;
  }

  /** Typed data goes over the terminal socket when it is open, otherwise as a server event (the fallback). */
  private typed(data: string) {
    if (this.link && this.wsState === 'open') {
      this.link.send(data);
      this.watchForEcho();
    } else {
      this.dispatchEvent(new CustomEvent('terminal-data', { detail: { data } }));
    }
  }

  /**
   * Looks for the echo in the next few animation frames: the shared ring is read before the frame is painted, while
   * the worker's message saying the bytes are there would only be handled after it (see terminal-link.ts).
   */
  private watchForEcho() {
    if (this.echoWatch || !this.link?.shared) {
      return;
    }
    let frames = 0;
    const look = () => {
      this.echoWatch = 0;
      if (frames === 0 && this.link) {
        // The echo is usually on its way (a few ms on loopback): waiting up to 8 ms here shows it in this frame,
        // where missing it costs a whole frame (16.7 ms at 60 Hz). Only the first frame after a keystroke waits.
        const deadline = performance.now() + 8;
        while (!this.link.hasBytes() && performance.now() < deadline) {
          // spin: the main thread cannot block, and the bytes are written by the worker's thread
        }
      }
      if (this.link?.take()) {
        this.renderNow();
      } else if (++frames < 4) {
        this.echoWatch = requestAnimationFrame(look);
      }
    };
    this.echoWatch = requestAnimationFrame(look);
  }

  /**
   * xterm draws on its own animation frame, which from inside this one is the next frame; draw what was just parsed
   * now so it is painted in this one (see xterm-internals.ts; with an unknown xterm the echo shows a frame later).
   */
  private renderNow() {
    if (this.terminal) {
      flushPendingRender(this.terminal);
    }
  }

  private connect() {
    this.disconnect();
    if (!this.socket) {
      return;
    }
    const url = new URL(this.socket, document.baseURI);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const link: TerminalLink = new TerminalLink(url.href, {
      opened: () => { this.wsState = 'open'; this.reconnects = 0; },
      received: (bytes) => this.terminal?.write(bytes),
      closed: (code) => this.linkClosed(link, code),
    });
    this.link = link;
    this.wsState = 'connecting';
    // A proxy that holds the upgrade open must not leave the terminal waiting: give up and use the fallback.
    setTimeout(() => {
      if (this.link === link && this.wsState === 'connecting') {
        link.abort();
      }
    }, 4000);
  }

  private linkClosed(link: TerminalLink, code: number) {
    if (this.link !== link) {
      return;
    }
    this.wsState = 'closed';
    this.link = undefined;
    if (code !== 1000) {
      // The server switches to the Vaadin path too; this covers a socket that never opened. A few tries later the
      // socket may be back (a proxy restart, a network blip): the server takes it again for the same terminal.
      this.dispatchEvent(new CustomEvent('terminal-socket-closed', { detail: { code } }));
      if (this.reconnects < 3) {
        const delay = 1000 * 2 ** this.reconnects++;
        const path = this.socket;
        setTimeout(() => {
          if (this.isConnected && !this.link && this.socket === path) {
            this.connect();
          }
        }, delay);
      }
    }
  }

  private disconnect() {
    const link = this.link;
    this.link = undefined;
    link?.close();
    if (this.echoWatch) {
      cancelAnimationFrame(this.echoWatch);
      this.echoWatch = 0;
    }
    this.wsState = 'none';
  }

  clear() {
    this.terminal?.clear();
  }

  /**
   * Selects the next (or, backwards, the previous) match in the scrollback and highlights every match; returns the
   * active match's number (from 1) and the number of matches, 0 and 0 when there is none, or the error of a pattern
   * that is not a valid regular expression.
   */
  find(text: string, caseSensitive = false, regex = false, backwards = false): FindResult {
    if (!this.terminal || !text) {
      this.search.clearDecorations();
      this.terminal?.clearSelection();
      return { index: 0, count: 0, error: '' };
    }
    if (regex) {
      try {
        new RegExp(text);
      } catch (e) {
        return { index: 0, count: 0, error: e instanceof Error ? e.message : String(e) };
      }
    }
    this.searchResult = { resultIndex: -1, resultCount: 0 };
    const options = {
      caseSensitive,
      regex,
      decorations: {
        matchBackground: '#5c4a00',
        activeMatchBackground: '#c78a00',
        matchOverviewRuler: '#a08000',
        activeMatchColorOverviewRuler: '#ffb000',
      },
    };
    const found = backwards ? this.search.findPrevious(text, options) : this.search.findNext(text, options);
    if (!found) {
      return { index: 0, count: 0, error: '' };
    }
    return {
      index: this.searchResult.resultIndex + 1,
      count: Math.max(this.searchResult.resultCount, 1),
      error: '',
    };
  }

  /**
   * The test and benchmark API, read by the Playwright tests and BrowserBenchmark through page.evaluate
   * (`el.testProbe.visibleText()`); production code does not use it.
   */
  get testProbe(): PierTerminalTestProbe {
    return {
      socketState: () => this.wsState,
      sharedMemory: () => this.link?.shared ?? false,
      linesParsed: () => this.parsedLines,
      rowCount: () => this.terminal?.rows ?? 0,
      visibleText: () => this.bufferText(),
      renderFlushCheck: () => this.renderFlushCheck(),
    };
  }

  private bufferText(): string {
    if (!this.terminal) {
      return this.pending.join('');
    }
    const buffer = this.terminal.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) {
      lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    }
    return lines.join('\n');
  }

  /** Schedules a redraw of the rows on screen and flushes it the way renderNow does. */
  private renderFlushCheck(): string {
    const terminal = this.terminal;
    if (!terminal) {
      return 'no terminal yet';
    }
    if (!renderFlushSupported(terminal)) {
      return 'no _core._renderService._renderDebouncer with _innerRefresh, refresh, unset or numeric _animationFrame';
    }
    terminal.refresh(0, terminal.rows - 1);
    return flushPendingRender(terminal) ? 'ok' : 'a refresh left no _animationFrame for flushPendingRender to take';
  }

  private refit() {
    if (!this.terminal || this.clientWidth === 0 || this.clientHeight === 0) {
      return;
    }
    this.fit.fit();
    const size = { cols: this.terminal.cols, rows: this.terminal.rows };
    this.dispatchEvent(new CustomEvent('terminal-resize', { detail: size }));
  }
}

/** What a find reports: the active match (from 1) of how many, or why the pattern is not valid. */
export interface FindResult {
  index: number;
  count: number;
  error: string;
}

/** See PierTerminal.testProbe: for tests and benchmarks only. */
export interface PierTerminalTestProbe {
  /** State of the terminal socket: none, connecting, open or closed. */
  socketState(): string;
  /** Whether the terminal socket's bytes come through shared memory (see terminal-link.ts). */
  sharedMemory(): boolean;
  /** Lines xterm has parsed so far (the log benchmark). */
  linesParsed(): number;
  /** Rows the terminal shows now (depends on its height and font size). */
  rowCount(): number;
  /** The text of the whole buffer (scrollback and screen), or what waits to be written before the terminal opens. */
  visibleText(): string;
  /**
   * 'ok' when flushPendingRender (xterm-internals.ts) still works with this xterm, otherwise what is missing:
   * a new xterm changed its private renderer and renderNow must be revisited.
   */
  renderFlushCheck(): string;
}
