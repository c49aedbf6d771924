// The API's AdditionalInformation of a search: it may say the data is incomplete, so the
// status line shows it beside the count, and the query details list it for support.
import type { PageData } from '@/features/rows/page-data';

/** Each distinct non-empty note of the pages read, as the API wrote it, in page order. */
export function apiNotes(pages: readonly (PageData | undefined)[]): string[] {
  const notes = new Set<string>();
  for (const page of pages) {
    const note = page?.additionalInformation;
    if (typeof note === 'string' && note.trim() !== '') notes.add(note);
  }
  return [...notes];
}
