import { describe, expect, it } from 'vitest';
import { AnswerMemory } from '../../server/upstream/answer-memory';

describe('AnswerMemory', () => {
  it('cuts the answer holding the most once the answers together go past the bound', () => {
    const memory = new AnswerMemory(100);
    const cut: string[] = [];
    const small = memory.open(() => cut.push('small'));
    const large = memory.open(() => cut.push('large'));
    expect(small.take(30)).toBe(true);
    expect(large.take(60)).toBe(true);
    expect(memory.held).toBe(90);
    // The small one's bytes tip it over: the large one gives its bytes up.
    expect(small.take(20)).toBe(true);
    expect(cut).toEqual(['large']);
    expect(memory.held).toBe(50);
    expect(large.take(1)).toBe(false);
    expect(memory.held).toBe(50);
  });

  it('cuts the answer that tips it over when it holds the most, and gives back on release', () => {
    const memory = new AnswerMemory(100);
    const cut: string[] = [];
    const other = memory.open(() => cut.push('other'));
    const growing = memory.open(() => cut.push('growing'));
    other.take(40);
    expect(growing.take(70)).toBe(false);
    expect(cut).toEqual(['growing']);
    expect(memory.held).toBe(40);
    other.release();
    other.release();
    expect(memory.held).toBe(0);
    // One answer as large as the bound fits alone.
    expect(memory.open(() => cut.push('alone')).take(100)).toBe(true);
    expect(cut).toEqual(['growing']);
  });
});
