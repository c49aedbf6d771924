// The port of the server the end-to-end tests start.
import { execFileSync } from 'node:child_process';

/**
 * A port the OS says is free, unless E2E_PORT names one. It is written back to the
 * environment because Playwright loads its config again in each worker, which inherits it.
 */
export function e2ePort(): number {
  if (!process.env.E2E_PORT) {
    const probe =
      "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
    process.env.E2E_PORT = execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  }
  return Number(process.env.E2E_PORT);
}
