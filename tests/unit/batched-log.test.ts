import { describe, expect, it } from 'vitest';
import { createBatchedLog } from '../../server/proxy/batched-log';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('createBatchedLog', () => {
  it('writes the lines of one event-loop turn in one write, each on its own line', async () => {
    const writes: string[] = [];
    const log = createBatchedLog((text) => writes.push(text));
    log('POST /api/a 200 1.0ms');
    log('POST /api/b 400 0.5ms');
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(['POST /api/a 200 1.0ms\nPOST /api/b 400 0.5ms\n']);
    log('GET /api/health 200 0.1ms');
    await nextTurn();
    expect(writes).toHaveLength(2);
    expect(writes[1]).toBe('GET /api/health 200 0.1ms\n');
  });
});
