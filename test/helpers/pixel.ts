import type { Browser } from '@playwright/test';

/** The distinct colours (`#rrggbb`) along one row of a PNG, from x0 to x1: a field's text shows as more than its background. */
export async function coloursAlong(browser: Browser, png: Buffer, y: number, x0: number, x1: number): Promise<string[]> {
  const page = await browser.newPage();
  try {
    await page.setContent(`<img src="data:image/png;base64,${png.toString('base64')}">`);
    return await page.evaluate<string[]>(`(() => {
      const img = document.querySelector('img');
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const g = canvas.getContext('2d');
      g.drawImage(img, 0, 0);
      const d = g.getImageData(${x0}, ${y}, ${x1 - x0}, 1).data;
      const seen = new Set();
      for (let i = 0; i < d.length; i += 4) seen.add('#' + [d[i], d[i + 1], d[i + 2]].map((c) => c.toString(16).padStart(2, '0')).join(''));
      return [...seen];
    })()`);
  } finally {
    await page.close();
  }
}
