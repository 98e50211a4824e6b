import { useEffect, useRef } from 'react';

import { echarts, type EChartsCoreOption } from '../charts/echarts-setup';

interface EChartProps {
  option: EChartsCoreOption;
  /** Accessible description of what the chart shows. */
  label: string;
  className?: string;
  testId?: string;
}

/**
 * An ECharts canvas on a mounted div: initialised once, given each new option
 * (replacing the previous one), resized with the window and its container,
 * and disposed on unmount. The container's height comes from styles.css.
 */
export function EChart({ option, label, className, testId }: EChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return undefined;
    const chart = echarts.init(container, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    const resize = () => {
      if (!chart.isDisposed()) chart.resize();
    };
    window.addEventListener('resize', resize);
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(resize) : null;
    observer?.observe(container);
    return () => {
      window.removeEventListener('resize', resize);
      observer?.disconnect();
      chartRef.current = null;
      chart.dispose();
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={containerRef}
      className={className ? `chart ${className}` : 'chart'}
      data-testid={testId}
      role="img"
      aria-label={label}
    />
  );
}
