const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 300;
const HEIGHT = 80;
/** Samples kept: one a poll, so about the last minute. */
const SAMPLES = 120;

/**
 * A small live line chart of the projection's lag (events not applied yet), hand-drawn in
 * SVG: a line of the last samples, scaled to the largest one, with that scale written.
 */
export class LagChart {
  private readonly samples: number[] = [];
  private readonly line: SVGPolylineElement;
  private readonly scale: SVGTextElement;

  constructor(svg: SVGSVGElement) {
    svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
    this.line = document.createElementNS(SVG, 'polyline');
    this.line.setAttribute('class', 'lag-line');
    this.scale = document.createElementNS(SVG, 'text');
    this.scale.setAttribute('x', '4');
    this.scale.setAttribute('y', '12');
    this.scale.setAttribute('class', 'lag-scale');
    svg.append(this.line, this.scale);
  }

  add(lag: number): void {
    this.samples.push(lag);
    if (this.samples.length > SAMPLES) this.samples.shift();
    const top = Math.max(5, ...this.samples);
    const step = WIDTH / (SAMPLES - 1);
    const offset = SAMPLES - this.samples.length;
    const points = this.samples.map((value, index) => {
      const x = (offset + index) * step;
      const y = HEIGHT - 2 - (value / top) * (HEIGHT - 16);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    });
    this.line.setAttribute('points', points.join(' '));
    this.scale.textContent = `lag (events), max ${top}`;
  }
}
