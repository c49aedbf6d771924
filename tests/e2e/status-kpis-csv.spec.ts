// Issue 16, points 1, 2, 5 (KPIs), 7 (KPIs), 9 and 10: the API's notes beside the count,
// partial figures marked, KPI cards on a phone, the cost of a search, CSV dates.
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { parseCsv } from '../support/fixtures/csv';
import { failureEnvelope } from '../support/fixtures/pages';
import { API, recordApiRequests, summary } from './api-requests';

const SEED = '/?rut=76999999-K&desde=2019-11-14&hasta=2025-11-05';
const SHOTS = 'test-results/status';
const kpis = (page: Page) => page.getByTestId('kpis');
const kpiValues = (page: Page) => kpis(page).getByTestId('kpi-value');
/** axe's serious and critical findings in the state shown (within `include`, if given). */
async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const results = await (include ? builder.include(include) : builder).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

const filasOf = (requests: ReturnType<typeof recordApiRequests>) =>
  requests.map((r) => String(r.postDataJSON().RequestData.Filas));

test.describe("point 1: the API's AdditionalInformation", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('shows beside the count as a warning, and again after a reload from the cache', async ({
    page,
  }) => {
    await page.goto('/?rut=93000000&desde=2024-01-01&hasta=2025-11-05');
    await expect(summary(page)).toBeVisible();
    const note = summary(page).getByTestId('api-notes');
    await expect(note).toBeVisible();
    await expect(note).toContainText('Los datos pueden estar incompletos');
    // Beside the count, within the status the screen reader is told, not in the closed details.
    await expect(summary(page)).toHaveAttribute('role', 'status');
    const count = await summary(page).locator('strong').first().boundingBox();
    const box = await note.boundingBox();
    expect(box && count && box.y < count.y + 60).toBe(true);
    await page.screenshot({ path: `${SHOTS}/p1-api-notes-1440.png` });

    const requests = recordApiRequests(page);
    await page.reload();
    await expect(summary(page).getByTestId('api-notes')).toContainText(
      'Los datos pueden estar incompletos',
    );
    expect(requests).toHaveLength(0);
  });
});

test.describe('point 2: partial figures', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('after "Cancelar", every KPI says "parcial: read de total"', async ({ page }) => {
    await page.route(`**${API}`, async (route) => {
      const pageIndex = route.request().postDataJSON().RequestData.Paginas;
      if (Number(pageIndex) >= 4) await new Promise((resolve) => setTimeout(resolve, 5000));
      await route.continue().catch(() => undefined);
    });
    await page.goto(`${SEED}&conc=1`);
    await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /^[1-9]/);
    await page.getByRole('button', { name: 'Cancelar' }).click();
    const outcome = page.getByText(/Búsqueda cancelada: se leyeron ([\d.]+) de 4\.575 casos/);
    await expect(outcome).toBeVisible();
    const read = /leyeron ([\d.]+) de/.exec((await outcome.textContent()) ?? '')?.[1];
    const marks = kpis(page).getByTestId('kpi-partial');
    await expect(marks).toHaveCount(4);
    for (const mark of await marks.all())
      await expect(mark).toHaveText(`parcial: ${read} de 4.575`);
    await page.screenshot({ path: `${SHOTS}/p2-partial-1280.png` });
    expect(await seriousViolations(page)).toEqual([]);
  });
});

test.describe('point 5: KPI cards on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('stack within the viewport, none overlapping, long amounts inside their card', async ({
    page,
  }) => {
    await page.goto(SEED);
    await expect(summary(page)).toContainText('4.575 casos');
    await expect(kpiValues(page).first()).toHaveText('4.575');
    const cards = await kpis(page)
      .locator(':scope > div')
      .evaluateAll((elements) =>
        elements.map((card) => {
          const box = card.getBoundingClientRect();
          const value = card.querySelector('[data-testid="kpi-value"]') as HTMLElement;
          const valueBox = value.getBoundingClientRect();
          return {
            top: box.top,
            bottom: box.bottom,
            left: box.left,
            right: box.right,
            valueRight: valueBox.right,
            valueFits: value.scrollWidth <= value.clientWidth + 1,
          };
        }),
      );
    expect(cards).toHaveLength(4);
    for (const [i, card] of cards.entries()) {
      expect(card.left).toBeGreaterThanOrEqual(0);
      expect(card.right).toBeLessThanOrEqual(390);
      expect(card.valueRight).toBeLessThanOrEqual(card.right);
      expect(card.valueFits).toBe(true);
      // Stacked: each card below the one before, not beside it.
      const before = cards[i - 1];
      if (before) expect(card.top).toBeGreaterThanOrEqual(before.bottom);
    }
    await kpis(page).screenshot({ path: `${SHOTS}/p5-kpis-390.png` });
    // The KPIs and the status line; the rest of the phone layout is other components'.
    expect(await seriousViolations(page, '[data-testid="kpis"]')).toEqual([]);
    expect(await seriousViolations(page, '[aria-label="Estado de la búsqueda"]')).toEqual([]);
  });
});

test.describe('point 7: KPIs with no matching case', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('show 0 and "—", nothing else', async ({ page }) => {
    await page.goto(`${SEED}&buscar=zzzz-ningun-caso`);
    await expect(summary(page)).toContainText('4.575 casos');
    await expect(kpiValues(page)).toHaveText(['0', '—', '0', '—']);
    await expect(kpis(page).getByTestId('kpi-partial')).toHaveCount(0);
  });
});

test.describe('point 9: the cost of a search', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('the cost question compares 200 and 1,000 rows a page, and 1,000 runs without asking again', async ({
    page,
  }) => {
    await page.addInitScript(() => localStorage.setItem('cen-explorer:cost-threshold', '2'));
    const requests = recordApiRequests(page);
    await page.goto(SEED);
    const question = page.getByRole('alertdialog', { name: '¿Continuar la búsqueda?' });
    await expect(question.getByTestId('cost-compare')).toHaveText(
      'Con 200 filas por página: 22 solicitudes más · con 1.000: 5 más.',
    );
    await page.screenshot({ path: `${SHOTS}/p9-cost-question-1280.png` });
    expect(await seriousViolations(page)).toEqual([]);
    await question.getByRole('button', { name: 'Usar 1.000 por página' }).click();
    await expect(page).toHaveURL(/filas=1000/);
    await expect(summary(page)).toContainText('4.575 casos');
    await expect(summary(page)).toContainText('leídos con 5 solicitudes');
    await expect(question).toHaveCount(0);
    expect(filasOf(requests)).toEqual(['200', '1000', '1000', '1000', '1000', '1000']);
  });

  test('an upstream that refuses 1,000 falls back to 200, and 1,000 is not offered again', async ({
    page,
  }) => {
    await page.addInitScript(() => localStorage.setItem('cen-explorer:cost-threshold', '2'));
    await page.route(`**${API}`, async (route) => {
      if (String(route.request().postDataJSON().RequestData.Filas) !== '1000') {
        return route.continue();
      }
      const body = failureEnvelope({
        Code: 'P003',
        Type: 'DO_NOT_RETRY',
        Description: 'Filas fuera de rango.',
      });
      return route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify(body),
      });
    });
    await page.goto(SEED);
    const question = page.getByRole('alertdialog', { name: '¿Continuar la búsqueda?' });
    await question.getByRole('button', { name: 'Usar 1.000 por página' }).click();
    await expect(page.getByText('La API no aceptó 1.000 filas por página')).toBeVisible();
    await expect(page).not.toHaveURL(/filas=1000/);
    // Asked again at 200, with no offer of 1,000 this time.
    await expect(question).toBeVisible();
    await expect(question.getByTestId('cost-compare')).toHaveCount(0);
    await expect(question.getByRole('button', { name: /1\.000/ })).toHaveCount(0);
    await question.getByRole('button', { name: 'Continuar' }).click();
    await expect(summary(page)).toContainText('4.575 casos');

    // Remembered: another search of this browser is not offered 1,000 either.
    await page.goto('/?rut=76999999-K&desde=2019-11-14&hasta=2025-10-31');
    await expect(question).toBeVisible();
    await expect(question.getByRole('button', { name: /1\.000/ })).toHaveCount(0);
  });

  test('the progress estimates the time left once 3 pages have come', async ({ page }) => {
    await page.route(`**${API}`, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await route.continue().catch(() => undefined);
    });
    await page.goto(`${SEED}&conc=1`);
    const progress = page.getByTestId('progress-text');
    await expect(progress).toHaveText(/^[\d.]+ de 4\.575 · quedan ~\d+ s$/);
    await page.screenshot({ path: `${SHOTS}/p9-time-left-1280.png` });
  });
});

test.describe('point 10: the CSV', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('date-times are written as 2025-11-05 16:29 and periods as 2025-10', async ({ page }) => {
    await page.goto(SEED);
    await expect(summary(page)).toContainText('4.575 casos');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Descargar CSV' }).click(),
    ]);
    const text = await readFile(await download.path(), 'utf8');
    const [header, ...rows] = parseCsv(text.slice(1), ';');
    const created = (header as string[]).indexOf('Creación');
    const period = (header as string[]).indexOf('Período');
    expect(rows).toHaveLength(4575);
    for (const row of rows) {
      expect(row[created]).toMatch(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$/);
      expect(row[period]).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
    }
    expect(rows.some((row) => / \d{2}:\d{2}$/.test(row[created] ?? ''))).toBe(true);
  });

  test('an empty view says there is nothing to export, and downloads nothing', async ({ page }) => {
    await page.goto(`${SEED}&buscar=zzzz-ningun-caso`);
    await expect(summary(page)).toContainText('4.575 casos');
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.getByRole('button', { name: 'Descargar CSV' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'No hay casos que exportar' }),
    ).toBeVisible();
    await page.waitForTimeout(1000);
    expect(downloads).toBe(0);
  });
});
