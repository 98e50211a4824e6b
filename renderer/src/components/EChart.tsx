import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

import { echarts, type EChartsCoreOption } from '../charts/echarts-setup';

interface EChartProps {
  option: EChartsCoreOption;
  /** Accessible description of what the chart shows. */
  label: string;
  className?: string;
  testId?: string;
  /** Called with the data index of a clicked bar, point or slice (drill-down). */
  onClick?: (dataIndex: number) => void;
  /** Draw only once the chart scrolls into view (long charts below the fold keep a drill-down step quick). */
  lazy?: boolean;
}

/**
 * An ECharts canvas on a mounted div: initialised once, given each new option
 * (replacing the previous one), resized with the window and its container,
 * and disposed on unmount. The container's height comes from styles.css.
 */
export function EChart({ option, label, className, testId, onClick, lazy }: EChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const [visible, setVisible] = useState(!lazy || typeof IntersectionObserver !== 'function');

  useEffect(() => {
    if (visible) return undefined;
    const container = containerRef.current;
    if (!container) return undefined;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) setVisible(true);
    });
    observer.observe(container);
    return () => observer.disconnect();
  }, [visible]);

  useEffect(() => {
    const container = containerRef.current;
    if (!container || !visible) return undefined;
    const chart = echarts.init(container, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    chart.on('click', (params: { dataIndex?: number }) => {
      if (typeof params.dataIndex === 'number') clickRef.current?.(params.dataIndex);
    });
    // A click on the axis band of a category (not only on a bar) drills too.
    chart.getZr().on('click', (event: { offsetX: number; offsetY: number; target?: unknown }) => {
      if (event.target || !clickRef.current) return;
      const point = [event.offsetX, event.offsetY];
      if (!chart.containPixel({ gridIndex: 0 }, point)) return;
      const [index] = chart.convertFromPixel({ gridIndex: 0 }, point) as number[];
      if (typeof index === 'number' && index >= 0) clickRef.current(Math.round(index));
    });
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
  }, [visible]);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option, visible]);

  // Keyboard: with a drill-down, the chart takes focus; arrows move between bars, Enter opens one.
  const focusRef = useRef(-1);
  const count = (() => {
    const xAxis = (option as { xAxis?: { data?: unknown[] } | { data?: unknown[] }[] }).xAxis;
    const axis = Array.isArray(xAxis) ? xAxis[0] : xAxis;
    if (axis?.data) return axis.data.length;
    const series = (option as { series?: { data?: unknown[] }[] }).series;
    return series?.[0]?.data?.length ?? 0;
  })();
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const chart = chartRef.current;
    if (!chart || !onClick || count === 0) return;
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      const step = event.key === 'ArrowRight' ? 1 : -1;
      focusRef.current = Math.min(
        count - 1,
        Math.max(0, (focusRef.current < 0 ? (step > 0 ? -1 : count) : focusRef.current) + step),
      );
      chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: focusRef.current });
    } else if ((event.key === 'Enter' || event.key === ' ') && focusRef.current >= 0) {
      event.preventDefault();
      onClick(focusRef.current);
    }
  };

  return (
    <div
      ref={containerRef}
      tabIndex={onClick ? 0 : undefined}
      onKeyDown={onClick ? onKeyDown : undefined}
      className={`${className ? `chart ${className}` : 'chart'}${onClick ? ' clickable' : ''}`}
      data-testid={testId}
      role="img"
      aria-label={onClick ? `${label}. Arrow keys move between bars; Enter opens one.` : label}
    />
  );
}
