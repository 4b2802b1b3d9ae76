// A chart drawn by ECharts, loaded on first use (echarts-setup.ts is its own chunk). The chart is a picture
// for the eye: the same figures are in a table beside it, where each opens the records behind it.
import { useEffect, useRef, useState } from 'react';
import { Loading } from '../shared/states';

type EchartsModule = typeof import('./echarts-setup');

let loading: Promise<EchartsModule> | undefined;
const loadEcharts = (): Promise<EchartsModule> => (loading ??= import('./echarts-setup'));

// Asked for as soon as a page that draws charts is loaded, so that ECharts (the largest chunk) downloads and
// compiles while the page asks the API for its figures, not after they arrive (a failure shows when a chart mounts).
loadEcharts().catch(() => undefined);

export function Chart({ option, label, size = "tall", onSelect }: { option: Record<string, unknown>; label: string; size?: "tall" | "short"; onSelect?: (data: unknown) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    let disposed = false;
    let dispose: (() => void) | undefined;
    loadEcharts()
      .then(({ echarts }) => {
        if (disposed || !host.current) return;
        const chart = echarts.init(host.current, undefined, { renderer: 'canvas' });
        chart.setOption(option);
        chart.on('click', (params) => select.current?.((params as { data?: unknown }).data));
        const resize = new ResizeObserver(() => chart.resize());
        resize.observe(host.current);
        dispose = () => {
          resize.disconnect();
          chart.dispose();
        };
        setReady(true);
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      dispose?.();
    };
  }, [option]);

  return (
    <figure className="chart">
      {!ready && !failed ? <Loading what="Drawing the chart" /> : null}
      {failed ? <p className="notice">The chart could not be drawn; the figures are in the table.</p> : null}
      <div ref={host} role="img" aria-label={label} className={`chart-canvas chart-${size}`} />
    </figure>
  );
}
