import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACTIVITY_EVENTS, pingInterval, startIdleTimer, watchActivity } from './idle';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-11-16T09:00:00Z'));
});
afterEach(() => vi.useRealTimers());

function timer(idleMs = 5 * 60_000, pingEveryMs?: number) {
  const onIdle = vi.fn();
  const onActive = vi.fn();
  const t = startIdleTimer({ idleMs, onIdle, onActive, pingEveryMs });
  return { t, onIdle, onActive };
}

describe('startIdleTimer', () => {
  it('runs out after the idle time with no activity, once', () => {
    const { t, onIdle } = timer();
    vi.advanceTimersByTime(5 * 60_000 - 1);
    expect(onIdle).not.toHaveBeenCalled();
    expect(t.running).toBe(true);
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(t.running).toBe(false);
    vi.advanceTimersByTime(60 * 60_000);
    t.activity();
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('starts again from the last activity', () => {
    const { onIdle } = timer();
    const { t: t2, onIdle: onIdle2 } = timer();
    vi.advanceTimersByTime(4 * 60_000);
    t2.activity();
    vi.advanceTimersByTime(60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(onIdle2).not.toHaveBeenCalled();
    vi.advanceTimersByTime(4 * 60_000 - 1);
    expect(onIdle2).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle2).toHaveBeenCalledTimes(1);
  });

  it('tells the shell at most once every 30 seconds while someone is active', () => {
    const { t, onActive, onIdle } = timer();
    // A mouse moving every 100 ms for two minutes.
    for (let i = 0; i < 1200; i++) {
      vi.advanceTimersByTime(100);
      t.activity();
    }
    // At 30, 60, 90 and 120 s: never more often than the interval.
    expect(onActive).toHaveBeenCalledTimes(4);
    expect(onIdle).not.toHaveBeenCalled();
  });

  it('does not tell the shell when nobody is there', () => {
    const { onActive } = timer();
    vi.advanceTimersByTime(10 * 60_000);
    expect(onActive).not.toHaveBeenCalled();
  });

  it('pings soon enough for a short rehearsal lock time', () => {
    expect(pingInterval(5 * 60_000)).toBe(30_000);
    expect(pingInterval(30 * 60_000)).toBe(30_000);
    expect(pingInterval(4_000)).toBe(1_000);
    expect(pingInterval(100)).toBe(250);
    const { t, onActive, onIdle } = timer(4_000);
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(500);
      t.activity();
    }
    expect(onActive).toHaveBeenCalledTimes(10);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(4_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('stops without running out', () => {
    const { t, onIdle, onActive } = timer();
    t.stop();
    expect(t.running).toBe(false);
    vi.advanceTimersByTime(60 * 60_000);
    t.activity();
    expect(onIdle).not.toHaveBeenCalled();
    expect(onActive).not.toHaveBeenCalled();
  });

  it('counts time asleep as idle, even if the timeout has not fired yet', () => {
    const { t, onIdle, onActive } = timer();
    // The clock jumps (the PC slept) without the timer firing.
    vi.setSystemTime(Date.now() + 6 * 60_000);
    t.activity();
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(onActive).not.toHaveBeenCalled();
  });
});

describe('watchActivity', () => {
  it('follows every kind of activity until stopped', () => {
    const target = new EventTarget();
    const seen = vi.fn();
    const stop = watchActivity(target, seen);
    for (const name of ACTIVITY_EVENTS) target.dispatchEvent(new Event(name));
    expect(seen).toHaveBeenCalledTimes(ACTIVITY_EVENTS.length);
    expect(ACTIVITY_EVENTS).toEqual(expect.arrayContaining(['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart']));
    stop();
    target.dispatchEvent(new Event('keydown'));
    expect(seen).toHaveBeenCalledTimes(ACTIVITY_EVENTS.length);
  });
});
