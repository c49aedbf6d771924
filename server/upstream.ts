// Builds the proxy's upstream from the configuration: Khipu (or any base URL) over the
// network, or the embedded simulator called in-process through the same proxy code.
import { NONCONFORMITIES_PATH } from '../src/contract/request';
import type { ServerConfig } from './config';
import type { Upstream } from './proxy';
import { createSimulator, type Simulator } from './simulator/app';

/** The fixed local credential the proxy presents to the embedded simulator. */
export const SIMULATOR_TOKEN = 'simulador-local';
const SIMULATOR_ORIGIN = 'http://simulator.invalid';

export interface UpstreamSetup {
  upstream: Upstream;
  /** Present when the upstream is the embedded simulator (tests reset it). */
  simulator?: Simulator;
}

export function createUpstream(config: ServerConfig): UpstreamSetup {
  const target = config.upstream;
  if (target.kind === 'khipu') {
    return {
      upstream: {
        url: `${target.baseUrl}${NONCONFORMITIES_PATH}`,
        auth: target.auth,
        fetch: (url, init) => fetch(url, init),
      },
    };
  }
  const simulator = createSimulator({ ...target.simulator, rutWithDv: config.rutWithDv });
  return {
    simulator,
    upstream: {
      url: `${SIMULATOR_ORIGIN}${NONCONFORMITIES_PATH}`,
      auth: { mode: 'jwt', token: SIMULATOR_TOKEN },
      fetch: (url, init) => Promise.resolve(simulator.app.fetch(new Request(url, init))),
    },
  };
}
