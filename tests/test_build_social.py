"""Integration: the pictures a built site shares, from the options and the registry."""

from __future__ import annotations

from pathlib import Path

from factories import make_photo, make_project
from sitebuild import run_bantin, soup

EMBLEM = "    short: Sở Công Thương\n    aliases: [SCT, Sở CT]\n"


def og_image(site: Path, page: str) -> tuple[str, str]:
    doc = soup(site / page / "index.html")
    return (doc.find("meta", attrs={"property": "og:image"})["content"],
            doc.find("meta", attrs={"property": "og:image:alt"})["content"])


def test_the_chosen_image_and_an_agency_emblem_are_shared(tmp_path: Path):
    root = make_project(tmp_path / "p", sample=True, config={
        "      per_page: 10\n": "      per_page: 10\n      social_image: images/bieu-trung/khoi.png\n"})
    (root / "images/bieu-trung").mkdir()
    make_photo(root / "images/bieu-trung/khoi.png", (400, 400), (0, 120, 0))
    make_photo(root / "images/bieu-trung/sct.png", (300, 300), (200, 0, 0))
    registry = (root / "registry.yml").read_text(encoding="utf-8")
    (root / "registry.yml").write_text(
        registry.replace(EMBLEM, EMBLEM + "    emblem: images/bieu-trung/sct.png\n", 1), encoding="utf-8")
    result = run_bantin(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = root / "site"
    agency, agency_alt = og_image(site, "co-quan/so-cong-thuong")
    unit, _ = og_image(site, "co-quan/so-cong-thuong/don-vi/van-phong")
    default, default_alt = og_image(site, "co-quan")
    assert agency == unit != default and agency_alt == "Đảng bộ Sở Công Thương"
    assert default_alt.startswith("Bản tin") and "/assets/bantin/chia-se/" in default
    for url in (agency, default):
        assert (site / url.split("/bantin/", 1)[1]).is_file()


def test_a_missing_or_broken_chosen_image_stops_the_build_naming_it(tmp_path: Path):
    root = make_project(tmp_path / "p", sample=True, config={
        "      per_page: 10\n": "      per_page: 10\n      social_image: images/khong-co.png\n"})
    registry = (root / "registry.yml").read_text(encoding="utf-8")
    (root / "registry.yml").write_text(
        registry.replace(EMBLEM, EMBLEM + "    emblem: images/hong.png\n", 1), encoding="utf-8")
    (root / "images/hong.png").write_text("không phải ảnh", encoding="utf-8")
    result = run_bantin(root, "build")
    assert result.returncode == 1
    assert "mkdocs.yml: [social_image] không có tệp ảnh 'images/khong-co.png'" in result.stderr
    (root / "images/khong-co.png").write_bytes(make_photo(tmp_path / "ok.png").read_bytes())
    result = run_bantin(root, "build")
    assert result.returncode == 1
    assert "registry.yml: [agencies.so-cong-thuong.emblem] ảnh 'images/hong.png': tệp không phải là ảnh" \
        in result.stderr
