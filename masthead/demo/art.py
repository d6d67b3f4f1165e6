"""Pictures for the demo newsroom, drawn locally with Pillow (nothing is downloaded).

Lead images are 1600x900 JPEG "news photo" look-alikes: layered hills at dawn,
city skylines at dusk, fields, rivers, smoke over a town, power lines, a
harbour, a railway, a night street. Portraits are 600x600 illustrated
head-and-shoulders silhouettes. Every picture is deterministic for its seed.
"""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter, ImageOps

LEAD_SIZE = (1600, 900)
PORTRAIT_SIZE = 600


def make_rng(seed):
    # Demo pictures only need to look varied and be reproducible, not be secret.
    return random.Random(seed)  # noqa: S311


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _jitter(colour, rng, amount=14):
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in colour)


def _vertical_gradient(size, top, bottom, mid=None):
    ramp = Image.linear_gradient("L").resize(size)
    if mid is None:
        return ImageOps.colorize(ramp, black=top, white=bottom)
    return ImageOps.colorize(ramp, black=top, white=bottom, mid=mid)


def _glow(img, centre, radius, colour, strength=0.85):
    """A soft radial light (sun, fire, street lamp) blended onto img."""
    # radial_gradient is 0 at the centre and 181 at the middle of each edge.
    falloff = [round(255 * strength * max(0.0, 1 - v / 181) ** 2) for v in range(256)]
    mask = Image.radial_gradient("L").point(falloff).resize((radius * 2, radius * 2))
    light = Image.new("RGB", mask.size, colour)
    img.paste(light, (centre[0] - radius, centre[1] - radius), mask)


def _ridge_points(rng, width, base_y, amplitude, waves=4):
    """A hill line made of a few summed sine waves, closed along the bottom edge."""
    phases = [rng.uniform(0, math.tau) for _ in range(waves)]
    freqs = [rng.uniform(0.6, 1.4) * (i + 1) for i in range(waves)]
    points = []
    for x in range(0, width + 20, 20):
        t = x / width * math.tau
        y = sum(
            math.sin(t * f + p) / (i + 1)
            for i, (f, p) in enumerate(zip(freqs, phases, strict=True))
        )
        points.append((x, base_y - y * amplitude))
    return points


def _hills(draw, rng, size, horizon, far, near, layers, amplitude=70):
    w, h = size
    for i in range(layers):
        t = i / max(1, layers - 1)
        base = horizon + (h - horizon) * t * 0.75
        colour = _mix(far, near, t)
        points = _ridge_points(rng, w, base, amplitude * (1 - t * 0.4))
        draw.polygon([*points, (w, h), (0, h)], fill=colour)


def _mist(img, rng, y, colour, alpha=90):
    w, h = img.size
    band = Image.new("L", (w // 4, h // 4), 0)
    d = ImageDraw.Draw(band)
    for _ in range(6):
        cx = rng.randint(0, w // 4)
        d.ellipse((cx - 120, y // 4 - 10, cx + 120, y // 4 + 14), fill=alpha)
    band = band.filter(ImageFilter.GaussianBlur(8)).resize((w, h))
    img.paste(Image.new("RGB", (w, h), colour), (0, 0), band)


def _noise(rng, size):
    """Film grain from the seeded generator (Image.effect_noise is not reproducible)."""
    return Image.frombytes("L", size, rng.randbytes(size[0] * size[1])).convert("RGB")


def _finish(img, rng, grain=8, blur=1):
    """Soften hard polygon edges and add film grain so shapes read as a photo."""
    img = img.filter(ImageFilter.BoxBlur(blur))
    img = Image.blend(img, _noise(rng, img.size), grain / 200)
    # A light vignette.
    vignette = Image.radial_gradient("L").resize(img.size).point(lambda v: max(0, v - 110))
    return Image.composite(
        Image.new("RGB", img.size, (10, 10, 14)), img, vignette.point(lambda v: v // 2)
    )


SKIES = {
    "dawn": ((58, 74, 120), (238, 170, 128), (250, 214, 170)),
    "dusk": ((28, 30, 66), (196, 96, 92), (244, 170, 110)),
    "noon": ((86, 140, 200), (170, 205, 232), (226, 236, 240)),
    "overcast": ((96, 104, 116), (150, 156, 162), (196, 198, 196)),
    "storm": ((44, 50, 60), (92, 98, 104), (150, 146, 134)),
    "winter": ((150, 170, 196), (208, 218, 228), (236, 238, 240)),
    "night": ((8, 12, 30), (26, 34, 70), (70, 60, 90)),
}


def scene_hills(rng, sky):
    w, h = LEAD_SIZE
    top, mid, bottom = SKIES[sky]
    horizon = int(h * rng.uniform(0.38, 0.5))
    img = _vertical_gradient((w, horizon + 200), top, bottom, mid).resize((w, h))
    if sky in ("dawn", "dusk", "noon"):
        _glow(
            img,
            (rng.randint(300, 1300), horizon - rng.randint(20, 140)),
            260,
            _mix(bottom, (255, 240, 200), 0.6),
        )
    draw = ImageDraw.Draw(img)
    far = _mix(mid, (120, 130, 150), 0.5)
    near = _jitter((34, 48, 40), rng)
    _hills(draw, rng, (w, h), horizon, far, near, rng.randint(4, 6))
    _mist(img, rng, horizon + 90, bottom)
    return img


def scene_skyline(rng, sky):
    w, h = LEAD_SIZE
    top, mid, bottom = SKIES[sky]
    img = _vertical_gradient((w, h), top, bottom, mid)
    horizon = int(h * rng.uniform(0.62, 0.72))
    _glow(img, (rng.randint(200, 1400), horizon), 320, _mix(bottom, (255, 200, 150), 0.5), 0.6)
    draw = ImageDraw.Draw(img)
    for layer, (shade, scale) in enumerate(((0.45, 0.6), (0.8, 1.0))):
        colour = _mix(mid, (16, 18, 28), shade)
        x = -rng.randint(0, 40)
        while x < w:
            bw = rng.randint(40, 130)
            bh = int(rng.randint(60, 320) * scale)
            draw.rectangle((x, horizon - bh, x + bw, h), fill=colour)
            if rng.random() < 0.15:  # a spire or mast
                draw.rectangle(
                    (x + bw // 2 - 3, horizon - bh - 70, x + bw // 2 + 3, horizon - bh), fill=colour
                )
            if layer == 1:
                for wy in range(horizon - bh + 12, h - 10, 22):
                    for wx in range(x + 8, x + bw - 10, 18):
                        if rng.random() < 0.28:
                            lit = _jitter((250, 206, 120), rng, 20)
                            draw.rectangle((wx, wy, wx + 7, wy + 10), fill=lit)
            x += bw + rng.randint(0, 14)
    draw.rectangle((0, horizon + 60, w, h), fill=_mix(mid, (12, 12, 20), 0.9))
    return img


def scene_fields(rng, sky):
    w, h = LEAD_SIZE
    top, mid, bottom = SKIES[sky]
    horizon = int(h * rng.uniform(0.4, 0.52))
    img = _vertical_gradient((w, horizon), top, bottom, mid).resize((w, h))
    draw = ImageDraw.Draw(img)
    crop = rng.choice(
        [(196, 168, 84), (120, 140, 60), (150, 110, 70), (214, 190, 110), (90, 110, 56)]
    )
    ground = _vertical_gradient(
        (w, h - horizon), _mix(crop, bottom, 0.3), _mix(crop, (30, 30, 20), 0.45)
    )
    img.paste(ground, (0, horizon))
    vx = rng.randint(500, 1100)
    stripe = _mix(crop, (40, 34, 20), 0.35)
    for i in range(-30, 31):
        x = vx + i * 90
        draw.line((vx + i * 4, horizon, x * 1 + (x - vx) * 2, h), fill=stripe, width=6)
    # A tree line along the horizon.
    tree = _mix((34, 44, 30), mid, 0.25)
    for x in range(0, w, 14):
        if rng.random() < 0.7:
            r = rng.randint(10, 34)
            draw.ellipse((x - r, horizon - r * 1.6, x + r, horizon + 4), fill=tree)
    return img


def scene_river(rng, sky):
    w, h = LEAD_SIZE
    top, mid, bottom = SKIES[sky]
    horizon = int(h * rng.uniform(0.36, 0.46))
    img = _vertical_gradient((w, horizon + 100), top, bottom, mid).resize((w, h))
    draw = ImageDraw.Draw(img)
    _hills(
        draw,
        rng,
        (w, h),
        horizon,
        _mix(mid, (100, 120, 110), 0.5),
        _jitter((48, 70, 46), rng),
        3,
        50,
    )
    water = _mix(bottom, mid, 0.4)
    cx = rng.randint(600, 1000)
    left, right = [], []
    for i in range(0, 31):
        t = i / 30
        y = horizon + 40 + (h - horizon - 40) * t
        half = 6 + 520 * t**1.6
        x = cx + math.sin(t * 4 + rng.random()) * 160 * t
        left.append((x - half, y))
        right.append((x + half, y))
    draw.polygon([*left, *reversed(right)], fill=water)
    for _ in range(60):
        y = rng.randint(horizon + 60, h)
        x = rng.randint(0, w)
        draw.line(
            (x, y, x + rng.randint(20, 90), y), fill=_mix(water, (255, 255, 255), 0.3), width=2
        )
    return img


def scene_smoke(rng, sky):
    w, h = LEAD_SIZE
    top, mid, bottom = SKIES[sky]
    img = _vertical_gradient((w, h), top, bottom, mid)
    horizon = int(h * rng.uniform(0.7, 0.8))
    fire_x = rng.randint(400, 1200)
    _glow(img, (fire_x, horizon - 70), 300, (240, 120, 50), 0.8)
    # Plumes: rising, widening puffs on a quarter-size mask, blurred and scaled up.
    mask = Image.new("L", (w // 4, h // 4), 0)
    d = ImageDraw.Draw(mask)
    for plume in range(rng.randint(1, 3)):
        x = fire_x // 4 + plume * rng.randint(-60, 60)
        y = horizon // 4
        drift = rng.uniform(0.5, 2.2)
        for step in range(40):
            r = 6 + step * 1.4
            d.ellipse((x - r, y - r, x + r, y + r), fill=min(255, 120 + step * 3))
            x += drift + rng.uniform(-1.5, 1.5)
            y -= 3.2
    mask = mask.filter(ImageFilter.GaussianBlur(6)).resize((w, h))
    img.paste(Image.new("RGB", (w, h), _jitter((60, 58, 56), rng)), (0, 0), mask)
    draw = ImageDraw.Draw(img)
    colour = (24, 22, 24)
    x = 0
    while x < w:
        bw = rng.randint(30, 110)
        bh = rng.randint(20, 120)
        if rng.random() < 0.3:
            draw.polygon(
                [
                    (x, horizon - bh),
                    (x + bw // 2, horizon - bh - 40),
                    (x + bw, horizon - bh),
                    (x + bw, h),
                    (x, h),
                ],
                fill=colour,
            )
        else:
            draw.rectangle((x, horizon - bh, x + bw, h), fill=colour)
        x += bw
    return img


def _pylon(draw, x, base, height, colour):
    top = base - height
    draw.line((x - 40, base, x - 8, top), fill=colour, width=5)
    draw.line((x + 40, base, x + 8, top), fill=colour, width=5)
    for frac in (0.25, 0.5, 0.75):
        y = base - height * frac
        half = 40 - 32 * frac
        draw.line((x - half, y, x + half, y - height * 0.12), fill=colour, width=2)
        draw.line((x + half, y, x - half, y - height * 0.12), fill=colour, width=2)
    for arm_y, arm in ((top + 20, 70), (top + 60, 55)):
        draw.line((x - arm, arm_y, x + arm, arm_y), fill=colour, width=5)
    return [(x - 70, top + 20), (x + 70, top + 20), (x - 55, top + 60), (x + 55, top + 60)]


def scene_pylons(rng, sky):
    w, h = LEAD_SIZE
    top, mid, bottom = SKIES[sky]
    horizon = int(h * rng.uniform(0.66, 0.76))
    img = _vertical_gradient((w, h), top, bottom, mid)
    if sky in ("dawn", "dusk"):
        _glow(img, (rng.randint(200, 1400), horizon - 60), 240, _mix(bottom, (255, 230, 190), 0.6))
    draw = ImageDraw.Draw(img)
    _hills(draw, rng, (w, h), horizon, _mix(mid, (40, 40, 40), 0.5), (22, 24, 22), 2, 20)
    colour = (18, 20, 24)
    spacing = rng.randint(420, 620)
    start = rng.randint(60, 300)
    heights = []
    xs = list(range(start, w + spacing, spacing))
    arms = []
    for i, x in enumerate(xs):
        height = int(430 * (0.85**i)) if rng.random() < 0.5 else 400 - i * 30
        heights.append(height)
        arms.append(_pylon(draw, x, horizon + 30, max(180, height), colour))
    for a, b in zip(arms, arms[1:], strict=False):
        for (x1, y1), (x2, y2) in zip(a, b, strict=True):
            sag = 40
            pts = [
                (
                    x1 + (x2 - x1) * t / 20,
                    y1 + (y2 - y1) * t / 20 + sag * math.sin(math.pi * t / 20),
                )
                for t in range(21)
            ]
            draw.line(pts, fill=colour, width=2)
    return img


def scene_harbour(rng, sky):
    w, h = LEAD_SIZE
    top, mid, bottom = SKIES[sky]
    horizon = int(h * rng.uniform(0.55, 0.65))
    img = _vertical_gradient((w, horizon), top, bottom, mid).resize((w, h))
    sea = _vertical_gradient((w, h - horizon), _mix(bottom, (40, 60, 80), 0.5), (20, 30, 44))
    img.paste(sea, (0, horizon))
    draw = ImageDraw.Draw(img)
    colour = _mix(mid, (20, 22, 30), 0.8)
    draw.rectangle((0, horizon - 16, w, horizon + 4), fill=colour)
    x = rng.randint(80, 300)
    for _ in range(rng.randint(3, 5)):
        ch = rng.randint(180, 300)
        draw.rectangle((x, horizon - ch, x + 14, horizon), fill=colour)
        draw.rectangle((x + 30, horizon - ch, x + 44, horizon), fill=colour)
        draw.rectangle((x - 120, horizon - ch - 10, x + 200, horizon - ch + 8), fill=colour)
        draw.line((x + 22, horizon - ch - 60, x - 110, horizon - ch), fill=colour, width=3)
        draw.line((x + 22, horizon - ch - 60, x + 190, horizon - ch), fill=colour, width=3)
        x += rng.randint(260, 380)
    for _ in range(rng.randint(1, 3)):  # ships at anchor
        sx = rng.randint(100, 1400)
        sy = horizon + rng.randint(30, 140)
        draw.polygon(
            [(sx, sy), (sx + 240, sy), (sx + 210, sy + 26), (sx + 20, sy + 26)], fill=colour
        )
        draw.rectangle((sx + 150, sy - 40, sx + 200, sy), fill=colour)
    for _ in range(90):
        y = rng.randint(horizon + 10, h)
        x = rng.randint(0, w)
        draw.line(
            (x, y, x + rng.randint(10, 60), y), fill=_mix(bottom, (200, 200, 210), 0.3), width=1
        )
    return img


def scene_rail(rng, sky):
    w, h = LEAD_SIZE
    top, mid, bottom = SKIES[sky]
    horizon = int(h * rng.uniform(0.42, 0.5))
    img = _vertical_gradient((w, horizon), top, bottom, mid).resize((w, h))
    ground = _vertical_gradient((w, h - horizon), _mix(bottom, (90, 90, 70), 0.6), (40, 38, 32))
    img.paste(ground, (0, horizon))
    draw = ImageDraw.Draw(img)
    vx = rng.randint(600, 1000)
    for i in range(30):
        t = (i / 30) ** 2
        y = horizon + (h - horizon) * t
        half = 20 + 700 * t
        draw.line((vx - half, y, vx + half, y), fill=(60, 48, 40), width=max(1, int(14 * t)))
    for side in (-1, 1):
        draw.line((vx + side * 8, horizon, vx + side * 420, h), fill=(150, 150, 156), width=7)
        draw.line((vx + side * 10, horizon, vx + side * 520, h), fill=(130, 130, 136), width=7)
    pole = (30, 30, 34)
    for i in range(1, 8):
        t = (i / 8) ** 2
        x = vx - 40 - 900 * t
        ph = 20 + 520 * t
        draw.line(
            (x, horizon + (h - horizon) * t * 0.5, x, horizon + (h - horizon) * t * 0.5 - ph),
            fill=pole,
            width=max(2, int(10 * t)),
        )
    return img


def scene_night_street(rng, sky):
    w, h = LEAD_SIZE
    img = _vertical_gradient((w, h), (6, 8, 20), (40, 36, 60), (18, 20, 40))
    draw = ImageDraw.Draw(img)
    x = 0
    while x < w:
        bw = rng.randint(120, 260)
        bh = rng.randint(300, 700)
        facade = _jitter((30, 30, 44), rng, 8)
        draw.rectangle((x, h - bh, x + bw, h), fill=facade)
        for wy in range(h - bh + 30, h - 120, 60):
            for wx in range(x + 20, x + bw - 30, 50):
                if rng.random() < 0.22:
                    draw.rectangle(
                        (wx, wy, wx + 22, wy + 32), fill=_jitter((230, 180, 110), rng, 20)
                    )
        x += bw + 6
    for _ in range(rng.randint(4, 7)):  # blurred street lamps and car lights
        _glow(
            img,
            (rng.randint(50, w - 50), rng.randint(int(h * 0.5), h - 60)),
            rng.randint(60, 160),
            _jitter((255, 190, 110), rng, 20),
            0.8,
        )
    return img


SCENES = {
    "hills": scene_hills,
    "skyline": scene_skyline,
    "fields": scene_fields,
    "river": scene_river,
    "smoke": scene_smoke,
    "pylons": scene_pylons,
    "harbour": scene_harbour,
    "rail": scene_rail,
    "night_street": scene_night_street,
}


def draw_lead_image(scene, sky, seed):
    """Return JPEG bytes of a 1600x900 picture of `scene` under `sky`."""
    rng = make_rng(seed)
    img = SCENES[scene](rng, sky)
    img = _finish(img, rng)
    return _jpeg(img, quality=82)


# --- Portraits ------------------------------------------------------------------

SKIN = [
    (243, 210, 186),
    (236, 193, 163),
    (226, 176, 140),
    (204, 148, 110),
    (168, 114, 80),
    (128, 84, 58),
    (96, 62, 44),
]
HAIR = {
    "black": (28, 24, 24),
    "dark brown": (60, 40, 30),
    "brown": (104, 70, 44),
    "auburn": (138, 66, 38),
    "blonde": (214, 180, 116),
    "grey": (160, 160, 162),
    "white": (226, 222, 214),
}
BACKGROUNDS = [
    (64, 118, 128),
    (196, 160, 70),
    (184, 100, 78),
    (84, 104, 150),
    (122, 146, 112),
    (126, 84, 120),
    (214, 128, 108),
    (70, 86, 96),
    (170, 170, 150),
    (200, 176, 150),
]
CLOTHES = [
    (36, 44, 60),
    (120, 40, 44),
    (50, 80, 70),
    (200, 190, 170),
    (70, 70, 74),
    (40, 90, 140),
    (150, 110, 60),
    (230, 230, 226),
    (90, 60, 90),
    (30, 30, 30),
]


def draw_portrait(seed, hair_style="short", hair="brown", skin=2, glasses=False, beard=False):
    """Return JPEG bytes of a 600x600 stylised head-and-shoulders portrait."""
    rng = make_rng(seed)
    s = PORTRAIT_SIZE * 2  # draw at double size, then downsample for smooth edges
    bg = BACKGROUNDS[seed % len(BACKGROUNDS)]
    img = _vertical_gradient((s, s), _mix(bg, (255, 255, 255), 0.18), _mix(bg, (0, 0, 0), 0.22))
    draw = ImageDraw.Draw(img)
    draw.ellipse((s * 0.12, s * 0.08, s * 0.88, s * 0.84), fill=_mix(bg, (255, 255, 255), 0.28))

    skin_c = SKIN[skin % len(SKIN)]
    shade = _mix(skin_c, (0, 0, 0), 0.14)
    hair_c = HAIR[hair]
    cloth = CLOTHES[rng.randrange(len(CLOTHES))]
    cx = s // 2
    head = (cx - 175, 250, cx + 175, 690)

    if hair_style in ("long", "bob"):
        bottom = 900 if hair_style == "long" else 700
        draw.rounded_rectangle((cx - 215, 220, cx + 215, bottom), radius=190, fill=hair_c)
    # Torso and neck.
    draw.ellipse((cx - 470, 860, cx + 470, 1600), fill=cloth)
    draw.rectangle((cx - 75, 600, cx + 75, 900), fill=shade)
    neckline = rng.choice(["v", "crew", "collar", "turtle"])
    if neckline == "v":
        draw.polygon([(cx - 120, 880), (cx + 120, 880), (cx, 1010)], fill=shade)
    elif neckline == "collar":
        shirt = (240, 240, 236) if cloth != (230, 230, 226) else (90, 120, 170)
        draw.polygon([(cx - 140, 870), (cx, 960), (cx - 60, 1030)], fill=shirt)
        draw.polygon([(cx + 140, 870), (cx, 960), (cx + 60, 1030)], fill=shirt)
    elif neckline == "turtle":
        draw.rounded_rectangle(
            (cx - 110, 780, cx + 110, 930), radius=40, fill=_mix(cloth, (255, 255, 255), 0.08)
        )
    else:
        draw.chord((cx - 120, 820, cx + 120, 960), 0, 180, fill=shade)
    # Ears and head.
    draw.ellipse((cx - 200, 430, cx - 140, 540), fill=shade)
    draw.ellipse((cx + 140, 430, cx + 200, 540), fill=shade)
    draw.ellipse(head, fill=skin_c)
    if beard:
        draw.chord((cx - 170, 380, cx + 170, 700), 10, 170, fill=hair_c)
        draw.ellipse((cx - 60, 560, cx + 60, 610), fill=skin_c)
    # Hair on top.
    if hair_style in ("short", "long", "bob", "bun", "side"):
        draw.chord((cx - 190, 215, cx + 190, 560), 180, 360, fill=hair_c)
        if hair_style == "side":
            draw.polygon(
                [
                    (cx - 190, 390),
                    (cx + 60, 250),
                    (cx + 190, 390),
                    (cx + 190, 330),
                    (cx - 190, 330),
                ],
                fill=hair_c,
            )
        if hair_style == "bun":
            draw.ellipse((cx - 80, 130, cx + 80, 280), fill=hair_c)
    elif hair_style == "curly":
        for angle in range(180, 361, 15):
            a = math.radians(angle)
            x = cx + math.cos(a) * 170
            y = 420 + math.sin(a) * 190
            draw.ellipse((x - 70, y - 70, x + 70, y + 70), fill=hair_c)
    elif hair_style == "receding":
        draw.chord((cx - 185, 300, cx + 185, 600), 180, 230, fill=hair_c)
        draw.chord((cx - 185, 300, cx + 185, 600), 310, 360, fill=hair_c)
    if glasses:
        frame = (30, 30, 34)
        draw.rounded_rectangle((cx - 145, 450, cx - 30, 525), radius=22, outline=frame, width=10)
        draw.rounded_rectangle((cx + 30, 450, cx + 145, 525), radius=22, outline=frame, width=10)
        draw.line((cx - 30, 480, cx + 30, 480), fill=frame, width=8)

    img = img.resize((PORTRAIT_SIZE, PORTRAIT_SIZE), Image.Resampling.LANCZOS)
    img = Image.blend(img, _noise(rng, img.size), 0.025)
    return _jpeg(img, quality=88)


def _jpeg(img, quality):
    buffer = io.BytesIO()
    img.convert("RGB").save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()
