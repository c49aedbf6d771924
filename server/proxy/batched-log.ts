// The default request log: lines gathered during one turn of the event loop go out in one
// stdout write. A console.log per request is a synchronous write each (and console's
// formatting), a visible share of the proxy's CPU under load.

export function createBatchedLog(
  write: (text: string) => void = (text) => process.stdout.write(text),
): (line: string) => void {
  let pending: string[] = [];
  const flush = () => {
    const lines = pending;
    pending = [];
    write(`${lines.join('\n')}\n`);
  };
  return (line) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push(line);
  };
}
