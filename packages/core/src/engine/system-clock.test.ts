import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from './system-clock.js';

describe('systemClock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2024-01-01T00:00:00.000Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads the system time', () => {
    expect(systemClock.now()).toEqual(new Date('2024-01-01T00:00:00.000Z'));
  });

  it('fires a timer once its time has passed, even beyond Node’s 24.8-day timer limit', () => {
    const fire = vi.fn();
    systemClock.setTimer(new Date('2024-03-01T00:00:00.000Z'), fire);
    vi.advanceTimersByTime(30 * 24 * 60 * 60 * 1000);
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(30 * 24 * 60 * 60 * 1000);
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it('never fires a cancelled timer', () => {
    const fire = vi.fn();
    const cancel = systemClock.setTimer(new Date('2024-01-01T00:00:01.000Z'), fire);
    cancel();
    vi.advanceTimersByTime(5000);
    expect(fire).not.toHaveBeenCalled();
  });
});
