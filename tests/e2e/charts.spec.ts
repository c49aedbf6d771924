// The charts as a daily user meets them: picking a bar and taking it back, an empty view,
// a partial result, the numbers they show, folding them away, and a phone's width.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { API, summary } from './api-requests';

const SEED = '/?rut=76999999-K&desde=2019-11-14&hasta=2025-11-05';
const DESKTOP = { width: 1280, height: 720 };
const PHONE = { width: 390, height: 844 };

const chart = (page: Page, name: string) => page.locator(`[data-chart="${name}"]`);
const bars = (page: Page, name: string) => chart(page, name).locator('.recharts-bar-rectangle');
const panel = (page: Page) => page.getByRole('region', { name: 'Gráficos' });

async function openSeed(page: Page) {
  await page.goto(SEED);
  await expect(summary(page)).toContainText('4.575 casos');
  await expect(bars(page, 'meses').first()).toBeVisible();
}

/** Serious and critical axe violations inside the charts panel. */
async function seriousInCharts(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('[data-chart]').analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/** The category axis's names as drawn (a tick's `<title>`, the whole name, left out). */
async function categoryTicks(page: Page, name: string): Promise<string[]> {
  return chart(page, name)
    .locator('.recharts-yAxis-tick-labels text')
    .evaluateAll((texts) =>
      texts.map((text) =>
        [...text.childNodes]
          .filter((node) => node.nodeType === Node.TEXT_NODE)
          .map((node) => node.textContent)
          .join(''),
      ),
    );
}

/** Each bar's fill, in the chart's order. */
async function fills(page: Page, name: string): Promise<string[]> {
  return bars(page, name)
    .locator('path')
    .evaluateAll((paths) => paths.map((path) => path.getAttribute('fill') ?? ''));
}

/** The numbers of every tick on every axis of a chart. */
async function tickTexts(figure: Locator): Promise<string[]> {
  return figure.locator('.recharts-cartesian-axis-tick-value').allTextContents();
}

/** Pairs of tick labels of one axis whose boxes overlap. */
async function collidingTicks(figure: Locator): Promise<string[]> {
  return figure.locator('.recharts-cartesian-axis-tick-labels').evaluateAll((axes) =>
    axes.flatMap((axis) => {
      const boxes = [...axis.querySelectorAll('text')].map((t) => ({
        text: t.textContent ?? '',
        box: t.getBoundingClientRect(),
      }));
      const hits: string[] = [];
      boxes.forEach((a, i) => {
        for (const b of boxes.slice(i + 1)) {
          const apart =
            a.box.right <= b.box.left ||
            b.box.right <= a.box.left ||
            a.box.bottom <= b.box.top ||
            b.box.bottom <= a.box.top;
          if (!apart) hits.push(`${a.text} / ${b.text}`);
        }
      });
      return hits;
    }),
  );
}

test.describe('at 1280×720', () => {
  test.use({ viewport: DESKTOP });

  test('a picked status bar stays in place, highlighted, the others dimmed; a second click removes the filter', async ({
    page,
  }) => {
    await openSeed(page);
    const statuses = await categoryTicks(page, 'estado');
    expect(statuses).toContain('Cerrada');
    const closed = statuses.indexOf('Cerrada');
    const before = await bars(page, 'estado').nth(closed).boundingBox();

    await bars(page, 'estado').nth(closed).click();
    await expect(page).toHaveURL(/Estado/);
    // The whole distribution stays, in the same order, the picked bar where it was.
    await expect(bars(page, 'estado')).toHaveCount(statuses.length);
    expect(await categoryTicks(page, 'estado')).toEqual(statuses);
    expect(await bars(page, 'estado').nth(closed).boundingBox()).toEqual(before);
    const picked = await fills(page, 'estado');
    expect(picked[closed]).toBe('var(--chart-selected)');
    expect(picked.filter((fill) => fill === 'var(--chart-faded)')).toHaveLength(
      statuses.length - 1,
    );
    // The filter is named beside the chart, and the table shows only that status.
    await expect(
      chart(page, 'estado').getByRole('button', { name: /^Filtro: Cerrada/ }),
    ).toBeVisible();
    await expect(page.getByRole('grid').getByTestId('status').first()).toHaveText('Cerrada');

    // The other charts count the closed cases only.
    await page.screenshot({ path: test.info().outputPath('picked-status.png') });

    await bars(page, 'estado').nth(closed).click();
    await expect(page).not.toHaveURL(/Estado/);
    await expect(chart(page, 'estado').getByRole('button', { name: /^Filtro:/ })).toHaveCount(0);
    expect(new Set(await fills(page, 'estado'))).toEqual(new Set(['var(--accent)']));
  });

  test('the filter named beside a chart is removed from there, and a picked month stays among the others', async ({
    page,
  }) => {
    await openSeed(page);
    const months = await bars(page, 'meses').count();
    await bars(page, 'meses').nth(10).click();
    await expect(page).toHaveURL(/FechaCreacion/);
    await expect(bars(page, 'meses')).toHaveCount(months);
    const mark = chart(page, 'meses').getByRole('button', { name: /^Filtro: \d{4}-\d{2}/ });
    await expect(mark).toBeVisible();
    await mark.click();
    await expect(page).not.toHaveURL(/FechaCreacion/);
    await expect(mark).toHaveCount(0);
  });

  test('with no matching case the view says so once, and the charts are empty, not wrong', async ({
    page,
  }) => {
    await openSeed(page);
    await page.getByRole('searchbox').fill('ningún caso dice esto');
    await expect(page.getByText('Ningún caso coincide con los filtros.')).toHaveCount(1);
    await expect(
      page.getByTestId('grid-empty').getByRole('button', { name: 'Limpiar filtros' }),
    ).toBeVisible();
    // Each chart keeps its place and draws nothing; none claims a field is missing.
    await expect(panel(page).locator('[data-chart]')).toHaveCount(3);
    await expect(panel(page).locator('.recharts-bar-rectangle')).toHaveCount(0);
    await expect(panel(page)).not.toContainText('no traen el campo');
    await expect(panel(page)).not.toContainText('Ningún caso');
    await page.screenshot({ path: test.info().outputPath('no-matches.png') });

    await page.getByTestId('grid-empty').getByRole('button', { name: 'Limpiar filtros' }).click();
    await expect(bars(page, 'estado').first()).toBeVisible();
  });

  test('a cancelled search marks every chart "parcial: 200 de 4.575"', async ({ page }) => {
    // Page 0 answers; the rest wait until the search is cancelled.
    await page.route(`**${API}`, async (route) => {
      if (route.request().postDataJSON().RequestData.Paginas === '0') await route.continue();
    });
    await page.goto(SEED);
    await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /^[1-9]/);
    await page.getByRole('button', { name: 'Cancelar' }).click();
    for (const name of ['estado', 'acreedores', 'meses']) {
      await expect(chart(page, name).locator('figcaption')).toContainText('parcial: 200 de 4.575');
    }
    await expect(bars(page, 'estado').first()).toBeVisible();
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  });

  test('axes group thousands, tooltips read "Casos: 2.762", creditor names are whole on hover and in the table', async ({
    page,
  }) => {
    await openSeed(page);
    // Status counts reach the thousands: 2.800, never 2800.
    const statusTicks = await tickTexts(chart(page, 'estado'));
    expect(statusTicks.some((tick) => /^\d{1,3}(\.\d{3})+$/.test(tick))).toBe(true);
    for (const name of ['estado', 'acreedores', 'meses']) {
      const figures = (await tickTexts(chart(page, name))).filter((t) => /^[\d.]+( M)?$/.test(t));
      expect(figures.length).toBeGreaterThan(0);
      for (const tick of figures) expect(tick).not.toMatch(/\d{4}/);
    }

    await bars(page, 'estado').first().hover();
    const tooltip = chart(page, 'estado').locator('.recharts-tooltip-item');
    await expect(tooltip).toHaveText(/^Casos: [\d.]+$/);

    // A long name is cut on the axis, whole in its hover title and in the data table.
    const creditors = chart(page, 'acreedores');
    const cut = creditors.locator('.recharts-yAxis-tick-labels text', { hasText: '…' }).first();
    await expect(cut).toBeVisible();
    const whole = (await cut.locator('title').textContent()) ?? '';
    expect(whole.length).toBeGreaterThan(0);
    expect(whole).not.toContain('…');
    await creditors.getByRole('button', { name: /^Ver datos/ }).click();
    await expect(creditors.getByRole('rowheader', { name: whole, exact: true })).toBeVisible();
    await creditors.locator('.recharts-bar-rectangle').first().hover();
    await expect(creditors.locator('.recharts-tooltip-label')).not.toContainText('…');
  });

  test('the charts fit 230 px, fold away, and stay folded in this browser', async ({ page }) => {
    await openSeed(page);
    const box = await panel(page).boundingBox();
    expect(box?.height).toBeLessThanOrEqual(230);

    const fold = panel(page).getByRole('button', { name: 'Ocultar gráficos' });
    await expect(fold).toHaveAttribute('aria-expanded', 'true');
    await fold.click();
    await expect(panel(page).locator('[data-chart]')).toHaveCount(0);
    expect((await panel(page).boundingBox())?.height).toBeLessThanOrEqual(30);

    await page.reload();
    await expect(summary(page)).toContainText('4.575 casos');
    const unfold = panel(page).getByRole('button', { name: 'Mostrar gráficos' });
    await expect(unfold).toHaveAttribute('aria-expanded', 'false');
    await expect(panel(page).locator('[data-chart]')).toHaveCount(0);
    await unfold.click();
    await expect(bars(page, 'estado').first()).toBeVisible();
  });
});

test.describe('at 390×844', () => {
  test.use({ viewport: PHONE });

  test('every chart fits the screen with its bars drawn and no label on another', async ({
    page,
  }) => {
    await openSeed(page);
    await page.screenshot({ path: test.info().outputPath('phone-charts.png'), fullPage: true });
    const overflowing = await panel(page).evaluate((root) =>
      [root, ...root.querySelectorAll('*')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map((el) => el.tagName),
    );
    expect(overflowing).toEqual([]);

    // The creditor chart draws its ten bars, each with a width.
    const creditorBars = bars(page, 'acreedores');
    await expect(creditorBars).toHaveCount(10);
    for (const bar of await creditorBars.all()) {
      expect((await bar.boundingBox())?.width ?? 0).toBeGreaterThan(4);
    }
    for (const name of ['estado', 'acreedores', 'meses']) {
      expect(await collidingTicks(chart(page, name))).toEqual([]);
    }

    // A picked creditor: its filter named under the title, still within the screen.
    await creditorBars.first().click();
    const mark = chart(page, 'acreedores').getByRole('button', { name: /^Filtro:/ });
    await expect(mark).toBeVisible();
    const box = await mark.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousInCharts(page)).toEqual([]);
  });
});
