// What the embedded simulator was asked (its /api/__simulator/stats, with SIM_CONTROL=1):
// for tests against the built server, the requests the proxy billed.

/** The requests the simulator behind `server` has received so far. */
export async function billedRequests(server: { url: string }): Promise<number> {
  const stats = (await (await fetch(`${server.url}/api/__simulator/stats`)).json()) as {
    requests: number;
  };
  return stats.requests;
}
