import { describe, expect, it } from 'vitest';
import type { Chart, ChartEvent } from 'chart.js';
import { crosshairMode } from './step-nav.ts';

/** A chart as the crosshair mode reads it: a plot area and, per visible series, its points' pixels. */
function fakeChart(series: { xs: number[]; near?: boolean }[]): Chart {
  return {
    chartArea: { left: 50, right: 650, top: 10, bottom: 200 },
    data: { datasets: series.map((s) => ({ data: [], crosshairNear: s.near })) },
    getSortedVisibleDatasetMetas: () =>
      series.map((s, index) => ({ index, data: s.xs.map((x) => ({ x, y: 100 })) })),
  } as unknown as Chart;
}

const at = (x: number) => ({ x, y: 100, type: 'mousemove' }) as unknown as ChartEvent;

describe('crosshair tooltip mode', () => {
  it('takes every series at the pointer’s time: the nearest point of each', () => {
    const chart = fakeChart([{ xs: [60, 100, 140, 180] }, { xs: [55, 95, 150] }, { xs: [70, 300] }]);
    const items = crosshairMode(chart, at(143), { intersect: false }, false);
    expect(items.map((i) => [i.datasetIndex, i.index])).toEqual([
      [0, 2],
      [1, 2],
      [2, 0],
    ]);
  });

  it('adds a series of sparse markers only where a marker is near the pointer', () => {
    const chart = fakeChart([{ xs: [60, 100, 140] }, { xs: [98], near: true }]);
    expect(crosshairMode(chart, at(102), { intersect: false }, false)).toHaveLength(2);
    expect(crosshairMode(chart, at(130), { intersect: false }, false).map((i) => i.datasetIndex)).toEqual([
      0,
    ]);
  });

  it('finds nothing outside the plot', () => {
    const chart = fakeChart([{ xs: [60, 100] }]);
    expect(crosshairMode(chart, at(20), { intersect: false }, false)).toEqual([]);
  });
});
