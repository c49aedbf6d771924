// Which upstream the server talks to, so the user knows whether data is simulated.
import { queryOptions, useQuery } from '@tanstack/react-query';

export interface Health {
  status: 'ok';
  upstream: 'khipu' | 'simulator';
}

/** Two fields checked by hand: a schema library would weigh on the page's first load. */
function asHealth(body: unknown): Health {
  const { status, upstream } = (body ?? {}) as Record<string, unknown>;
  if (status !== 'ok' || (upstream !== 'khipu' && upstream !== 'simulator')) {
    throw new Error('La respuesta de /api/health no tiene la forma esperada.');
  }
  return { status, upstream };
}

export async function getHealth(signal?: AbortSignal): Promise<Health> {
  const response = await fetch('/api/health', { signal });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return asHealth(await response.json());
}

export const getHealthQueryOptions = () =>
  queryOptions({ queryKey: ['health'], queryFn: ({ signal }) => getHealth(signal) });

export const useHealth = () => useQuery(getHealthQueryOptions());
