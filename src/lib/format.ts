// What people read: numbers, money and dates the Chilean way (es-CL).

const integerFormat = new Intl.NumberFormat('es-CL', { maximumFractionDigits: 0 });
const clpFormat = new Intl.NumberFormat('es-CL', {
  style: 'currency',
  currency: 'CLP',
  maximumFractionDigits: 0,
});

/** `4.575` */
export function formatInteger(value: number): string {
  return integerFormat.format(value);
}

/** `$1.234.568`; negative amounts as `-$1.234.568`. */
export function formatClp(value: number): string {
  // es-CL's own pattern puts the sign after the symbol (`$-1.234.568`): write it first.
  const text = clpFormat.format(Math.abs(value));
  return value < 0 && text !== clpFormat.format(0) ? `-${text}` : text;
}

/** `2019-11-14` or `2019-11-14T09:05` → `14-11-2019` or `14-11-2019 09:05`. */
export function formatIsoDate(value: string): string {
  const date = `${value.slice(8, 10)}-${value.slice(5, 7)}-${value.slice(0, 4)}`;
  return value.length > 10 ? `${date} ${value.slice(11, 16)}` : date;
}

/** "hace 12 min", "hace 3 h", "hace 2 días": the age of data. */
export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'hace menos de 1 min';
  if (minutes < 60) return `hace ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `hace ${hours} h`;
  const days = Math.floor(hours / 24);
  return `hace ${days} ${days === 1 ? 'día' : 'días'}`;
}

/** "1, 3 y 8" */
export function formatList(items: readonly (string | number)[]): string {
  const text = items.map(String);
  if (text.length <= 1) return text.join('');
  return `${text.slice(0, -1).join(', ')} y ${text[text.length - 1]}`;
}
