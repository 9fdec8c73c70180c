import unicodedata

from bantin.model.text import clean, escape_md, fold, nfc, plain_excerpt, sort_key


def test_nfc_composes_decomposed_vietnamese():
    nfd = unicodedata.normalize("NFD", "Đại hội")
    assert nfd != "Đại hội"
    assert nfc(nfd) == "Đại hội"


def test_clean_drops_zero_width_characters_and_collapses_spaces():
    assert clean("Đại\u200b hội \ufeff  Chi   bộ\n") == "Đại hội Chi bộ"


def test_fold_removes_tones_and_turns_d_stroke_into_d():
    assert fold("Đại hội Chi bộ Văn phòng") == "dai hoi chi bo van phong"
    assert fold(unicodedata.normalize("NFD", "ĐẠI HỘI")) == "dai hoi"


def test_sort_key_puts_d_stroke_after_d_and_before_e():
    words = ["Em", "Đảng", "Zeta", "Dân", "Anh"]
    assert sorted(words, key=sort_key) == ["Anh", "Dân", "Đảng", "Em", "Zeta"]


def test_sort_key_orders_letters_with_marks_as_separate_letters():
    # a < ă < â, o < ô < ơ, u < ư: dictionary order, not code point order.
    assert sorted(["ân", "an", "ăn"], key=sort_key) == ["an", "ăn", "ân"]
    assert sorted(["ơn", "ôn", "on"], key=sort_key) == ["on", "ôn", "ơn"]
    assert sorted(["ưa", "ua"], key=sort_key) == ["ua", "ưa"]


def test_sort_key_compares_tones_only_after_letters():
    # ma, mà, mả, mã, má, mạ — and tone never outweighs a later letter.
    assert sorted(["mạ", "má", "mã", "mả", "mà", "ma"], key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(["mác", "mạ"], key=sort_key) == ["mạ", "mác"]


def test_sort_key_is_the_same_for_nfd_input():
    assert sort_key(unicodedata.normalize("NFD", "Đảng bộ"))[:3] == sort_key("Đảng bộ")[:3]


def test_escape_md_keeps_markup_literal():
    assert escape_md("*Đại hội* [1]") == r"\*Đại hội\* \[1\]"
    assert escape_md("<script> & a") == "&lt;script&gt; &amp; a"


def test_plain_excerpt_takes_first_text_paragraph_and_cuts_at_a_word():
    body = "## Tiêu đề\n\nSáng ngày **16/01/2020**, [Chi bộ](x.md) họp.\n\nĐoạn hai."
    assert plain_excerpt(body) == "Sáng ngày 16/01/2020, Chi bộ họp."
    long = "Đại hội " * 60
    cut = plain_excerpt(long, limit=30)
    assert cut.endswith("…") and len(cut) <= 31 and not cut[:-1].endswith(" ")
