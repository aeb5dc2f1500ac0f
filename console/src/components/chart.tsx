/**
 * Charts. `TimeChart`: counts per day as lines (uPlot), with the same numbers as a table under a
 * disclosure for keyboard and screen-reader users (the canvas itself is aria-hidden). `BarTable`: a
 * categorical comparison (e.g. a funnel, live vs candidate) as a table whose cells carry proportional bars:
 * readable without a canvas at all. Suppressed counts ("< 10") are drawn at 0 and labelled "< 10".
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { chartValue, formatCount } from './count.js';
import { SCROLL_REGION } from './scroll-region.js';

export interface Series {
  readonly label: string;
  readonly values: readonly (number | string)[];
}

const PALETTE = ['#1f5fa8', '#b3400f', '#2e7d32', '#6a3fa0', '#8a6d00', '#00727a', '#a1246b', '#4e5b66'];

const dayEpoch = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 1000;

export function TimeChart(props: { title: string; days: readonly string[]; series: readonly Series[] }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    const width = Math.max(280, Math.min(element.clientWidth || 640, 1100));
    const data: uPlot.AlignedData = [
      props.days.map(dayEpoch),
      ...props.series.map((s) => s.values.map(chartValue)),
    ];
    const plot = new uPlot(
      {
        width,
        height: 220,
        series: [
          {},
          ...props.series.map((s, i) => ({
            label: s.label,
            stroke: PALETTE[i % PALETTE.length] ?? '#333',
            width: 2,
            value: (_u: uPlot, v: number | null, _si: number, index: number | null) =>
              index === null || v === null ? '–' : formatCount(s.values[index]),
          })),
        ],
        axes: [{}, { label: 'count' }],
        scales: { x: { time: true } },
      },
      data,
      element,
    );
    return () => plot.destroy();
  }, [props.days, props.series]);
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={host} aria-hidden="true" class="chart-canvas" />
      <details>
        <summary>{props.title}: the numbers</summary>
        <div {...SCROLL_REGION}>
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th>
                {props.series.map((s) => (
                  <th scope="col" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.days.map((day, i) => (
                <tr key={day}>
                  <th scope="row">{day}</th>
                  {props.series.map((s) => (
                    <td key={s.label} class="num">
                      {formatCount(s.values[i])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** Rows of categories, columns of series, each cell a number with a bar proportional to the largest. */
export function BarTable(props: {
  caption: string;
  rowHeader: string;
  rows: readonly string[];
  series: readonly Series[];
  /** Show 1..9 as "< 10" (privacy officers' aggregates); exact numbers otherwise. */
  smallCells?: boolean;
}) {
  const show = (value: number | string | undefined) =>
    props.smallCells === true || typeof value !== 'number' ? formatCount(value) : value.toLocaleString('en');
  const max = Math.max(1, ...props.series.flatMap((s) => s.values.map(chartValue)));
  return (
    <div {...SCROLL_REGION}>
      <table class="bar-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.rowHeader}</th>
            {props.series.map((s) => (
              <th scope="col" key={s.label}>
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, i) => (
            <tr key={row}>
              <th scope="row">{row}</th>
              {props.series.map((s, j) => {
                const value = s.values[i];
                const share = (chartValue(value) / max) * 100;
                return (
                  <td key={s.label} class="num">
                    <span
                      class="bar"
                      style={{ width: `${share}%`, background: PALETTE[j % PALETTE.length] }}
                    />
                    <span class="bar-value">{show(value)}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
