"""Draw the raster favicons from the mark (lantoa/static/lantoa/favicon.svg).

Run after changing the mark: `.venv/bin/python scripts/make_favicons.py`. Debian's Chromium
(through Playwright, as the browser tests) draws the SVG; Pillow writes the PNGs and the ICO.
Browsers that read SVG icons use favicon.svg; the PNGs and the ICO serve the others and
`/favicon.ico`.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parents[1] / "lantoa" / "static" / "lantoa"
SIZE = 256


def draw() -> Image.Image:
    svg = (STATIC / "favicon.svg").read_text()
    svg = svg.replace('width="32" height="32"', f'width="{SIZE}" height="{SIZE}"', 1)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": SIZE, "height": SIZE})
        page.set_content(f"<body style='margin:0'>{svg}</body>")
        png = page.locator("svg").screenshot(omit_background=True)
        browser.close()
    return Image.open(io.BytesIO(png)).convert("RGBA")


def main() -> None:
    big = draw()
    for px in (32, 180):
        small = big.resize((px, px), Image.Resampling.LANCZOS)
        # 64 colours (alpha kept) are plenty for three flat colours: a quarter of the bytes.
        small = small.quantize(colors=64, method=Image.Quantize.FASTOCTREE)
        small.save(STATIC / f"favicon-{px}.png", optimize=True)
    big.save(STATIC / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
