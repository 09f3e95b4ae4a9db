import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** Loads a value, again whenever `deps` change or `reload` is called, and `pollMs` after each answer while it is set. */
export function useAsync<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  pollMs?: number,
): { value: T | undefined; error: unknown; reload: () => void } {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    const call = ++latest.current;
    load().then(
      (loaded) => {
        if (call !== latest.current) return;
        setValue(loaded);
        setError(undefined);
      },
      (failure: unknown) => {
        if (call === latest.current) setError(failure);
      },
    );
  }, [...deps, tick]);
  // Polling: the next load is due `pollMs` after the last one answered, while `pollMs` is set.
  useEffect(() => {
    if (pollMs === undefined) return undefined;
    const timer = setTimeout(reload, pollMs);
    return () => clearTimeout(timer);
  }, [pollMs, value, error]);
  return { value, error, reload };
}
