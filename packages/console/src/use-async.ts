import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** Loads a value, again whenever `deps` change or `reload` is called; optionally every `pollMs`. */
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
    if (pollMs === undefined) return undefined;
    const timer = setTimeout(reload, pollMs);
    return () => clearTimeout(timer);
  }, [...deps, tick]);
  return { value, error, reload };
}
