#!/usr/bin/env node
// `npm run load [-- --quick]`: the production server on the simulator, 200 concurrent
// clients for 30 s on loopback. Every request must be answered with data or with the
// designed 429 (quota guard), never a 5xx or a reset connection; the server's memory is
// sampled each second and must stay flat. Prints a table; a full run writes
// bench/load-results.json and the load figures of docs/performance.md.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import {
  loadTable,
  MEMORY_GROWTH_LIMIT_MB,
  PERFORMANCE_DOC,
  replaceFigures,
} from './figures-table.mjs';

const QUICK = process.argv.includes('--quick');
const CLIENTS = 200;
const DURATION_MS = QUICK ? 5_000 : 30_000;
// The API path's one definition is TypeScript, which Node 20 does not run: read it there.
const API = (() => {
  const source = readFileSync(new URL('../src/contract/paths.ts', import.meta.url), 'utf8');
  const path = source.match(/NONCONFORMITIES_PATH = '([^']+)'/)?.[1];
  if (!path) throw new Error('src/contract/paths.ts no longer defines NONCONFORMITIES_PATH');
  return `/api${path}`;
})();

const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

const port = await freePort();
const server = spawn(process.execPath, ['dist/server/main.js'], {
  env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port) },
  stdio: ['ignore', 'ignore', 'inherit'],
});
for (let i = 0; ; i++) {
  if (i > 100) throw new Error('the server did not start');
  try {
    if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
  } catch {
    // not listening yet
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}

/** Resident memory of the server process, MB (Linux). */
const rssMb = () => {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};

// One keep-alive connection per client, as 200 browsers (or scripts) would hold.
const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
const counts = new Map();
const latencies = { data: [], limited: [] };
let resets = 0;
let sequence = 0;

/** Half the requests repeat the seed's pages (the cache answers), half are new (billed). */
function nextBody() {
  const n = sequence++;
  const repeat = n % 2 === 0;
  const year = 2000 + (n % 20);
  return JSON.stringify({
    RequestData: repeat
      ? {
          FechaCreacionDelCasoDesde: '11/14/2019',
          FechaCreacionDelCasoHasta: '11/05/2025',
          RutDeudor: '76999999',
          Filas: '200',
          Paginas: String(n % 23),
        }
      : {
          FechaCreacionDelCasoDesde: `01/01/${year}`,
          FechaCreacionDelCasoHasta: `12/31/${year}`,
          RutDeudor: String(70_000_000 + (n % 997)),
          Filas: '50',
          Paginas: String(n % 5),
        },
  });
}

function once() {
  const body = nextBody();
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: API,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const ms = performance.now() - started;
          counts.set(res.statusCode, (counts.get(res.statusCode) ?? 0) + 1);
          if (res.statusCode === 200) latencies.data.push(ms);
          else if (res.statusCode === 429) latencies.limited.push(ms);
          resolve();
        });
        res.on('error', () => {
          resets++;
          resolve();
        });
      },
    );
    req.on('error', () => {
      resets++;
      resolve();
    });
    req.end(body);
  });
}

const memory = [];
const sampler = setInterval(() => memory.push(rssMb()), 1000);
const end = Date.now() + DURATION_MS;
await Promise.all(
  Array.from({ length: CLIENTS }, async () => {
    while (Date.now() < end) await once();
  }),
);
clearInterval(sampler);
server.kill('SIGTERM');
agent.destroy();

const percentile = (values, p) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const total = [...counts.values()].reduce((a, b) => a + b, 0);
const serverErrors = [...counts].filter(([status]) => status >= 500).reduce((a, [, n]) => a + n, 0);
const unexpected = [...counts].filter(
  ([status]) => status !== 200 && status !== 429 && status < 500,
);
// Flat means: once warm (caches, JIT, pools filled in the first third), no growth.
const third = Math.max(1, Math.floor(memory.length / 3));
const early = memory.slice(third, 2 * third);
const late = memory.slice(-third);
const mean = (values) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const growth = mean(late) - mean(early);
const results = {
  date: new Date().toISOString(),
  clients: CLIENTS,
  seconds: DURATION_MS / 1000,
  requests: total,
  perSecond: Math.round(total / (DURATION_MS / 1000)),
  statuses: Object.fromEntries(counts),
  resets,
  serverErrors,
  dataP50Ms: Math.round(percentile(latencies.data, 50)),
  dataP99Ms: Math.round(percentile(latencies.data, 99)),
  limitedP50Ms: Math.round(percentile(latencies.limited, 50)),
  rssMiddleThirdMb: Math.round(mean(early)),
  rssLastThirdMb: Math.round(mean(late)),
  rssMaxMb: Math.round(Math.max(...memory)),
  rssSamplesMb: memory.map((mb) => Math.round(mb)).join(' '),
};
// Data must have been served: a run of nothing but 429s (or of nothing) proves nothing.
const pass =
  (counts.get(200) ?? 0) > 0 &&
  resets === 0 &&
  serverErrors === 0 &&
  unexpected.length === 0 &&
  growth < MEMORY_GROWTH_LIMIT_MB;
console.table(results);
console.log(
  pass ? 'load: ok' : 'load: FAILED (a 5xx, a reset, an unexpected status or memory growth)',
);
if (!QUICK) {
  writeFileSync('bench/load-results.json', `${JSON.stringify({ ...results, pass }, null, 2)}\n`);
  const document = readFileSync(PERFORMANCE_DOC, 'utf8');
  writeFileSync(PERFORMANCE_DOC, replaceFigures(document, 'load', loadTable(results)));
}
process.exit(pass ? 0 : 1);
