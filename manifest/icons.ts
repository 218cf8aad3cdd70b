import { PNG } from 'pngjs';

/**
 * The app's two Teams icons, drawn by code so they are reproducible and reviewable: a shield (the
 * service's duty of care) topped by a calendar header (the dates the assistant tracks) with "PA".
 *
 * Shapes are described in unit coordinates (0..1 across the icon, y down) and rasterised with
 * 8×8 supersampling, so edges are smooth at 192 px and still crisp at 32 px. Same code, same bytes.
 */

type Rgba = readonly [number, number, number, number];
type Inside = (x: number, y: number) => boolean;
interface Layer {
  inside: Inside;
  color: Rgba;
}

export const ACCENT = '#1D4E89';
const NAVY: Rgba = [0x1d, 0x4e, 0x89, 255];
const AMBER: Rgba = [0xf2, 0xa9, 0x00, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

const SUPERSAMPLE = 8;

// ---- geometry -------------------------------------------------------------------------------------

interface Shield {
  left: number;
  right: number;
  top: number;
  /** Where the straight sides end and the curve to the point begins. */
  shoulder: number;
  point: number;
}

/** A heater shield: straight sides, then a parabola to a point (pointed, joins the sides smoothly). */
function shieldHalfWidth(s: Shield, y: number): number {
  const half = (s.right - s.left) / 2;
  if (y < s.top || y > s.point) return -1;
  if (y <= s.shoulder) return half;
  const t = (y - s.shoulder) / (s.point - s.shoulder);
  return half * (1 - t * t);
}

function inShield(s: Shield, inset = 0): Inside {
  const cx = (s.left + s.right) / 2;
  return (x, y) => {
    if (y < s.top + inset) return false;
    // Insetting a parabola exactly is not needed: scaling the half-width keeps the outline parallel enough.
    const half = shieldHalfWidth(s, y);
    return half > 0 && Math.abs(x - cx) <= half - inset;
  };
}

function rect(x0: number, y0: number, x1: number, y1: number): Inside {
  return (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
}

function roundRect(x0: number, y0: number, x1: number, y1: number, r: number): Inside {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return dx * dx + dy * dy <= r * r;
  };
}

function both(a: Inside, b: Inside): Inside {
  return (x, y) => a(x, y) && b(x, y);
}

type Stroke = (x: number, y: number) => number;

/** Distance from (x, y) to the segment a–b. */
function segment(ax: number, ay: number, bx: number, by: number): Stroke {
  return (x, y) => {
    const vx = bx - ax;
    const vy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
    return Math.hypot(x - (ax + t * vx), y - (ay + t * vy));
  };
}

/** Distance to the right half of a circle (the bowl of a P). */
function rightArc(cx: number, cy: number, r: number): Stroke {
  return (x, y) => {
    if (x >= cx) return Math.abs(Math.hypot(x - cx, y - cy) - r);
    return Math.min(Math.hypot(x - cx, y - (cy - r)), Math.hypot(x - cx, y - (cy + r)));
  };
}

function stroked(width: number, ...strokes: Stroke[]): Inside {
  const half = width / 2;
  return (x, y) => strokes.some((d) => d(x, y) <= half);
}

/**
 * "PA" with its cap height from `top` to `baseline`, centred on `cx`. Stems are cut flat at the
 * baseline; joins are round, which keeps the letters friendly and legible when small.
 */
function lettersPA(cx: number, top: number, baseline: number, weight: number): Inside {
  const h = baseline - top;
  const pWidth = h * 0.52;
  const aWidth = h * 0.74;
  const gap = h * 0.16;
  const left = cx - (pWidth + gap + aWidth) / 2;
  const w2 = weight / 2;

  // P: stem, and a bowl over the upper 55 %.
  const px = left + w2;
  const bowlTop = top + w2;
  const bowlBottom = top + h * 0.56;
  const r = (bowlBottom - bowlTop) / 2;
  const bowlX = left + pWidth - w2 - r;
  const p = stroked(
    weight,
    segment(px, bowlTop, px, baseline + weight),
    segment(px, bowlTop, bowlX, bowlTop),
    segment(px, bowlBottom, bowlX, bowlBottom),
    rightArc(bowlX, bowlTop + r, r),
  );

  // A: two legs meeting at the apex, and a crossbar.
  const aLeft = left + pWidth + gap;
  const apexX = aLeft + aWidth / 2;
  const apexY = top + w2;
  const footL = aLeft + w2 * 0.9;
  const footR = aLeft + aWidth - w2 * 0.9;
  const barY = top + h * 0.66;
  const at = (footX: number) => footX + ((apexX - footX) * (baseline - barY)) / (baseline + weight - apexY);
  const a = stroked(
    weight,
    segment(footL, baseline + weight, apexX, apexY),
    segment(footR, baseline + weight, apexX, apexY),
    segment(at(footL), barY, at(footR), barY),
  );
  const clip = rect(0, 0, 1, baseline);
  return both((x, y) => p(x, y) || a(x, y), clip);
}

// ---- rasteriser ------------------------------------------------------------------------------------

/** Later layers paint over earlier ones, replacing them (so a CLEAR layer cuts a hole). */
function render(size: number, background: Rgba, layers: Layer[]): PNG {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  const n = SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          let c = background;
          for (const layer of layers) if (layer.inside(x, y)) c = layer.color;
          // Premultiplied accumulation: transparent samples add nothing to the colour.
          r += (c[0] * c[3]) / 255;
          g += (c[1] * c[3]) / 255;
          b += (c[2] * c[3]) / 255;
          a += c[3];
        }
      }
      const samples = n * n;
      const alpha = a / samples;
      const i = (py * size + px) * 4;
      const un = alpha > 0 ? 255 / alpha : 0;
      png.data[i] = Math.round((r / samples) * un);
      png.data[i + 1] = Math.round((g / samples) * un);
      png.data[i + 2] = Math.round((b / samples) * un);
      png.data[i + 3] = Math.round(alpha);
    }
  }
  return png;
}

function encode(png: PNG): Buffer {
  return PNG.sync.write(png, { colorType: 6 });
}

// ---- the icons ---------------------------------------------------------------------------------------

/** 192×192 full-colour icon: white shield on the accent colour, amber calendar header, navy "PA". */
export function colorIcon(): PNG {
  const shield: Shield = { left: 0.2, right: 0.8, top: 0.15, shoulder: 0.5, point: 0.88 };
  const cx = 0.5;
  const header = both(inShield(shield, 0.045), rect(0, 0, 1, 0.33));
  const rings = [0.37, 0.63].map((x) => roundRect(x - 0.022, 0.1, x + 0.022, 0.215, 0.022));
  return render(192, NAVY, [
    { inside: inShield(shield), color: WHITE },
    { inside: header, color: AMBER },
    ...rings.map((inside) => ({ inside, color: NAVY })),
    { inside: lettersPA(cx, 0.385, 0.675, 0.05), color: NAVY },
  ]);
}

/** Rectangles on a whole-pixel grid of a `size`-pixel icon, so small glyphs stay crisp. */
function pixelRects(size: number, rects: readonly (readonly [number, number, number, number])[]): Inside {
  const unit = rects.map(([x0, y0, x1, y1]) => rect(x0 / size, y0 / size, x1 / size, y1 / size));
  return (x, y) => unit.some((inside) => inside(x, y));
}

/**
 * "PA" for 32 px, drawn on the pixel grid with 2 px strokes (cap height 11 px): vector letters
 * blur at this size. Rounded corners are the missing corner pixels.
 */
const PA_32: readonly (readonly [number, number, number, number])[] = [
  // P: stem, top bar, bowl side, bowl bottom.
  [7, 10, 9, 21],
  [7, 10, 14, 12],
  [13, 11, 15, 16],
  [7, 15, 14, 17],
  // A: legs, rounded top, crossbar.
  [17, 11, 19, 21],
  [23, 11, 25, 21],
  [18, 10, 24, 12],
  [17, 15, 25, 17],
];

/**
 * 32×32 outline icon: Teams wants white on transparent only. A solid white shield whose calendar
 * header is marked by a cut line, with "PA" cut out: solid shapes read at 32 px where thin
 * outlines blur.
 */
export function outlineIcon(): PNG {
  const size = 32;
  const shield: Shield = {
    left: 2 / size,
    right: 30 / size,
    top: 1 / size,
    shoulder: 16 / size,
    point: 31.5 / size,
  };
  return render(size, CLEAR, [
    { inside: inShield(shield), color: WHITE },
    { inside: rect(0, 6 / size, 1, 7 / size), color: CLEAR },
    { inside: pixelRects(size, PA_32), color: CLEAR },
  ]);
}

export function colorIconPng(): Buffer {
  return encode(colorIcon());
}

export function outlineIconPng(): Buffer {
  return encode(outlineIcon());
}
