/** A small in-memory Storage; `failing` makes every read and write throw (disabled storage). */
export class MemoryStorage implements Storage {
  readonly data = new Map<string, string>();
  constructor(private readonly failing = false) {}
  get length() {
    return this.data.size;
  }
  clear() {
    this.data.clear();
  }
  getItem(key: string) {
    if (this.failing) throw new DOMException('denied', 'SecurityError');
    return this.data.get(key) ?? null;
  }
  key(index: number) {
    return [...this.data.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
  setItem(key: string, value: string) {
    if (this.failing) throw new DOMException('full', 'QuotaExceededError');
    this.data.set(key, String(value));
  }
}
