// The amount filter reads Chilean numbers whatever the browser's language, says what it
// understood, and its chip shows pesos.
import { expect, type Page, test } from '@playwright/test';
import { summary } from './api-requests';

const SEED = '/?rut=76999999-K&desde=2019-11-14&hasta=2025-11-05';

const grid = (page: Page) => page.getByRole('grid', { name: 'Disconformidades' });

/** `$1.234.568` → 1234568. */
const amount = (shown: string) => Number(shown.replace(/[$.]/g, ''));

async function shownAmounts(page: Page): Promise<number[]> {
  const headers = await grid(page).getByRole('columnheader').allInnerTexts();
  const column = headers.findIndex((h) => h.startsWith('Monto neto'));
  const rows = grid(page).locator('[role="row"][aria-rowindex]:not([aria-rowindex="1"])');
  const cells = await rows.evaluateAll(
    (elements, i) =>
      elements.map((row) => row.querySelectorAll('[role="gridcell"]')[i]?.textContent ?? ''),
    column,
  );
  return cells.map(amount);
}

for (const locale of ['es-CL', 'en-US']) {
  test.describe(`with the browser in ${locale}`, () => {
    test.use({ locale });

    test('"Mínimo" and "Máximo" read 1.000.000 and $5.000.000, echo them, and the chip shows pesos', async ({
      page,
    }, testInfo) => {
      await page.goto(SEED);
      await expect(summary(page)).toContainText('4.575 casos');
      await page.getByRole('button', { name: 'Filtrar Monto neto' }).click();
      const filter = page.getByRole('dialog', { name: 'Filtro de Monto neto' });
      const low = filter.getByLabel('Mínimo');
      const high = filter.getByLabel('Máximo');
      await low.pressSequentially('1.000.000');
      await expect(low).toHaveValue('1.000.000');
      await expect(filter.getByText('= $1.000.000')).toBeVisible();
      await high.pressSequentially('$5.000.000');
      await expect(filter.getByText('= $5.000.000')).toBeVisible();
      await filter.screenshot({ path: testInfo.outputPath(`amount-filter-${locale}.png`) });
      await filter.getByRole('button', { name: 'Aplicar' }).click();

      await expect(page.getByRole('list', { name: 'Filtros activos' })).toContainText(
        'Monto neto: $1.000.000 a $5.000.000',
      );
      const filters = JSON.parse(new URL(page.url()).searchParams.get('filtros') ?? '{}');
      expect(filters).toEqual({ MontoNeto: { min: 1_000_000, max: 5_000_000 } });
      const amounts = await shownAmounts(page);
      expect(amounts.length).toBeGreaterThan(0);
      for (const value of amounts) {
        expect(value).toBeGreaterThanOrEqual(1_000_000);
        expect(value).toBeLessThanOrEqual(5_000_000);
      }
    });

    test('plain digits are read too, and what cannot be read is named and not applied', async ({
      page,
    }) => {
      await page.goto(SEED);
      await expect(summary(page)).toContainText('4.575 casos');
      await page.getByRole('button', { name: 'Filtrar Monto neto' }).click();
      const filter = page.getByRole('dialog', { name: 'Filtro de Monto neto' });
      const low = filter.getByLabel('Mínimo');
      await low.pressSequentially('1.00.0');
      await filter.getByRole('button', { name: 'Aplicar' }).click();
      await expect(filter.getByText('«1.00.0» no es un monto válido')).toBeVisible();
      await expect(low).toHaveAttribute('aria-invalid', 'true');
      await expect(low).toBeFocused();
      expect(new URL(page.url()).searchParams.get('filtros')).toBeNull();

      await low.fill('2000000');
      await expect(filter.getByText('= $2.000.000')).toBeVisible();
      await expect(low).not.toHaveAttribute('aria-invalid', 'true');
      await filter.getByRole('button', { name: 'Aplicar' }).click();
      await expect(page.getByRole('list', { name: 'Filtros activos' })).toContainText(
        'Monto neto: desde $2.000.000',
      );
      for (const value of await shownAmounts(page)) expect(value).toBeGreaterThanOrEqual(2_000_000);

      // Reopened, the field shows the amount as it would be typed.
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Filtrar Monto neto' }).click();
      await expect(page.getByLabel('Mínimo')).toHaveValue('2.000.000');
    });
  });
}
