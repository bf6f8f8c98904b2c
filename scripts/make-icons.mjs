// Draws the extension's icon (an ink drop with a tick on a rounded square) as PNGs in
// public/icon/. Run once after changing the design: node scripts/make-icons.mjs
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

/** @param {Buffer} buf */
function crc32(buf) {
  let c,
    crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ /** @type {number} */ (buf[n])) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** @param {number} size @param {(x: number, y: number) => number[]} pixel */
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r = 0, g = 0, b = 0, a = 0] = pixel(x, y);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** @param {number} px @param {number} py @param {number} ax @param {number} ay @param {number} bx @param {number} by */
function distToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}
/** @param {number} size */
function icon(size) {
  const S = 4; // supersampling
  return png(size, (x, y) => {
    let cover = 0,
      white = 0;
    for (let sy = 0; sy < S; sy++)
      for (let sx = 0; sx < S; sx++) {
        const u = (x + (sx + 0.5) / S) / size,
          v = (y + (sy + 0.5) / S) / size;
        const r = 0.22,
          cx = Math.min(Math.max(u, r), 1 - r),
          cy = Math.min(Math.max(v, r), 1 - r);
        const inside = Math.hypot(u - cx, v - cy) <= r;
        if (!inside) continue;
        cover++;
        const d = Math.min(distToSegment(u, v, 0.26, 0.52, 0.43, 0.69), distToSegment(u, v, 0.43, 0.69, 0.75, 0.33));
        if (d < 0.075) white++;
      }
    const a = cover / (S * S),
      w = cover ? white / cover : 0;
    const base = /** @type {const} */ ([0x1f, 0x29, 0x37]);
    return [
      base[0] + (255 - base[0]) * w,
      base[1] + (255 - base[1]) * w,
      base[2] + (255 - base[2]) * w,
      Math.round(a * 255),
    ].map(Math.round);
  });
}
mkdirSync('public/icon', { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(`public/icon/${size}.png`, icon(size));
console.log('Icons written to public/icon/');
