#!/usr/bin/env python3
"""Generate a synthetic bantin project of N Vietnamese posts, deterministic from a seed.

Usage: python scripts/make_corpus.py DEST --posts 1000 [--seed 1]

DEST gets mkdocs.yml, registry.yml (the sample registry) and posts/YYYY/*.md spread
over every agency, unit, kind and the terms 2015–2030, with 600–900 words each.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
TERMS = ["2015-2020", "2017-2022", "2020-2022", "2020-2025", "2022-2025", "2023-2028", "2025-2030"]
SYLLABLES = (
    "đảng bộ chi bộ đại hội hội nghị sơ kết tổng kết nhiệm kỳ đồng chí bí thư cấp ủy đảng viên công tác "
    "xây dựng chỉnh đốn nghị quyết quán triệt triển khai thực hiện kết quả phương hướng nhiệm vụ giải pháp "
    "lãnh đạo chỉ đạo kiểm tra giám sát cán bộ công chức viên chức người lao động chuyển đổi số cải cách "
    "hành chính thủ tục văn bản điện tử công đoàn thanh niên phụ nữ dân vận tuyên giáo tổ chức văn phòng "
    "thương mại công nghiệp ngân sách thuế giáo dục đào tạo khảo thí chất lượng đoàn kết thống nhất dân chủ "
    "kỷ cương trách nhiệm hiệu quả phát huy tiếp tục đẩy mạnh nâng cao tăng cường đổi mới sáng tạo"
).split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(SYLLABLES) for _ in range(rng.randint(12, 24))]
    return " ".join(words).capitalize() + "."


def body(rng: random.Random, words: int) -> str:
    paragraphs, count = [], 0
    while count < words:
        if paragraphs and rng.random() < 0.15:
            paragraphs.append("## " + sentence(rng).rstrip(".")[:60].strip())
        para = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        paragraphs.append(para)
        count += len(para.split())
    return "\n\n".join(paragraphs) + "\n"


def make(dest: Path, posts: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "registry.yml", dest / "registry.yml")
    config = {"site_name": "Bản tin thử nghiệm", "site_url": "https://example.github.io/bantin/",
              "theme": {"name": "material", "language": "vi", "font": False,
                        "features": ["navigation.tabs", "navigation.indexes"]},
              "plugins": [{"bantin": {"per_page": 10}}, "glightbox"], "extra": {"generator": False}}
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (dest / "docs").mkdir(exist_ok=True)
    registry = yaml.safe_load((REPO / "registry.yml").read_text(encoding="utf-8"))
    agencies = list(registry["agencies"].items())
    kinds = list(registry["kinds"])
    posts_dir = dest / "posts"
    shutil.rmtree(posts_dir, ignore_errors=True)
    for i in range(posts):
        key, agency = rng.choice(agencies)
        units = rng.sample(list(agency.get("units") or {}), k=min(len(agency.get("units") or {}), rng.randint(0, 2)))
        year = rng.randint(2015, 2024)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(7, 16):02d}:{rng.choice(['00', '30'])}"
        kind = rng.choice(kinds)
        term = rng.choice(TERMS)
        title = f"{registry['kinds'][kind]['name'] if isinstance(registry['kinds'][kind], dict) else registry['kinds'][kind]} " \
                f"{agency['short']} số {i} nhiệm kỳ {term}"
        front = {"title": title, "date": date, "agency": key, "units": units, "term": term, "kind": kind,
                 "tags": rng.sample(["chuyển đổi số", "công tác cán bộ", "đại hội điểm", "xây dựng Đảng"], k=2),
                 "author": rng.choice(["Trần Thu Hà", "Nguyễn Văn Bình", "Lê Thị Mai"]),
                 "summary": sentence(rng)}
        path = posts_dir / str(year) / f"bai-{i:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n"
                        + body(rng, rng.randint(600, 900)), encoding="utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    make(args.dest, args.posts, args.seed)
    print(f"{args.posts} posts in {args.dest}")


if __name__ == "__main__":
    main()
