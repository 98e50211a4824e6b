import { useCallback, useEffect, useState } from 'react';

import type { OperationError, Result } from '../../shared/contract';

import { formatRoute, parseRoute, type Route } from './router';

export type AsyncState<T> =
  { status: 'loading' } | { status: 'ok'; value: T } | { status: 'error'; error: OperationError };

/**
 * Runs `load` whenever `key` changes and tracks loading, value and error. A
 * stale answer (the key changed meanwhile) is dropped. `load` must not throw;
 * if it does, the exception becomes an error state.
 */
export function useResult<T>(
  key: string | null,
  load: () => Promise<Result<T>>,
): AsyncState<T> & { reload(): void } {
  const [state, setState] = useState<{ key: string | null; value: AsyncState<T> }>({
    key,
    value: { status: 'loading' },
  });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (key === null) return undefined;
    let current = true;
    setState({ key, value: { status: 'loading' } });
    load().then(
      (result) => {
        if (!current) return;
        setState({
          key,
          value: result.ok ? { status: 'ok', value: result.value } : { status: 'error', error: result.error },
        });
      },
      (error: unknown) => {
        if (!current) return;
        const message = error instanceof Error ? error.message : String(error);
        setState({ key, value: { status: 'error', error: { code: 'internal', message } } });
      },
    );
    return () => {
      current = false;
    };
    // `load` is keyed by `key`: a new key means a new load, so `load` itself is not a dependency.
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const value: AsyncState<T> = state.key === key ? state.value : { status: 'loading' };
  return { ...value, reload };
}

function currentRoute(): Route {
  return parseRoute(window.location.hash);
}

/** The route of the page's hash, kept up to date on `hashchange`. */
export function useHashRoute(): Route {
  const [route, setRoute] = useState<Route>(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    window.addEventListener('hashchange', update);
    update();
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

export function navigate(route: Route): void {
  const hash = formatRoute(route);
  if (window.location.hash !== hash) window.location.hash = hash;
}
