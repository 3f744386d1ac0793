import type { Terminal } from '@xterm/xterm';

/**
 * The one place that reaches into xterm's private renderer (checked against @xterm/xterm 6.0.0). xterm draws on
 * its own animation frame; drawing what was just parsed from inside the current frame needs its render debouncer
 * (`_core._renderService._renderDebouncer`, with `_animationFrame` and `_innerRefresh`). DeploymentJourneyTest
 * checks this shape through the terminal's test probe, so a new xterm that changes it fails the build.
 */

interface RenderDebouncer {
  _animationFrame?: number;
  _innerRefresh(): void;
  refresh(start: number | undefined, end: number | undefined, rows: number): void;
}

function renderDebouncer(terminal: Terminal): RenderDebouncer | undefined {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const debouncer = (terminal as any)?._core?._renderService?._renderDebouncer;
  const frame = debouncer?._animationFrame;
  return debouncer && typeof debouncer._innerRefresh === 'function' && typeof debouncer.refresh === 'function'
    && (frame === undefined || typeof frame === 'number') ? debouncer : undefined;
}

/** Whether xterm's private render debouncer has the shape flushPendingRender relies on. */
export function renderFlushSupported(terminal: Terminal): boolean {
  return renderDebouncer(terminal) !== undefined;
}

/**
 * Draws the rows xterm has scheduled for its next animation frame now, and cancels that frame; returns whether
 * anything was drawn. With an unknown xterm it does nothing: what was parsed then just shows a frame later.
 */
export function flushPendingRender(terminal: Terminal): boolean {
  const debouncer = renderDebouncer(terminal);
  if (debouncer?._animationFrame === undefined) {
    return false;
  }
  cancelAnimationFrame(debouncer._animationFrame);
  debouncer._innerRefresh();
  return true;
}
