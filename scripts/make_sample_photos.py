#!/usr/bin/env python3
"""Generate the sample site's photos: camera-like JPEGs of congress scenes, deterministic.

Usage: python scripts/make_sample_photos.py [--force]

Writes images/<year>/<post-slug>/*.jpg for the sample posts listed below (1600×1200,
a few hundred KiB each, with camera EXIF; some rotated by EXIF orientation 6 or 8, so the
photo pipeline has real work). The camera's GPS tags and serial number are then taken out as
`bantin photos clean` does (bantin.tools.privacy), as a new user's originals should be: the
sample's `bantin check` prints no warning. Existing files are kept unless --force. Needs a
font with Vietnamese glyphs (Debian: fonts-dejavu-core).
"""

from __future__ import annotations

import argparse
import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from bantin.tools import privacy

REPO = Path(__file__).resolve().parent.parent
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
W, H = 1600, 1200

# (folder, banner lines, [(file, scene, orientation, gps)])
SETS = [
    ("2020/dai-hoi-chi-bo-van-phong", ["ĐẠI HỘI CHI BỘ VĂN PHÒNG", "LẦN THỨ NHẤT, NHIỆM KỲ 2020 - 2022"], [
        ("toan-canh-dai-hoi.jpg", "hall", 1, True),
        ("doan-chu-tich.jpg", "presidium", 1, False),
        ("bao-cao-chinh-tri.jpg", "podium", 6, True),
        ("phat-bieu-chi-dao.jpg", "podium", 1, False),
        ("bieu-quyet.jpg", "vote", 1, True),
        ("bau-cu.jpg", "ballot", 8, False),
        ("tang-hoa.jpg", "flowers", 1, True),
        ("chi-uy-khoa-moi.jpg", "group", 1, False),
    ]),
    ("2020/dai-hoi-dang-bo-cuc-thue", ["ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ CỤC THUẾ", "LẦN THỨ V, NHIỆM KỲ 2020 - 2025"], [
        ("toan-canh.jpg", "hall", 1, True),
        ("phat-bieu.jpg", "podium", 6, False),
        ("ra-mat-bch.jpg", "group", 1, True),
    ]),
    ("2023/dai-hoi-cong-doan-so-giao-duc", ["ĐẠI HỘI CÔNG ĐOÀN CƠ SỞ", "SỞ GIÁO DỤC VÀ ĐÀO TẠO, NHIỆM KỲ 2023 - 2028"], [
        ("toan-canh.jpg", "hall", 1, False),
        ("bieu-quyet.jpg", "vote", 8, True),
        ("tang-hoa.jpg", "flowers", 1, False),
    ]),
    ("2023/so-ket-cuc-thue", ["HỘI NGHỊ SƠ KẾT CÔNG TÁC", "6 THÁNG ĐẦU NĂM 2023"], [
        ("hoi-nghi.jpg", "hall", 1, True),
        ("bao-cao.jpg", "podium", 1, False),
    ]),
]

SKIN = [(224, 184, 150), (210, 165, 130), (236, 196, 160), (198, 150, 115)]
SHIRTS = [(245, 245, 240), (230, 235, 245), (40, 50, 80), (70, 80, 100), (250, 250, 250), (120, 30, 40)]
HAIR = [(25, 20, 18), (40, 30, 25), (60, 50, 45), (120, 120, 120)]


def person(draw: ImageDraw.ImageDraw, rng: random.Random, x: float, y: float, scale: float, arm: bool = False):
    head = 34 * scale
    shirt = rng.choice(SHIRTS)
    draw.rounded_rectangle([x - 48 * scale, y + head * 0.9, x + 48 * scale, y + head * 4], radius=int(22 * scale),
                           fill=shirt)
    if rng.random() < 0.5 and shirt[0] > 200:  # a tie or a jacket edge
        draw.polygon([(x, y + head), (x - 6 * scale, y + head * 2.2), (x + 6 * scale, y + head * 2.2)],
                     fill=(150, 20, 30))
    draw.ellipse([x - head / 2, y - head * 0.1, x + head / 2, y + head], fill=rng.choice(SKIN))
    draw.chord([x - head / 2, y - head * 0.15, x + head / 2, y + head * 0.55], 180, 360, fill=rng.choice(HAIR))
    if arm:
        draw.line([(x + 30 * scale, y + head * 1.5), (x + 42 * scale, y - head * 0.8)], fill=shirt,
                  width=int(16 * scale))
        draw.rectangle([x + 34 * scale, y - head * 1.3, x + 52 * scale, y - head * 0.7], fill=(200, 40, 40))


def stage(draw: ImageDraw.ImageDraw, banner: list[str], top: int, height: int, font_size: int) -> None:
    draw.rectangle([0, top, W, top + height], fill=(178, 24, 30))  # red backdrop
    draw.rectangle([0, top + height - 14, W, top + height], fill=(230, 180, 40))
    font = ImageFont.truetype(FONT, font_size)
    small = ImageFont.truetype(FONT, int(font_size * 0.62))
    for i, (text, f) in enumerate(((banner[0], font), (banner[1], small))):
        box = draw.textbbox((0, 0), text, font=f)
        draw.text(((W - (box[2] - box[0])) / 2, top + height * (0.28 + 0.32 * i)), text, font=f, fill=(255, 222, 60))
    star = [(W / 2 + 34 * __import__("math").cos(a * 3.14159 / 5 - 1.5708) * (1 if a % 2 == 0 else 0.4),
             top + 40 + 34 * __import__("math").sin(a * 3.14159 / 5 - 1.5708) * (1 if a % 2 == 0 else 0.4))
            for a in range(10)]
    draw.polygon(star, fill=(255, 222, 60))


def flowers(draw, rng, x, y, n=14, spread=60):
    for _ in range(n):
        cx, cy = x + rng.uniform(-spread, spread), y + rng.uniform(-spread / 2, spread / 2)
        r = rng.uniform(8, 16)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=rng.choice([(220, 30, 60), (250, 200, 40), (250, 120, 150),
                                                                        (255, 255, 230)]))
    draw.polygon([(x - 20, y + spread / 2), (x + 20, y + spread / 2), (x, y + spread * 1.6)], fill=(40, 120, 50))


def scene(kind: str, banner: list[str], rng: random.Random) -> Image.Image:
    im = Image.new("RGB", (W, H), (236, 226, 206))
    draw = ImageDraw.Draw(im)
    for yy in range(H):  # warm wall light, darker at the floor
        shade = int(236 - 60 * yy / H)
        draw.line([(0, yy), (W, yy)], fill=(shade, int(shade * 0.95), int(shade * 0.85)))
    if kind in ("hall", "vote", "ballot"):
        stage(draw, banner, 40, 360, 64)
        draw.rectangle([600, 420, 1000, 520], fill=(120, 70, 40))  # presidium table
        for i in range(5):
            person(draw, rng, 650 + i * 75, 360, 0.8)
        for row in range(5):  # audience from the back of the hall
            scale = 0.9 + row * 0.35
            y = 560 + row * 130
            for i in range(int(12 - row * 1.6)):
                person(draw, rng, (i + 0.5) * W / int(12 - row * 1.6) + rng.uniform(-20, 20), y, scale,
                       arm=(kind == "vote" and rng.random() < 0.9))
        if kind == "ballot":
            draw.rectangle([700, 760, 900, 1000], fill=(200, 170, 120), outline=(90, 60, 30), width=6)
            draw.rectangle([760, 760, 840, 775], fill=(60, 40, 20))
    elif kind == "presidium":
        stage(draw, banner, 30, 420, 72)
        draw.rectangle([100, 700, 1500, 900], fill=(130, 75, 40))
        draw.rectangle([100, 700, 1500, 740], fill=(178, 24, 30))
        for i in range(6):
            person(draw, rng, 250 + i * 220, 520, 1.6)
        for i in range(6):
            draw.rectangle([215 + i * 220, 660, 285 + i * 220, 690], fill=(250, 250, 250))
    elif kind == "podium":
        stage(draw, banner, 20, 520, 80)
        person(draw, rng, 800, 520, 3.2)
        draw.polygon([(620, 760), (980, 760), (940, 1200), (660, 1200)], fill=(125, 72, 38))
        draw.ellipse([770, 800, 830, 860], fill=(250, 210, 60))
        flowers(draw, rng, 800, 740, n=22, spread=90)
    elif kind == "flowers":
        stage(draw, banner, 20, 420, 70)
        person(draw, rng, 600, 480, 3.0)
        person(draw, rng, 1000, 470, 3.1)
        flowers(draw, rng, 800, 760, n=30, spread=80)
    else:  # group photo in front of the backdrop
        stage(draw, banner, 30, 380, 66)
        for row in range(2):
            for i in range(7 - row):
                person(draw, rng, 230 + i * 190 + row * 95, 430 + row * 170, 1.9 - row * 0.1)
        for i in range(7):
            flowers(draw, rng, 230 + i * 190, 1010, n=8, spread=30)
    im = im.filter(ImageFilter.GaussianBlur(1.1))
    noise = Image.effect_noise((W, H), 22).convert("RGB")
    return Image.blend(im, noise, 0.06)  # sensor grain: real photos compress like this


def exif_for(orientation: int, gps: bool, rng: random.Random) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "Canon EOS 80D"
    exif[0x0131] = "Firmware Version 1.0.3"
    exif[0x0112] = orientation
    exif.get_ifd(0x8769).update({0x9003: "2020:01:16 08:45:12", 0xA431: f"0{rng.randint(100000, 999999)}"})
    if gps:  # a fictional spot, as the camera wrote it: cleaned before the file is written
        exif.get_ifd(0x8825).update({1: "N", 2: (20.0, 32.0, 15.5), 3: "E", 4: (105.0, 55.0, 4.2)})
    return exif


def stored(im: Image.Image, orientation: int) -> Image.Image:
    """The pixels a camera held sideways stores, so that EXIF `orientation` shows `im` upright."""
    inverse = {6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}
    return im.transpose(inverse[orientation]) if orientation in inverse else im


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="overwrite photos that exist")
    args = parser.parse_args()
    for folder, banner, photos in SETS:
        out = REPO / "images" / folder
        out.mkdir(parents=True, exist_ok=True)
        for name, kind, orientation, gps in photos:
            path = out / name
            if path.exists() and not args.force:
                continue
            rng = random.Random(f"{folder}/{name}")
            picture = stored(scene(kind, banner, rng), orientation)
            camera = io.BytesIO()
            picture.save(camera, "JPEG", quality=84, exif=exif_for(orientation, gps, rng).tobytes())
            path.write_bytes(privacy.clean(camera.getvalue()).data)
            print(f"{path.relative_to(REPO)}: {path.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
