/** Whether a Content-Type names JSON: `application/json` or a `+json` type, with parameters. */
export function isJsonContentType(value: string | undefined): boolean {
  return value !== undefined && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(value.trim());
}
