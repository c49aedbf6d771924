// The search form as a user fills it, for the end-to-end tests and the benchmark.
import type { Page } from '@playwright/test';

/** After a search the form is folded to one line: "Cambiar" opens it again. */
export async function unfoldSearchForm(page: Page) {
  const change = page
    .getByRole('region', { name: 'Búsqueda', exact: true })
    .getByRole('button', { name: 'Cambiar' });
  if (await change.isVisible()) await change.click();
}

/** Types a debtor RUT and the creation dates (YYYY-MM-DD) into the form. */
export async function fillSearchForm(page: Page, rut: string, from: string, to: string) {
  await unfoldSearchForm(page);
  await page.getByLabel('RUT deudor').fill(rut);
  await page.getByLabel('Desde').fill(from);
  await page.getByLabel('Hasta').fill(to);
}

/** Fills the form and presses "Buscar". */
export async function search(page: Page, rut: string, from: string, to: string) {
  await fillSearchForm(page, rut, from, to);
  await page.getByRole('button', { name: 'Buscar' }).click();
}
