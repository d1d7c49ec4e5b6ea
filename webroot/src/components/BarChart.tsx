import { formatMoney } from '@/lib/utils';

export interface Bar {
  label: string;
  values: number[];
}

/** Stacked bars in SVG (a few dozen bars need no chart library); values are minor units. */
export function BarChart({
  bars,
  series,
  colors,
  currency = 'USD',
  height = 180,
  title,
}: {
  bars: Bar[];
  series: string[];
  colors: string[];
  currency?: string;
  height?: number;
  title: string;
}) {
  const max = Math.max(1, ...bars.map((b) => b.values.reduce((a, v) => a + v, 0)));
  const width = Math.max(bars.length * 36, 280);
  return (
    <figure className="grid gap-2">
      <div className="overflow-x-auto">
        <svg role="img" aria-label={title} viewBox={`0 0 ${width} ${height + 24}`} className="h-auto min-w-full" style={{ width }}>
          {bars.map((b, i) => {
            let y = height;
            return (
              <g key={b.label} transform={`translate(${i * 36 + 8},0)`}>
                <title>{`${b.label}: ${series.map((s, j) => `${s} ${formatMoney({ amount: b.values[j], currency })}`).join(', ')}`}</title>
                {b.values.map((v, j) => {
                  const h = (v / max) * (height - 8);
                  y -= h;
                  return <rect key={j} x={0} y={y} width={22} height={h} rx={3} fill={colors[j]} />;
                })}
                <text x={11} y={height + 16} textAnchor="middle" fontSize="10" fill="#a1a1aa">
                  {b.label}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption className="flex flex-wrap gap-4 text-xs text-muted-foreground">
        {series.map((s, j) => (
          <span key={s} className="flex items-center gap-1">
            <span className="h-2 w-2 rounded-sm" style={{ background: colors[j] }} />
            {s}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
