// Which upstream the server talks to, so the user knows whether data is simulated.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';

const healthSchema = z.object({
  status: z.literal('ok'),
  upstream: z.enum(['khipu', 'simulator']),
});

export type Health = z.infer<typeof healthSchema>;

export async function getHealth(signal?: AbortSignal): Promise<Health> {
  const response = await fetch('/api/health', { signal });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return healthSchema.parse(await response.json());
}

export const getHealthQueryOptions = () =>
  queryOptions({ queryKey: ['health'], queryFn: ({ signal }) => getHealth(signal) });

export const useHealth = () => useQuery(getHealthQueryOptions());
