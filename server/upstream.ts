// Builds the proxy's upstream from the configuration: Khipu (or any base URL) over the
// network, or the embedded simulator called in-process through the same proxy code.
import { NONCONFORMITIES_PATH } from '../src/contract/request';
import type { ServerConfig } from './config';
import { createHttpPost } from './http-upstream';
import { createSimulator, type Simulator } from './simulator/app';
import { type Upstream, type UpstreamRequest, UpstreamTimeoutError } from './upstream-contract';

/** The fixed local credential the proxy presents to the embedded simulator. */
export const SIMULATOR_TOKEN = 'simulador-local';
const SIMULATOR_URL = `http://simulator.invalid${NONCONFORMITIES_PATH}`;

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
        auth: target.auth,
        post: createHttpPost(`${target.baseUrl}${NONCONFORMITIES_PATH}`),
      },
    };
  }
  const simulator = createSimulator({ ...target.simulator, rutWithDv: config.rutWithDv });
  return {
    simulator,
    upstream: {
      auth: { mode: 'jwt', token: SIMULATOR_TOKEN },
      post: (request) => postInProcess(simulator, request),
    },
  };
}

/** The simulator's answer without a network; its latency ends early on the timeout. */
async function postInProcess(simulator: Simulator, request: UpstreamRequest) {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), request.timeoutMs);
  try {
    const response = await simulator.app.fetch(
      new Request(SIMULATOR_URL, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: deadline.signal,
      }),
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    if (deadline.signal.aborted) throw new UpstreamTimeoutError(request.timeoutMs);
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? undefined,
      retryAfter: response.headers.get('retry-after'),
      bytes,
    };
  } finally {
    clearTimeout(timer);
  }
}
