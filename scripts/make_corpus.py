#!/usr/bin/env python3
"""Generate a synthetic bantin project of N Vietnamese posts, deterministic from a seed.

Usage: python scripts/make_corpus.py DEST --posts 1000 [--seed 1] [--photos] [--relevance]

DEST gets mkdocs.yml, a registry.yml of 20 agencies (a provincial Party committee of agencies
and 19 departments, each with 3–6 branches: Party cells, trade union, youth union), and
posts/YYYY/*.md spread over every agency, branch and kind and 6 terms, 600–900 words each,
with tags, authors and summaries. With --photos each post names 0–8 photos (4 on average,
cover included) from a pool of N/10 generated camera-like JPEGs in images/kho/ (at least 20),
so 10,000 posts carry ~40,000 photo references over 1,000 distinct files.

With --relevance (issue 18), the text is drawn from the syllables minus those of PROBES, and
each post gets each probe phrase whole (in its body, sometimes its summary: ~12 %), or only its
syllables scattered apart and shuffled (~30 %), or neither: phrase search and bag-of-syllables
search then differ measurably. DEST/judgments.yml holds QUERIES judged by the reference
relevance (scripts/search_judgments.py). The default corpus is unchanged, byte for byte.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

REPO = Path(__file__).resolve().parent.parent
TERMS = ["2015-2020", "2017-2022", "2020-2025", "2022-2027", "2023-2028", "2025-2030"]
SYLLABLES = (
    "đảng bộ chi bộ đại hội hội nghị sơ kết tổng kết nhiệm kỳ đồng chí bí thư cấp ủy đảng viên công tác "
    "xây dựng chỉnh đốn nghị quyết quán triệt triển khai thực hiện kết quả phương hướng nhiệm vụ giải pháp "
    "lãnh đạo chỉ đạo kiểm tra giám sát cán bộ công chức viên chức người lao động chuyển đổi số cải cách "
    "hành chính thủ tục văn bản điện tử công đoàn thanh niên phụ nữ dân vận tuyên giáo tổ chức văn phòng "
    "thương mại công nghiệp ngân sách thuế giáo dục đào tạo khảo thí chất lượng đoàn kết thống nhất dân chủ "
    "kỷ cương trách nhiệm hiệu quả phát huy tiếp tục đẩy mạnh nâng cao tăng cường đổi mới sáng tạo "
    "nông nghiệp nông thôn y tế dự phòng giao thông vận tải xây dựng tài nguyên môi trường tư pháp "
    "nội vụ văn hóa thể thao du lịch lao động thương binh xã hội kế hoạch đầu tư khoa học công nghệ"
).split()
DEPARTMENTS = [
    ("so-cong-thuong", "Sở Công Thương", "SCT"), ("so-tai-chinh", "Sở Tài chính", "STC"),
    ("so-giao-duc", "Sở Giáo dục và Đào tạo", "SGDĐT"), ("so-y-te", "Sở Y tế", "SYT"),
    ("so-nong-nghiep", "Sở Nông nghiệp và Phát triển nông thôn", "SNN"),
    ("so-giao-thong", "Sở Giao thông vận tải", "SGTVT"), ("so-xay-dung", "Sở Xây dựng", "SXD"),
    ("so-tai-nguyen", "Sở Tài nguyên và Môi trường", "STNMT"), ("so-tu-phap", "Sở Tư pháp", "STP"),
    ("so-noi-vu", "Sở Nội vụ", "SNV"), ("so-van-hoa", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    ("so-lao-dong", "Sở Lao động - Thương binh và Xã hội", "SLĐTBXH"),
    ("so-ke-hoach", "Sở Kế hoạch và Đầu tư", "SKHĐT"), ("so-khoa-hoc", "Sở Khoa học và Công nghệ", "SKHCN"),
    ("so-thong-tin", "Sở Thông tin và Truyền thông", "STTTT"), ("cuc-thue", "Cục Thuế tỉnh", "CT"),
    ("kho-bac", "Kho bạc Nhà nước tỉnh", "KBNN"), ("bao-hiem-xa-hoi", "Bảo hiểm xã hội tỉnh", "BHXH"),
    ("thanh-tra", "Thanh tra tỉnh", "TTr"),
]
UNITS = [("van-phong", "Chi bộ Văn phòng"), ("thanh-tra", "Chi bộ Thanh tra"),
         ("ke-hoach", "Chi bộ Phòng Kế hoạch - Tài chính"), ("nghiep-vu", "Chi bộ Phòng Nghiệp vụ"),
         ("trung-tam", "Chi bộ Trung tâm trực thuộc"), ("cong-doan", "Công đoàn cơ sở"),
         ("doan-thanh-nien", "Chi đoàn Thanh niên")]
AUTHORS = ["Trần Thu Hà", "Nguyễn Văn Bình", "Lê Thị Mai", "Phạm Quốc Đạt", "Đỗ Thị Hồng Nhung", "Vũ Đức Thắng"]
TAGS = ["chuyển đổi số", "công tác cán bộ", "đại hội điểm", "xây dựng Đảng", "cải cách hành chính",
        "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "dân vận khéo", "kết nạp đảng viên"]
CAPTIONS = ["Quang cảnh {event}", "Đồng chí Bí thư phát biểu chỉ đạo {event}", "Đại biểu biểu quyết thông qua nghị quyết",
            "Tặng hoa chúc mừng Ban Chấp hành khóa mới", "Đoàn Chủ tịch điều hành {event}", "Các đại biểu chụp ảnh lưu niệm"]


PROBES = ["sơ kết", "đại hội chi bộ", "chuyển đổi số", "kết nạp đảng viên", "cải cách hành chính",
          "công đoàn cơ sở"]
# The judged queries of a --relevance corpus: the probes with and without tones, a mixed one,
# a word, names, a typo and nonsense.
QUERIES = [*PROBES, "so ket", "dai hoi chi bo", "chuyen doi so", "ket nap dang vien", "cai cach hanh chinh",
           "cong doan co so", "đại hội chi bo", "sơ", "SCT", "Sở Tài chính", "dai hio", "xyzzy qwerty"]


def _fold(word: str) -> str:
    import unicodedata
    word = word.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)).lower()


def registry() -> dict:
    agencies = {"dang-bo-khoi": {
        "name": "Đảng bộ Khối các cơ quan tỉnh Nam Sơn", "short": "Đảng bộ Khối", "aliases": ["Đảng ủy Khối"],
        "level": "dang-bo",
        "description": "Đảng bộ cấp trên cơ sở của các sở, ban, ngành tỉnh.",
        "units": {"van-phong": "Chi bộ Văn phòng Đảng ủy Khối", "ban-tuyen-giao": "Ban Tuyên giáo Đảng ủy Khối"},
    }}
    rng = random.Random(0)
    for key, short, alias in DEPARTMENTS:
        units = dict(rng.sample(UNITS, k=rng.randint(3, 6)))
        agencies[key] = {"name": f"Đảng bộ {short}", "short": short, "aliases": [alias], "parent": "dang-bo-khoi",
                         "description": f"Đảng bộ cơ sở {short} tỉnh Nam Sơn.", "unit_level": "chi-bo",
                         "units": {k: {"name": f"{v} {short}", "level": "cong-doan"} if v.startswith("Công đoàn")
                                   else v for k, v in units.items()}}
    sample = yaml.safe_load((REPO / "registry.yml").read_text(encoding="utf-8"))
    # The sample's term calendar, so that terms are inferred and the congress tracker is built at scale.
    return {"agencies": agencies, "kinds": sample["kinds"], "levels": sample["levels"]}


def sentence(rng: random.Random, vocabulary: list[str] = SYLLABLES) -> str:
    words = [rng.choice(vocabulary) for _ in range(rng.randint(12, 24))]
    return " ".join(words).capitalize() + "."


_PROBE_SYLLABLES = {_fold(w) for p in PROBES for w in p.split()}
FILLER = [w for w in SYLLABLES if _fold(w) not in _PROBE_SYLLABLES]


def probe_body(rng: random.Random, words: int) -> tuple[str, str]:
    """(summary, body) of a --relevance post: filler text with each probe whole, scattered or absent."""
    sentences = [sentence(rng, FILLER)[:-1].split() for _ in range(max(8, words // 18))]
    summary = sentence(rng, FILLER)[:-1].split()
    for probe in PROBES:
        r = rng.random()
        if r < 0.12:
            target = summary if rng.random() < 0.25 else rng.choice(sentences)
            at = rng.randint(0, len(target))
            target[at:at] = probe.split()
        elif r < 0.42:  # each syllable in its own sentence, in shuffled order: never adjacent
            parts = probe.split()
            rng.shuffle(parts)
            for part, target in zip(parts, rng.sample(sentences, k=len(parts)), strict=True):
                target.insert(rng.randint(1, len(target) - 1), part)
    paragraphs = [" ".join(" ".join(s).capitalize() + "." for s in sentences[i:i + 5])
                  for i in range(0, len(sentences), 5)]
    return " ".join(summary).capitalize() + ".", "\n\n".join(paragraphs) + "\n"


def body(rng: random.Random, words: int) -> str:
    paragraphs, count = [], 0
    while count < words:
        if paragraphs and rng.random() < 0.15:
            paragraphs.append("## " + sentence(rng).rstrip(".")[:60].strip())
        elif paragraphs and rng.random() < 0.05:
            paragraphs.append("\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(2, 4))))
        para = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        paragraphs.append(para)
        count += len(para.split())
    return "\n\n".join(paragraphs) + "\n"


def make_photos(folder: Path, count: int, seed: int) -> list[str]:
    """`count` 1600×1200 JPEGs with shapes and grain (deterministic); their project paths."""
    from PIL import Image, ImageDraw, ImageFilter

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    names = []
    for i in range(count):
        path = folder / f"anh-{i:05d}.jpg"
        names.append(f"images/kho/{path.name}")
        if path.exists():
            continue
        image = Image.new("RGB", (400, 300), tuple(rng.randint(60, 200) for _ in range(3)))
        draw = ImageDraw.Draw(image)
        for _ in range(12):
            x, y = rng.randint(0, 380), rng.randint(0, 280)
            draw.rectangle((x, y, x + rng.randint(10, 120), y + rng.randint(10, 90)),
                           fill=tuple(rng.randint(0, 255) for _ in range(3)))
        image = image.resize((1600, 1200), Image.BILINEAR).filter(ImageFilter.GaussianBlur(2))
        noise = Image.effect_noise((1600, 1200), 24).convert("RGB")
        Image.blend(image, noise, 0.12).save(path, quality=85)
    return names


def make(dest: Path, posts: int, seed: int = 1, photos: bool = False, relevance: bool = False) -> Path:
    rng = random.Random(seed)
    dest.mkdir(parents=True, exist_ok=True)
    reg = registry()
    (dest / "registry.yml").write_text(yaml.safe_dump(reg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    config = {"site_name": "Bản tin thử nghiệm", "site_url": "https://example.github.io/bantin/",
              "theme": {"name": "material", "language": "vi", "font": False,
                        "features": ["navigation.tabs", "navigation.indexes", "navigation.prune"]},
              "plugins": [{"bantin": {"per_page": 10}}, "glightbox"], "extra": {"generator": False}}
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (dest / "docs").mkdir(exist_ok=True)
    pool = make_photos(dest / "images" / "kho", max(20, posts // 10), seed) if photos else []
    agencies = list(reg["agencies"].items())
    kinds = reg["kinds"]
    posts_dir = dest / "posts"
    shutil.rmtree(posts_dir, ignore_errors=True)
    for i in range(posts):
        key, agency = rng.choice(agencies)
        units = rng.sample(list(agency["units"]), k=min(len(agency["units"]), rng.choice([0, 1, 1, 2])))
        year = rng.randint(2015, 2025)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(7, 16):02d}:{rng.choice(['00', '30'])}"
        kind = rng.choice(list(kinds))
        kind_name = kinds[kind]["name"] if isinstance(kinds[kind], dict) else kinds[kind]
        term = rng.choice(TERMS)
        title = f"{kind_name} {agency['short']} số {i} nhiệm kỳ {term}"
        # No `term:`: the registry's term calendar gives each post the term of its date and level.
        front = {"title": title, "date": date, "agency": key, "units": units, "kind": kind,
                 "tags": rng.sample(TAGS, k=rng.randint(1, 3)), "author": rng.choice(AUTHORS),
                 "summary": sentence(rng)}
        if pool:
            chosen = rng.sample(pool, k=min(len(pool), rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 8, 4])))
            if chosen:
                front["cover"] = "../../" + chosen[0]
                front["photos"] = [{"src": "../../" + src, "caption": rng.choice(CAPTIONS).format(event=kind_name.lower())}
                                   for src in chosen]
        if relevance:
            front["summary"], text = probe_body(rng, rng.randint(600, 900))
        else:
            text = body(rng, rng.randint(600, 900))
        path = posts_dir / str(year) / f"bai-{i:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n"
                        + text, encoding="utf-8")
    if relevance:
        write_judgments(dest)
    return dest


def write_judgments(dest: Path) -> None:
    """DEST/judgments.yml: QUERIES judged by the reference relevance over DEST's posts."""
    from search_judgments import Project, dump, judge

    entries = [{"query": q, "kind": "typo" if q == "dai hio" else "none" if q == "xyzzy qwerty"
                else "name" if q in ("SCT", "Sở Tài chính") else "word" if " " not in q else "phrase"}
               for q in QUERIES]
    entries[QUERIES.index("dai hio")]["suggest"] = "đại hội"
    data = {"corpus": f"scripts/make_corpus.py --relevance: {dest.name}", "queries": judge(entries, Project.load(dest))}
    (dest / "judgments.yml").write_text(dump(data), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--photos", action="store_true", help="generate photos and name them in posts")
    parser.add_argument("--relevance", action="store_true",
                        help="probe phrases whole or scattered, and judged queries in DEST/judgments.yml")
    args = parser.parse_args()
    make(args.dest, args.posts, args.seed, args.photos, args.relevance)
    print(f"{args.posts} posts in {args.dest}")


if __name__ == "__main__":
    main()
