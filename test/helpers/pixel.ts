import type { Browser } from '@playwright/test';

/** The colour (`#rrggbb`) of one pixel of a PNG, read back in a page of its own. */
export async function colourAt(browser: Browser, png: Buffer, x: number, y: number): Promise<string> {
  const page = await browser.newPage();
  try {
    await page.setContent(`<img src="data:image/png;base64,${png.toString('base64')}">`);
    // Evaluated as text: the test compiles without the DOM's types.
    return await page.evaluate<string>(`(() => {
      const img = document.querySelector('img');
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const g = canvas.getContext('2d');
      g.drawImage(img, 0, 0);
      const d = g.getImageData(${x}, ${y}, 1, 1).data;
      return '#' + [d[0], d[1], d[2]].map((c) => c.toString(16).padStart(2, '0')).join('');
    })()`);
  } finally {
    await page.close();
  }
}
