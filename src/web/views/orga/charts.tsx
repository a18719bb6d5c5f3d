import { escapeHtml } from '../../../shared/html.js';
/**
 * Charts drawn on the server as inline SVG: no script, no external file. Each is an image
 * with a name (aria-label), a <title> and a <desc> that sums it up, and comes with a table of
 * the same numbers for screen readers and for anyone who wants the figures.
 */

export interface ChartDatum {
  label: string;
  value: number;
}

function niceMax(values: number[]): number {
  return Math.max(1, ...values);
}

/** Shortens a label that would not fit its place in the picture; the table has it in full. */
function fit(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

function NumbersTable(props: {
  caption: string;
  labelHeading: string;
  valueHeading: string;
  data: ChartDatum[];
}): JSX.Element {
  return (
    <details class="chart-numbers">
      <summary>The numbers</summary>
      <div class="table-wrap">
        <table class="data">
          <caption safe>{props.caption}</caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {props.labelHeading}
              </th>
              <th scope="col" class="number" safe>
                {props.valueHeading}
              </th>
            </tr>
          </thead>
          <tbody>
            {props.data.map((d) => (
              <tr>
                <th scope="row" safe>
                  {d.label}
                </th>
                <td class="number" safe>
                  {String(d.value)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** Vertical bars, one per category (a score of the scale, say), with each bar's value above it. */
export function BarChart(props: {
  id: string;
  title: string;
  description: string;
  data: ChartDatum[];
  labelHeading: string;
  valueHeading: string;
}): JSX.Element {
  const barWidth = 36;
  const gap = 12;
  const plotHeight = 120;
  const top = 18;
  const bottom = 22;
  const left = 8;
  const width = left * 2 + props.data.length * (barWidth + gap) - gap;
  const height = top + plotHeight + bottom;
  const max = niceMax(props.data.map((d) => d.value));
  return (
    <figure class="chart-figure">
      <svg
        class="chart"
        role="img"
        aria-label={escapeHtml(props.title)}
        aria-describedby={`${props.id}-desc`}
        viewBox={`0 0 ${width} ${height}`}
        width={String(width)}
        height={String(height)}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title safe>{props.title}</title>
        <desc id={`${props.id}-desc`} safe>
          {props.description}
        </desc>
        <line
          class="axis"
          x1={String(left)}
          x2={String(width - left)}
          y1={String(top + plotHeight)}
          y2={String(top + plotHeight)}
        />
        {props.data.map((d, i) => {
          const x = left + i * (barWidth + gap);
          const barHeight = Math.round((d.value / max) * plotHeight);
          const y = top + plotHeight - barHeight;
          return (
            <g>
              <rect class="bar" x={String(x)} y={String(y)} width={String(barWidth)} height={String(barHeight)} />
              <text x={String(x + barWidth / 2)} y={String(y - 4)} text-anchor="middle" safe>
                {String(d.value)}
              </text>
              <text x={String(x + barWidth / 2)} y={String(top + plotHeight + 16)} text-anchor="middle" safe>
                {fit(d.label, 6)}
              </text>
            </g>
          );
        })}
      </svg>
      <NumbersTable
        caption={props.title}
        labelHeading={props.labelHeading}
        valueHeading={props.valueHeading}
        data={props.data}
      />
    </figure>
  );
}

/** Horizontal bars, one per row (a person, say), longest first as given. */
export function HorizontalBarChart(props: {
  id: string;
  title: string;
  description: string;
  data: ChartDatum[];
  labelHeading: string;
  valueHeading: string;
}): JSX.Element {
  const labelWidth = 170;
  const plotWidth = 300;
  const rowHeight = 24;
  const barHeight = 16;
  const valueWidth = 40;
  const width = labelWidth + plotWidth + valueWidth;
  const height = Math.max(1, props.data.length) * rowHeight + 4;
  const max = niceMax(props.data.map((d) => d.value));
  return (
    <figure class="chart-figure">
      <svg
        class="chart"
        role="img"
        aria-label={escapeHtml(props.title)}
        aria-describedby={`${props.id}-desc`}
        viewBox={`0 0 ${width} ${height}`}
        width={String(width)}
        height={String(height)}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title safe>{props.title}</title>
        <desc id={`${props.id}-desc`} safe>
          {props.description}
        </desc>
        <line class="axis" x1={String(labelWidth)} x2={String(labelWidth)} y1="0" y2={String(height)} />
        {props.data.map((d, i) => {
          const y = i * rowHeight + 4;
          const length = Math.round((d.value / max) * plotWidth);
          return (
            <g>
              <text x={String(labelWidth - 8)} y={String(y + barHeight - 3)} text-anchor="end" safe>
                {fit(d.label, 24)}
              </text>
              <rect
                class="bar"
                x={String(labelWidth)}
                y={String(y)}
                width={String(length)}
                height={String(barHeight)}
              />
              <text x={String(labelWidth + length + 6)} y={String(y + barHeight - 3)} safe>
                {String(d.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <NumbersTable
        caption={props.title}
        labelHeading={props.labelHeading}
        valueHeading={props.valueHeading}
        data={props.data}
      />
    </figure>
  );
}

/** One bar filled to done/total, with the fraction written beside it. */
export function ProgressChart(props: {
  id: string;
  title: string;
  done: number;
  total: number;
  unit: string;
}): JSX.Element {
  const width = 360;
  const barWidth = 260;
  const height = 28;
  const share = props.total === 0 ? 0 : props.done / props.total;
  const percent = Math.round(share * 100);
  const description = `${props.done} of ${props.total} ${props.unit} (${percent}%).`;
  return (
    <figure class="chart-figure">
      <svg
        class="chart"
        role="img"
        aria-label={escapeHtml(`${props.title}: ${description}`)}
        aria-describedby={`${props.id}-desc`}
        viewBox={`0 0 ${width} ${height}`}
        width={String(width)}
        height={String(height)}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title safe>{props.title}</title>
        <desc id={`${props.id}-desc`} safe>
          {description}
        </desc>
        <rect class="axis" x="1" y="4" width={String(barWidth)} height="20" fill="none" />
        <rect class="bar" x="1" y="4" width={String(Math.round(share * barWidth))} height="20" />
        <text x={String(barWidth + 10)} y="19" safe>
          {`${percent}%`}
        </text>
      </svg>
      <figcaption safe>{`${props.title}: ${description}`}</figcaption>
    </figure>
  );
}
