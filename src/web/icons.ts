import { crc32, deflateSync } from 'node:zlib';

/**
 * The app icon (a lectern, white on the site's navy), drawn from one list of rectangles: as SVG
 * for browsers that take it, and as PNG at the sizes install prompts ask for. No image files to
 * keep in step, and no image library.
 */

/** Rectangles on a 100 × 100 canvas: the desk, the column, the foot. */
const SHAPES: [x: number, y: number, width: number, height: number][] = [
  [22, 24, 56, 12],
  [44, 36, 12, 36],
  [30, 72, 40, 8],
];
const BACKGROUND = [0x14, 0x21, 0x3d] as const;
const FOREGROUND = [0xff, 0xff, 0xff] as const;

export function iconSvg(): string {
  const rects = SHAPES.map(([x, y, w, h]) => `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#fff"/>`);
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">' +
    '<rect width="100" height="100" fill="#14213d"/>' +
    rects.join('') +
    '</svg>\n'
  );
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A square PNG (8-bit RGB, no interlace) of the icon, `size` pixels wide. */
export function iconPng(size: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  const row = 1 + size * 3;
  const pixels = Buffer.alloc(row * size);
  for (let y = 0; y < size; y++) {
    pixels[y * row] = 0; // filter: none
    const v = ((y + 0.5) * 100) / size;
    for (let x = 0; x < size; x++) {
      const u = ((x + 0.5) * 100) / size;
      const inside = SHAPES.some(([sx, sy, w, h]) => u >= sx && u < sx + w && v >= sy && v < sy + h);
      const colour = inside ? FOREGROUND : BACKGROUND;
      const at = y * row + 1 + x * 3;
      pixels[at] = colour[0];
      pixels[at + 1] = colour[1];
      pixels[at + 2] = colour[2];
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
