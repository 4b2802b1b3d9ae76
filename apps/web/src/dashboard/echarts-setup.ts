// ECharts as the dashboard uses it, and nothing more: the funnel and bar charts, tooltip, legend, grid and aria,
// drawn on canvas. Imported only through `import()` (chart.tsx), so it is a chunk of its own that the first
// screen never loads.
import { BarChart, FunnelChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([FunnelChart, BarChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
