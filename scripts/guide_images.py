"""The screenshots of huong-dan/README.md, from what the browser tests photographed.

    .venv/bin/pytest tests/test_admin.py tests/test_serve_browser.py   # writes test-artifacts/
    .venv/bin/python scripts/guide_images.py                           # → huong-dan/anh/*.webp

Each screenshot is scaled to at most 1200 px wide (a tall page cut to its first screens) and saved as
WebP, so the guide stays small in the repository. Run it when the editor's screens change.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
OUT = REPO / "huong-dan" / "anh"
WIDTH, TALLEST = 1200, 1500

SHOTS = {  # the guide's name: what the tests wrote
    "01-dang-nhap": "admin/01-dang-nhap.png",
    "02-ma-truy-cap": "admin/02-ma-truy-cap.png",
    "03-danh-sach-bai": "admin/03-danh-sach-bai.png",
    "04-bai-moi": "admin/04-bai-moi.png",
    "05-tai-anh": "admin/05-tai-anh.png",
    "06-da-luu": "admin/06-da-luu.png",
    "07-bai-tren-trang": "admin/07-bai-tren-trang.png",
    "08-danh-sach-co-bai": "admin/08-danh-sach-co-bai.png",
    "xem-truoc-co-loi": "screenshots/serve-error-page-phone.png",
}


def main() -> int:
    missing = [source for source in SHOTS.values() if not (ARTIFACTS / source).is_file()]
    if missing:
        print("Thiếu ảnh chụp (chạy các bài kiểm thử trình duyệt trước): " + ", ".join(missing), file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    for name, source in SHOTS.items():
        with Image.open(ARTIFACTS / source) as shot:
            picture = shot.convert("RGB")
        if picture.width > WIDTH:
            picture = picture.resize((WIDTH, round(picture.height * WIDTH / picture.width)), Image.Resampling.LANCZOS)
        if picture.height > TALLEST:
            picture = picture.crop((0, 0, picture.width, TALLEST))
        picture.save(OUT / f"{name}.webp", "WEBP", quality=80, method=6)
        print(f"huong-dan/anh/{name}.webp  {picture.width}×{picture.height}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
