// A strict RFC 4180 reader for the CSV tests, written independently of the writer.

/**
 * A small, strict RFC 4180 reader (the test's own, independent of the writer): quoted
 * fields with doubled quotes and embedded separators or line breaks, CRLF record ends.
 * Throws on anything a well-formed file cannot hold.
 */
export function parseCsv(text: string, separator: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return records;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) throw new Error('unterminated quoted field');
        const ch = text[i] as string;
        if (ch === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else {
          field += ch;
          i++;
        }
      }
    } else {
      while (i < n && text[i] !== separator && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote in an unquoted field at ${i}`);
        field += text[i];
        i++;
      }
    }
    record.push(field);
    if (i >= n) throw new Error('the last record has no CRLF');
    if (text[i] === separator) {
      i++;
      continue;
    }
    if (text[i] === '\r' && text[i + 1] === '\n') {
      records.push(record);
      record = [];
      i += 2;
      if (i >= n) return records;
      continue;
    }
    throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
}
