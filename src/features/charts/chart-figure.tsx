// One chart with its text alternative: a "Ver datos" toggle reveals the very points the
// chart draws as a real table, for screen readers and for anyone who wants exact figures.
import { type ReactNode, useId, useState } from 'react';
import styles from './chart-figure.module.css';

export interface DataColumn<T> {
  header: string;
  cell(point: T): string;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
}

export interface ChartFigureProps<T> {
  /** `data-chart`: how tests and styles find the chart. */
  name: string;
  title: string;
  /** The points the chart draws, passed unchanged to the table. */
  data: readonly T[];
  /** The first column labels each row (`<th scope="row">`); the rest are figures. */
  columns: readonly [DataColumn<T>, ...DataColumn<T>[]];
  /** The table's caption when it says more than the title (e.g. the current measure). */
  caption?: string;
  /** A line under the title: the chart's own controls, its filter, a partial result's mark. */
  meta?: ReactNode;
  /** The drawing, in a box of the plot's height whatever it holds. */
  children: ReactNode;
}

export function ChartFigure<T>({
  name,
  title,
  data,
  columns,
  caption = title,
  meta,
  children,
}: ChartFigureProps<T>) {
  const id = useId();
  const [showData, setShowData] = useState(false);
  const [label, ...figures] = columns;
  return (
    // Named by its title alone: the figcaption also holds the buttons.
    <figure className={styles.chart} data-chart={name} aria-labelledby={`${id}-title`}>
      <figcaption>
        <span id={`${id}-title`} className={styles.title}>
          {title}
        </span>
        <span className={styles.controls}>
          {data.length > 0 && (
            <button
              type="button"
              className="link-button"
              aria-expanded={showData}
              aria-controls={`${id}-data`}
              onClick={() => setShowData((shown) => !shown)}
            >
              {showData ? 'Ocultar datos' : 'Ver datos'}
              <span className="visually-hidden">: {title}</span>
            </button>
          )}
        </span>
        {/* Always there, so a filter or mark that comes does not push the table down. */}
        <span className={styles.meta}>{meta}</span>
      </figcaption>
      <div className={styles.plot}>{children}</div>
      {/* Always in the document so aria-controls points somewhere; filled only when asked. */}
      <div id={`${id}-data`} hidden={!showData}>
        {showData && (
          // A long table scrolls in its own box: focusable so the keyboard can scroll it.
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus (WCAG 2.1.1)
          <section className={styles.data} aria-label={`Datos: ${title}`} tabIndex={0}>
            <table>
              <caption>{caption}</caption>
              <thead>
                <tr>
                  {columns.map((column) => (
                    <th
                      key={column.header}
                      scope="col"
                      className={column.numeric ? styles.num : undefined}
                    >
                      {column.header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.map((point) => {
                  const key = label.cell(point);
                  return (
                    <tr key={key}>
                      <th scope="row">{key}</th>
                      {figures.map((column) => (
                        <td key={column.header} className={column.numeric ? styles.num : undefined}>
                          {column.cell(point)}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        )}
      </div>
    </figure>
  );
}
