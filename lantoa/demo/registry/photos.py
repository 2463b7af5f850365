"""Generated illustrations for the demo stories: landscapes drawn with Pillow.

Never a photo of a real person: each picture is a sky, hills, a sun and a few houses or
trees drawn from a seed, so the portal shows pictures in their responsive variants
without shipping anyone's image.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 800, 536

SKIES = (
    ((120, 180, 230), (230, 240, 250)),
    ((250, 180, 120), (255, 230, 200)),
    ((90, 140, 200), (200, 225, 245)),
    ((160, 200, 220), (245, 245, 235)),
)
GREENS = ((70, 140, 80), (90, 160, 90), (60, 120, 70), (120, 170, 90))
ROOFS = ((190, 60, 50), (200, 120, 60), (150, 70, 60))


def illustration(seed: int) -> bytes:
    """A JPEG landscape, the same for the same seed."""
    rng = random.Random(seed)
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    top, bottom = rng.choice(SKIES)
    for y in range(HEIGHT):
        t = y / HEIGHT
        draw.line(
            [(0, y), (WIDTH, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    sun_x, sun_y = rng.randint(80, WIDTH - 80), rng.randint(60, 200)
    draw.ellipse([sun_x - 45, sun_y - 45, sun_x + 45, sun_y + 45], fill=(255, 220, 90))
    for layer in range(3):
        base = HEIGHT // 2 + layer * 70
        points = [(0, HEIGHT)]
        for x in range(0, WIDTH + 80, 80):
            points.append((x, base + rng.randint(-50, 40)))
        points.append((WIDTH, HEIGHT))
        draw.polygon(points, fill=GREENS[(layer + seed) % len(GREENS)])
    ground = HEIGHT - 150
    for _house in range(rng.randint(2, 5)):
        x = rng.randint(20, WIDTH - 140)
        w = rng.randint(70, 120)
        draw.rectangle([x, ground, x + w, ground + 60], fill=(235, 225, 200))
        draw.polygon(
            [(x - 10, ground), (x + w // 2, ground - 45), (x + w + 10, ground)],
            fill=rng.choice(ROOFS),
        )
        draw.rectangle(
            [x + w // 2 - 10, ground + 25, x + w // 2 + 10, ground + 60], fill=(110, 80, 50)
        )
    for _tree in range(rng.randint(3, 7)):
        x = rng.randint(10, WIDTH - 30)
        y = rng.randint(ground - 20, HEIGHT - 60)
        draw.rectangle([x + 8, y + 30, x + 14, y + 55], fill=(100, 70, 40))
        draw.ellipse([x - 12, y - 10, x + 34, y + 38], fill=rng.choice(GREENS))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82)
    return out.getvalue()
