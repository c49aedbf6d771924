// `node dist/server/simulator.js`: the CEN HUB simulator alone, over HTTP, as a stand-in
// for Khipu's API (the proxy's KHIPU_BASE_URL can point at it; the benchmark compares the
// proxy with it). Settings: SIM_HOST, SIM_PORT (default 127.0.0.1:8090) and the SIM_* of
// docs/operations.md.
import { serve } from '@hono/node-server';
import { createSimulator, simulatorOptionsFromEnv } from './simulator/app';

const host = process.env.SIM_HOST || '127.0.0.1';
const port = Number(process.env.SIM_PORT || 8090);
let options: ReturnType<typeof simulatorOptionsFromEnv>;
try {
  options = simulatorOptionsFromEnv(process.env);
} catch (error) {
  console.error(`Configuration error: ${(error as Error).message}`);
  process.exit(1);
}
const simulator = createSimulator(options);
serve({ fetch: simulator.app.fetch, hostname: host, port }, (info) => {
  console.log(`CEN HUB simulator listening on http://${host}:${info.port}`);
});
