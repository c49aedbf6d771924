import { describe, expect, it } from 'vitest';
import { CheckSlots } from '../../server/check-slots';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('CheckSlots', () => {
  it('lets suspect clients hold only their share: a slot stays free for the others', () => {
    const slots = new CheckSlots(2, 1, 8);
    expect(slots.acquire(true)).toBeUndefined();
    expect(slots.acquire(true)).toBeInstanceOf(Promise);
    expect(slots.active).toBe(1);
    expect(slots.acquire(false)).toBeUndefined();
    expect(slots.active).toBe(2);
  });

  it('serves clean waiters before suspect ones, and suspect ones within their share', async () => {
    const slots = new CheckSlots(2, 1, 8);
    slots.acquire(false);
    slots.acquire(false);
    const started: string[] = [];
    (slots.acquire(true) as Promise<void>).then(() => started.push('suspect 1'));
    (slots.acquire(true) as Promise<void>).then(() => started.push('suspect 2'));
    (slots.acquire(false) as Promise<void>).then(() => started.push('clean'));
    slots.release(false);
    await settle();
    expect(started).toEqual(['clean']);
    slots.release(false);
    await settle();
    expect(started).toEqual(['clean', 'suspect 1']);
    // Two running: the clean one and suspect 1; suspect 2 waits for suspect 1.
    slots.release(false);
    await settle();
    expect(started).toEqual(['clean', 'suspect 1']);
    slots.release(true);
    await settle();
    expect(started).toEqual(['clean', 'suspect 1', 'suspect 2']);
    slots.release(true);
    expect(slots.active).toBe(0);
  });

  it('refuses past the queue limit, per kind', () => {
    const slots = new CheckSlots(2, 1, 1);
    slots.acquire(true);
    slots.acquire(false);
    expect(slots.acquire(true)).toBeInstanceOf(Promise);
    expect(slots.acquire(true)).toBe(false);
    expect(slots.acquire(false)).toBeInstanceOf(Promise);
    expect(slots.acquire(false)).toBe(false);
  });

  it('cannot be made to give every slot to suspects', () => {
    expect(() => new CheckSlots(2, 2, 1)).toThrow(/leave a slot/);
  });
});
