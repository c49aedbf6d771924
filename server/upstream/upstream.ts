// Builds the proxy's upstream from the configuration: Khipu (or any base URL) over the
// network, or the embedded simulator called in-process through the same proxy code.
import { NONCONFORMITIES_PATH } from '../../src/contract/paths';
import type { ServerConfig } from '../config';
import { createSimulator, SIMULATOR_CONTENT_TYPE, type Simulator } from '../simulator/app';
import { AnswerMemory } from './answer-memory';
import { createHttpPost } from './http-upstream';
import {
  type Upstream,
  type UpstreamReply,
  type UpstreamRequest,
  UpstreamTimeoutError,
} from './upstream-contract';

/** The fixed local credential the proxy presents to the embedded simulator. */
export const SIMULATOR_TOKEN = 'simulador-local';

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
        post: createHttpPost(
          `${target.baseUrl}${NONCONFORMITIES_PATH}`,
          new AnswerMemory(config.upstreamResponsesMemoryBytes),
        ),
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

/**
 * The simulator's answer without a network or web Request/Response objects (they cost more
 * CPU than the proxy's own work); its latency ends early on the timeout.
 */
function postInProcess(simulator: Simulator, request: UpstreamRequest): Promise<UpstreamReply> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), request.timeoutMs);
  return simulator.post(request.headers, request.body, deadline.signal).then(
    ({ status, bytes }) => {
      clearTimeout(timer);
      if (deadline.signal.aborted) throw new UpstreamTimeoutError(request.timeoutMs);
      return { status, contentType: SIMULATOR_CONTENT_TYPE, retryAfter: null, bytes };
    },
    (error: unknown) => {
      clearTimeout(timer);
      throw error;
    },
  );
}
