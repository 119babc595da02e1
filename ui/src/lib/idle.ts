// The screen's idle timer: the app locks itself after `lock_seconds` without a key press, click,
// mouse move, wheel or touch. Activity also tells the shell the person is still there (its own
// timer locks every command after the same time), at most once per `pingEveryMs`.
// No Svelte and no shell calls here, so it is tested with fake timers (idle.test.ts).

/** The events that count as someone at the keyboard. */
export const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart', 'touchmove'] as const;

/** The longest gap between "still here" calls while someone is active. */
export const PING_EVERY_MS = 30_000;

/**
 * How often to tell the shell: every 30 seconds, or more often when the lock time is short
 * (rehearsals set a few seconds), so that the shell never locks someone who is active.
 * The shell may lock up to this long before the screen would, never after.
 */
export function pingInterval(idleMs: number): number {
  return Math.max(250, Math.min(PING_EVERY_MS, Math.floor(idleMs / 4)));
}

export interface IdleOptions {
  /** How long without activity before `onIdle`. */
  idleMs: number;
  /** Called once when the time runs out; the timer then stops. */
  onIdle: () => void;
  /** Called on activity, at most once per `pingEveryMs` (default: pingInterval(idleMs)). */
  onActive: () => void;
  pingEveryMs?: number;
  /** The clock (tests use fake timers, which also move Date.now). */
  now?: () => number;
}

export interface IdleTimer {
  /** Someone pressed a key, clicked, moved the mouse, scrolled or touched the screen. */
  activity(): void;
  /** Stops the timer without calling `onIdle` (on lock or log-out). */
  stop(): void;
  /** True until `onIdle` has been called or `stop()`. */
  readonly running: boolean;
}

/**
 * Starts counting from now. One timeout at a time: activity only notes the time, and when the
 * timeout fires it is set again for what is left, so a moving mouse costs nothing. Checking the
 * clock when it fires also covers a PC that slept: the time asleep counts as idle.
 */
export function startIdleTimer(options: IdleOptions): IdleTimer {
  const now = options.now ?? (() => Date.now());
  const pingEvery = options.pingEveryMs ?? pingInterval(options.idleMs);
  const started = now();
  let lastActivity = started;
  // The log-in that started this timer was itself a call, so the shell has just seen the person.
  let lastPing = started;
  let running = true;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function schedule(ms: number) {
    clearTimeout(timer);
    timer = setTimeout(check, Math.max(0, ms));
  }

  function check() {
    if (!running) return;
    const left = lastActivity + options.idleMs - now();
    if (left > 0) {
      schedule(left);
      return;
    }
    running = false;
    clearTimeout(timer);
    options.onIdle();
  }

  schedule(options.idleMs);

  return {
    activity() {
      if (!running) return;
      const t = now();
      // Asleep past the lock time: the next event must not count as having been here.
      if (t - lastActivity >= options.idleMs) {
        check();
        return;
      }
      lastActivity = t;
      if (t - lastPing >= pingEvery) {
        lastPing = t;
        options.onActive();
      }
    },
    stop() {
      running = false;
      clearTimeout(timer);
    },
    get running() {
      return running;
    },
  };
}

/**
 * Follows activity on `target` (the window) with passive listeners; returns the function
 * that stops following.
 */
export function watchActivity(target: EventTarget, onActivity: () => void): () => void {
  const options: AddEventListenerOptions = { capture: true, passive: true };
  for (const name of ACTIVITY_EVENTS) target.addEventListener(name, onActivity, options);
  return () => {
    for (const name of ACTIVITY_EVENTS) target.removeEventListener(name, onActivity, options);
  };
}
