// The API's AdditionalInformation as the status line and the query details show it.
import { describe, expect, it } from 'vitest';
import { apiNotes } from '@/features/fetching/ui/api-notes';
import { pageData } from '../support/fixtures/rows';

const withNote = (page: number, note: string | null) =>
  pageData([], { page, additionalInformation: note });

describe('apiNotes', () => {
  it('keeps each distinct note once, in page order, as the API wrote it', () => {
    const notes = apiNotes([
      withNote(0, 'Los datos pueden estar incompletos…'),
      withNote(1, '<b>no es HTML</b>'),
      withNote(2, 'Los datos pueden estar incompletos…'),
    ]);
    expect(notes).toEqual(['Los datos pueden estar incompletos…', '<b>no es HTML</b>']);
  });

  it('finds a note on any page, past holes and pages without one', () => {
    expect(apiNotes([withNote(0, null), undefined, withNote(2, 'Sólo en la página 3')])).toEqual([
      'Sólo en la página 3',
    ]);
  });

  it('ignores empty and blank notes', () => {
    expect(apiNotes([withNote(0, ''), withNote(1, '   '), withNote(2, null)])).toEqual([]);
  });
});
