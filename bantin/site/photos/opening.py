"""Opening a photo file as the build does: what cannot be published is an `ImageError`.

Non-images, unsupported formats, decompression bombs and photos over the pixel limit are
refused here, with Vietnamese words for editors; `bantin check` and `bantin photos add` use
the same check, so they say what the build would.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import BinaryIO

from PIL import Image, UnidentifiedImageError

from bantin.site.photos.renditions import Settings

FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "MPO": "JPEG"}  # MPO: JPEG from phones
CAMERA_MAX = 4  # × max_pixels: up to this, a photo too large to publish as is; beyond, a decompression bomb
DAMAGED = ("ảnh bị hỏng hoặc không đầy đủ", "tệp có thể bị cắt khi sao chép; chép lại ảnh gốc")  # message, hint
NOT_AN_IMAGE = ("tệp không phải là ảnh, hoặc đã hỏng", "mở thử tệp; chụp hoặc xuất lại ảnh JPEG")


class ImageError(Exception):
    """A photo that cannot be published; message and hint are Vietnamese, for editors."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


class TooLarge(ImageError):
    """A photo over `max_pixels` that a camera could have taken (phones shoot 108–200 MP):
    `bantin photos add --thu-nho` keeps a smaller copy of it."""

    def __init__(self, size: str, pixels: int, settings: Settings):
        limit = f"{settings.max_pixels / 1e6:.0f} triệu"
        super().__init__(f"ảnh quá lớn ({size} điểm ảnh, quá giới hạn {limit})",
                         f"dùng bản nhỏ hơn {limit} điểm ảnh: 'bantin photos add --thu-nho BÀI.md ẢNH' "
                         "lưu một bản thu nhỏ, ảnh gốc giữ nguyên")
        self.pixels = pixels


def open_checked(path: Path | BinaryIO, settings: Settings) -> Image.Image:
    """Open a photo (a file, or bytes in memory), refusing non-images, unsupported formats and
    decompression bombs."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # max_pixels decides below
            im = Image.open(path)
    except Image.DecompressionBombError as exc:  # over twice Pillow's limit: not even opened
        found = re.search(r"\((\d+) pixels\)", str(exc))
        if found and int(found.group(1)) <= CAMERA_MAX * settings.max_pixels:
            raise TooLarge(f"{int(found.group(1)) / 1e6:.0f} triệu", int(found.group(1)), settings) from None
        size = f"{int(found.group(1)) / 1e6:.0f} triệu điểm ảnh" if found else "quá nhiều điểm ảnh"
        raise ImageError(f"ảnh có {size}, quá giới hạn {settings.max_pixels / 1e6:.0f} triệu (nghi là 'bom giải nén')",
                         "dùng ảnh chụp bình thường, dưới 100 triệu điểm ảnh") from None
    except UnidentifiedImageError:
        raise ImageError(*NOT_AN_IMAGE) from None
    except PermissionError:
        raise ImageError("không có quyền đọc tệp ảnh", "kiểm tra quyền của tệp (chmod a+r)") from None
    except OSError:  # Pillow's "Truncated File Read" and the like: the header itself is cut
        raise ImageError(*DAMAGED) from None
    if im.format not in FORMATS:
        im.close()
        raise ImageError(f"định dạng ảnh {im.format} chưa được hỗ trợ", "chuyển ảnh sang JPEG hoặc PNG")
    if im.width * im.height > settings.max_pixels:
        size, pixels = f"{im.width}×{im.height}", im.width * im.height
        im.close()
        if pixels <= CAMERA_MAX * settings.max_pixels:
            raise TooLarge(size, pixels, settings)
        raise ImageError(f"ảnh quá lớn ({size} điểm ảnh, quá giới hạn {settings.max_pixels / 1e6:.0f} triệu)",
                         "thu nhỏ ảnh, dưới 100 triệu điểm ảnh")
    return im
