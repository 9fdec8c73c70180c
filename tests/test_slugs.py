import unicodedata

from bantin.model.slugs import heading_slugify, is_slug, slugify


def test_issue_example_title():
    title = "Đại hội Chi bộ Văn phòng 2 lần thứ nhất, nhiệm kỳ 2020 - 2022"
    assert slugify(title) == "dai-hoi-chi-bo-van-phong-2-lan-thu-nhat-nhiem-ky-2020-2022"


def test_d_stroke_both_cases():
    assert slugify("Đảng đoàn ĐOÀN") == "dang-doan-doan"


def test_nfd_input_gives_the_same_slug():
    assert slugify(unicodedata.normalize("NFD", "Hội nghị sơ kết 6 tháng")) == "hoi-nghi-so-ket-6-thang"


def test_every_vietnamese_vowel_becomes_ascii():
    vowels = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵ"
    slug = slugify(vowels + vowels.upper())
    assert slug.isascii() and set(slug) <= set("aeiouy")


def test_punctuation_and_en_dash_collapse_to_single_hyphens():
    assert slugify("  Nhiệm kỳ 2017–2020: “tổng kết”!  ") == "nhiem-ky-2017-2020-tong-ket"


def test_long_slug_is_cut_at_a_hyphen():
    full = slugify("Đại hội " * 40, max_length=1000)
    slug = slugify("Đại hội " * 40)
    assert len(slug) <= 100 and not slug.endswith("-")
    assert full.startswith(slug + "-")  # whole words only


def test_heading_anchor_keeps_d():
    assert heading_slugify("Đánh giá kết quả nhiệm kỳ", "-") == "danh-gia-ket-qua-nhiem-ky"


def test_is_slug():
    assert is_slug("dai-hoi-2020")
    assert not is_slug("Đại-hội") and not is_slug("a--b") and not is_slug("-a")
