"""The bad-input corpus (tests/fixtures/bad): each broken post, photo and registry gets its exact
Vietnamese message (file, line, field, value, fix), all in one run, and nothing is written."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from factories import make_project
from sitebuild import FIXTURES_DIR, copy_sample, run_bantin
from sitebuild import files as snapshot

BAD = FIXTURES_DIR / "bad"
HEAD = ("---\ntitle: Hội nghị sơ kết 6 tháng đầu năm – {case}\ndate: 2021-07-16\nagency: so-cong-thuong\n"
        "kind: hoi-nghi-so-ket\n")


def generated() -> dict[str, bytes]:
    """Cases too large to commit, written by the test."""
    paragraph = "Đại hội Chi bộ nhiệm kỳ 2020-2025 đã thành công tốt đẹp. " * 200 + "\n\n"
    return {
        "body_10_mb.md": (HEAD.format(case="body 10 mb") + "---\n\n" + paragraph * 900).encode(),
        "five_thousand_tags.md": (HEAD.format(case="five thousand tags") + "tags: ["
                                  + ", ".join(f"từ khóa {i}" for i in range(5000)) + "]\n---\n\nNội dung.\n").encode(),
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("bad"), sample=True, registry=FIXTURES_DIR / "registry.yml",
                        posts={f"posts/2021/{name}": data for name, data in generated().items()},
                        files={"site/index.html": "trang cũ"})
    shutil.copytree(BAD / "posts", root / "posts" / "2021", dirs_exist_ok=True)
    shutil.copytree(BAD / "images", root / "images", dirs_exist_ok=True)
    os.symlink("/etc/hostname", root / "images" / "lien-ket-ra-ngoai.jpg")
    return root


BUILD_LINE = re.compile(r"^(LỖI|CẢNH BÁO)\s+- bantin: ((?:posts/|registry\.yml)[^:]*)(.*)$")
CHECK_LINE = re.compile(r"^(LỖI|CẢNH BÁO) ((?:posts/|registry\.yml)[^:]*)(.*)$")


def by_file(lines: list[str], pattern: re.Pattern) -> dict[str, list[str]]:
    """Messages grouped by the file they name (as 'LỖI file:line: …' and '→ fix')."""
    found: dict[str, list[str]] = {}
    current = None
    for line in lines:
        match = pattern.match(line)
        if match:
            level, current, rest = match.groups()
            found.setdefault(current, []).append(f"{level} {current}{rest}")
        elif line.startswith("    →") and current:
            found[current].append(line.strip())
        else:
            current = None
    return found


@pytest.fixture(scope="module")
def built(corpus: Path):
    posts = snapshot(corpus / "posts")
    result = run_bantin(corpus, "build")
    return result, by_file(result.stderr.splitlines(), BUILD_LINE), posts


# Each case of tests/fixtures/bad/posts (and the generated ones): its messages in `bantin build`.
POSTS = {
    'agency_missing': [
        "LỖI posts/2021/agency_missing.md:1: [agency] thiếu trường bắt buộc 'agency'",
        "→ thêm dòng 'agency: so-cong-thuong' vào phần khai báo",
    ],
    'agency_typo': [
        "LỖI posts/2021/agency_typo.md:4: [agency] cơ quan 'so-cong-thuog' không có trong danh mục",
        "→ có phải ý bạn là 'so-cong-thuong' (Sở Công Thương)?",
    ],
    'alias_javascript': [
        "LỖI posts/2021/alias_javascript.md:6: [aliases[0]] đường dẫn cũ 'javascript:alert(1)' không hợp lệ",
        '→ ghi đường dẫn trong trang, ví dụ tin/2020/01/ten-cu',
    ],
    'alias_other_host': [
        "LỖI posts/2021/alias_other_host.md:6: [aliases[0]] đường dẫn cũ 'https://evil.example/tin' không hợp lệ",
        '→ ghi đường dẫn trong trang, ví dụ tin/2020/01/ten-cu',
    ],
    'binary_garbage': [
        'LỖI posts/2021/binary_garbage.md:2: tệp không phải UTF-8',
        '→ mở tệp và lưu lại với bảng mã UTF-8',
    ],
    'body_10_mb': [
        'LỖI posts/2021/body_10_mb.md: tệp dài 13,9 MB, quá 2 MB',
        '→ bài viết chỉ chứa chữ; ảnh để trong images/, tài liệu dài đưa lên nơi khác',
    ],
    'cover_not_a_photo_of_the_post': [
        "LỖI posts/2021/cover_not_a_photo_of_the_post.md:6: [cover] không tìm thấy ảnh '../../images/khong-co-anh-nay.jpg' (tức images/khong-co-anh-nay.jpg)",
        '→ kiểm tra tên tệp và thư mục, chữ hoa/thường phải khớp',
    ],
    'custom_tag': [
        "LỖI posts/2021/custom_tag.md:6: [summary] thẻ YAML '!include' không được phép",
        "→ xoá phần bắt đầu bằng '!' trước giá trị",
    ],
    'date_as_list': [
        "LỖI posts/2021/date_as_list.md:3: [date] ngày '[2021, 7, 16]' không hợp lệ: ngày phải là chuỗi dạng YYYY-MM-DD",
        '→ ví dụ đúng: 2020-01-16 hoặc 2020-01-16 08:30',
    ],
    'date_feb_30': [
        "LỖI posts/2021/date_feb_30.md:3: [date] ngày '2020-02-30' không hợp lệ: ngày không có thật trên lịch",
        '→ ví dụ đúng: 2020-01-16 hoặc 2020-01-16 08:30',
    ],
    'date_free_text': [
        "LỖI posts/2021/date_free_text.md:3: [date] ngày 'sáng thứ Hai tuần trước' không hợp lệ: không đọc được ngày; hãy viết dạng YYYY-MM-DD hoặc YYYY-MM-DD HH:MM",
        '→ ví dụ đúng: 2020-01-16 hoặc 2020-01-16 08:30',
    ],
    'date_missing': [
        "LỖI posts/2021/date_missing.md:1: [date] thiếu trường bắt buộc 'date'",
        "→ thêm dòng 'date: 2020-01-16' vào phần khai báo",
    ],
    'date_year_1800': [
        "LỖI posts/2021/date_year_1800.md:3: [date] ngày '1800-07-16' không hợp lệ: năm 1800 nằm ngoài khoảng 1930–2100",
        '→ ví dụ đúng: 2020-01-16 hoặc 2020-01-16 08:30',
    ],
    'draft_not_boolean': [
        "LỖI posts/2021/draft_not_boolean.md:6: [draft] 'draft' phải là true hoặc false, không phải 'có'",
        "→ viết 'draft: true' cho bài nháp, hoặc xoá dòng này",
    ],
    'duplicate_key': [
        "LỖI posts/2021/duplicate_key.md:6: [title] trường 'title' được khai báo hai lần",
        '→ xoá một trong hai dòng',
    ],
    'empty_file': [
        "LỖI posts/2021/empty_file.md:1: bài viết không bắt đầu bằng phần khai báo (front matter); dòng đầu là '(trống)'",
        "→ dòng đầu tiên của tệp phải là '---', tiếp theo là các trường title, date, agency…, rồi một dòng '---'",
    ],
    'five_thousand_tags': [
        'LỖI posts/2021/five_thousand_tags.md:6: [tags] bài có 5000 từ khóa, quá 30',
        '→ giữ lại vài từ khóa chính',
    ],
    'front_matter_empty': [
        "LỖI posts/2021/front_matter_empty.md:1: [title] thiếu trường bắt buộc 'title'",
        "→ thêm dòng 'title: Đại hội Chi bộ Văn phòng, nhiệm kỳ 2020-2025' vào phần khai báo",
        "LỖI posts/2021/front_matter_empty.md:1: [date] thiếu trường bắt buộc 'date'",
        "→ thêm dòng 'date: 2020-01-16' vào phần khai báo",
        "LỖI posts/2021/front_matter_empty.md:1: [agency] thiếu trường bắt buộc 'agency'",
        "→ thêm dòng 'agency: so-cong-thuong' vào phần khai báo",
        "LỖI posts/2021/front_matter_empty.md:1: [kind] thiếu trường bắt buộc 'kind'",
        "→ thêm dòng 'kind: dai-hoi-chi-bo' vào phần khai báo",
    ],
    'front_matter_is_a_list': [
        "LỖI posts/2021/front_matter_is_a_list.md:2: phần khai báo phải là danh sách 'tên: giá trị', mỗi trường một dòng",
        "→ ví dụ: 'title: Đại hội Chi bộ Văn phòng'",
    ],
    'front_matter_is_text': [
        "LỖI posts/2021/front_matter_is_text.md:2: phần khai báo phải là danh sách 'tên: giá trị', mỗi trường một dòng",
        "→ ví dụ: 'title: Đại hội Chi bộ Văn phòng'",
    ],
    'front_matter_not_closed': [
        "LỖI posts/2021/front_matter_not_closed.md:1: phần khai báo (front matter) mở bằng '---' nhưng không được đóng",
        "→ thêm một dòng '---' sau trường cuối cùng, trước nội dung bài",
    ],
    'kind_unknown': [
        "LỖI posts/2021/kind_unknown.md:5: [kind] loại tin 'so-ket-6-thang' không có trong danh mục",
        "→ có phải ý bạn là 'hoi-nghi-so-ket' (Hội nghị sơ kết)?",
    ],
    'no_front_matter': [
        "LỖI posts/2021/no_front_matter.md:1: bài viết không bắt đầu bằng phần khai báo (front matter); dòng đầu là 'Chỉ có nội dung, không có phần khai báo.'",
        "→ dòng đầu tiên của tệp phải là '---', tiếp theo là các trường title, date, agency…, rồi một dòng '---'",
    ],
    'only_blank_lines': [
        "LỖI posts/2021/only_blank_lines.md:1: bài viết không bắt đầu bằng phần khai báo (front matter); dòng đầu là '(trống)'",
        "→ dòng đầu tiên của tệp phải là '---', tiếp theo là các trường title, date, agency…, rồi một dòng '---'",
    ],
    'photo_30000x30000_png': [
        "CẢNH BÁO posts/2021/photo_30000x30000_png.md:7: [photos[0]] ảnh '../../images/anh-30000x30000.png' chưa có chú thích (caption) hay mô tả (alt)",
        "→ thêm 'caption: …' mô tả ảnh cho người đọc và cho người khiếm thị",
        "LỖI posts/2021/photo_30000x30000_png.md:7: [photos[0].src] ảnh 'images/anh-30000x30000.png': ảnh có 900 triệu điểm ảnh, quá giới hạn 100 triệu (nghi là 'bom giải nén')",
        '→ dùng ảnh chụp bình thường, dưới 100 triệu điểm ảnh',
    ],
    'photo_absolute_path': [
        "LỖI posts/2021/photo_absolute_path.md:7: [photos[0].src] đường dẫn ảnh '/etc/passwd' phải là đường dẫn tương đối tới tệp trong dự án",
        '→ ví dụ: ../../images/2020/ten-bai/anh-1.jpg',
    ],
    'photo_header_cut': [
        "CẢNH BÁO posts/2021/photo_header_cut.md:7: [photos[0]] ảnh '../../images/anh-cat-mat-dau.jpg' chưa có chú thích (caption) hay mô tả (alt)",
        "→ thêm 'caption: …' mô tả ảnh cho người đọc và cho người khiếm thị",
        "LỖI posts/2021/photo_header_cut.md:7: [photos[0].src] ảnh 'images/anh-cat-mat-dau.jpg': ảnh bị hỏng hoặc không đầy đủ",
        '→ tệp có thể bị cắt khi sao chép; chép lại ảnh gốc',
    ],
    'photo_missing_file': [
        "LỖI posts/2021/photo_missing_file.md:7: [photos[0].src] không tìm thấy ảnh '../../images/khong-co-anh-nay.jpg' (tức images/khong-co-anh-nay.jpg)",
        '→ kiểm tra tên tệp và thư mục, chữ hoa/thường phải khớp',
    ],
    'photo_not_an_image': [
        "CẢNH BÁO posts/2021/photo_not_an_image.md:7: [photos[0]] ảnh '../../images/khong-phai-anh.jpg' chưa có chú thích (caption) hay mô tả (alt)",
        "→ thêm 'caption: …' mô tả ảnh cho người đọc và cho người khiếm thị",
        "LỖI posts/2021/photo_not_an_image.md:7: [photos[0].src] ảnh 'images/khong-phai-anh.jpg': tệp không phải là ảnh, hoặc đã hỏng",
        '→ mở thử tệp; chụp hoặc xuất lại ảnh JPEG',
    ],
    'photo_path_traversal': [
        "LỖI posts/2021/photo_path_traversal.md:7: [photos[0].src] đường dẫn ảnh '../../../../../../etc/passwd' trỏ ra ngoài thư mục dự án",
        '→ đặt ảnh trong thư mục images/ và ghi đường dẫn tương đối',
    ],
    'photo_symlink_out_of_repo': [
        "LỖI posts/2021/photo_symlink_out_of_repo.md:7: [photos[0].src] đường dẫn ảnh '../../images/lien-ket-ra-ngoai.jpg' trỏ ra ngoài thư mục dự án",
        '→ đặt ảnh trong thư mục images/ và ghi đường dẫn tương đối',
    ],
    'photo_url_javascript': [
        "LỖI posts/2021/photo_url_javascript.md:7: [photos[0].src] tệp 'javascript:alert(1)' không phải ảnh (jpg, png, webp)",
        '→ ghi đường dẫn tương đối tới tệp ảnh trong images/, ví dụ ../../images/2020/ten-bai/anh-1.jpg',
    ],
    'python_tag': [
        "LỖI posts/2021/python_tag.md:2: [title] thẻ YAML '!!python/object/apply:os.system' không được phép",
        "→ xoá phần bắt đầu bằng '!' trước giá trị",
    ],
    'same_url_a': [
        "LỖI posts/2021/same_url_a.md:2: [slug] bài viết trùng địa chỉ /tin/2021/07/hoi-nghi-trung-dia-chi/ với bài 'posts/2021/same_url_b.md', 'posts/2021/same_url_c.md'",
        "→ đổi tiêu đề, hoặc thêm trường 'slug:' khác cho các bài này",
    ],
    'same_url_b': [
        "LỖI posts/2021/same_url_b.md:2: [slug] bài viết trùng địa chỉ /tin/2021/07/hoi-nghi-trung-dia-chi/ với bài 'posts/2021/same_url_a.md', 'posts/2021/same_url_c.md'",
        "→ đổi tiêu đề, hoặc thêm trường 'slug:' khác cho các bài này",
    ],
    'same_url_c': [
        "LỖI posts/2021/same_url_c.md:2: [slug] bài viết trùng địa chỉ /tin/2021/07/hoi-nghi-trung-dia-chi/ với bài 'posts/2021/same_url_a.md', 'posts/2021/same_url_b.md'",
        "→ đổi tiêu đề, hoặc thêm trường 'slug:' khác cho các bài này",
    ],
    'slug_with_diacritics': [
        "LỖI posts/2021/slug_with_diacritics.md:6: [slug] slug 'Hội-nghị-sơ-kết' không hợp lệ: chỉ gồm chữ thường không dấu, số và dấu '-'",
        "→ dùng 'hoi-nghi-so-ket'",
    ],
    'slug_with_slash': [
        "LỖI posts/2021/slug_with_slash.md:6: [slug] slug '../../index' không hợp lệ: chỉ gồm chữ thường không dấu, số và dấu '-'",
        "→ dùng 'index'",
    ],
    'tab_in_yaml': [
        'LỖI posts/2021/tab_in_yaml.md:4: [agency] lỗi cú pháp YAML: có ký tự Tab, YAML chỉ cho phép dấu cách',
        '→ thay ký tự Tab bằng dấu cách',
    ],
    'tags_mapping': [
        "LỖI posts/2021/tags_mapping.md:6: [tags] 'tags' phải là danh sách, ví dụ [a, b]",
        "→ viết 'tags: [mục 1, mục 2]' hoặc mỗi mục một dòng bắt đầu bằng '- '",
    ],
    'tags_with_empty_item': [
        "LỖI posts/2021/tags_with_empty_item.md:6: [tags[2]] mục thứ 3 của 'tags' phải là chữ, không phải giá trị trống",
        '→ xoá mục trống, hoặc đặt giá trị trong dấu nháy kép "…"',
    ],
    'term_free_text': [
        "LỖI posts/2021/term_free_text.md:6: [term] nhiệm kỳ 'nhiệm kỳ mới' không hợp lệ: không đọc được nhiệm kỳ; hãy viết dạng YYYY-YYYY, ví dụ 2020-2025",
    ],
    'term_reversed': [
        "LỖI posts/2021/term_reversed.md:6: [term] nhiệm kỳ '2025-2020' không hợp lệ: năm kết thúc (2020) phải sau năm bắt đầu (2025)",
        '→ viết dạng YYYY-YYYY, ví dụ 2020-2025',
    ],
    'title_2000_chars': [
        "LỖI posts/2021/title_2000_chars.md:2: [title] 'title' dài 1999 ký tự, quá giới hạn 300",
        '→ rút gọn lại',
    ],
    'title_as_list': [
        "LỖI posts/2021/title_as_list.md:2: [title] 'title' phải là một dòng chữ, không phải danh sách",
        "→ viết giá trị trên cùng dòng, sau dấu ':'",
    ],
    'title_as_mapping': [
        "LỖI posts/2021/title_as_mapping.md:2: [title] 'title' phải là một dòng chữ, không phải nhóm trường",
        "→ viết giá trị trên cùng dòng, sau dấu ':'",
    ],
    'title_control_characters': [
        'LỖI posts/2021/title_control_characters.md:2: [title] có ký tự điều khiển không in được (mã 0x07)',
        '→ gõ lại dòng này, hoặc dán dưới dạng văn bản thuần',
    ],
    'title_empty': [
        "LỖI posts/2021/title_empty.md:2: [title] trường bắt buộc 'title' để trống",
        "→ ghi giá trị sau dấu ':', ví dụ 'title: Đại hội Chi bộ Văn phòng, nhiệm kỳ 2020-2025'",
    ],
    'title_null': [
        "LỖI posts/2021/title_null.md:2: [title] trường bắt buộc 'title' để trống",
        "→ ghi giá trị sau dấu ':', ví dụ 'title: Đại hội Chi bộ Văn phòng, nhiệm kỳ 2020-2025'",
    ],
    'unclosed_quote': [
        'LỖI posts/2021/unclosed_quote.md:2: [title] lỗi cú pháp YAML: thiếu dấu nháy đóng',
        '→ thêm dấu nháy đóng ở cuối giá trị trên dòng này',
    ],
    'unit_of_another_agency': [
        "LỖI posts/2021/unit_of_another_agency.md:6: [units[0]] đơn vị 'chi-doan-thanh-nien' không thuộc 'Sở Công Thương'",
        '→ các đơn vị của Sở Công Thương: van-phong, quan-ly-thuong-mai',
    ],
    'unknown_field': [
        "LỖI posts/2021/unknown_field.md:6: [tittle] trường 'tittle' không được hỗ trợ",
        "→ có phải ý bạn là 'title'?",
    ],
    'utf16': [
        'LỖI posts/2021/utf16.md:1: tệp lưu bằng bảng mã UTF-16, không phải UTF-8',
        '→ mở tệp và lưu lại với bảng mã UTF-8',
    ],
    'windows_1258_bytes': [
        'LỖI posts/2021/windows_1258_bytes.md:2: tệp không phải UTF-8',
        '→ mở tệp và lưu lại với bảng mã UTF-8',
    ],
    'yaml_alias': [
        'LỖI posts/2021/yaml_alias.md:6: [summary] lỗi cú pháp YAML: tham chiếu YAML (*alias) không được dùng',
        "→ viết giá trị đầy đủ thay vì dùng '*' hoặc '&'",
    ],
    'yaml_alias_bomb': [
        'LỖI posts/2021/yaml_alias_bomb.md:7: [b] lỗi cú pháp YAML: tham chiếu YAML (*alias) không được dùng',
        "→ viết giá trị đầy đủ thay vì dùng '*' hoặc '&'",
    ],
    'zero_width_in_slug': [
        "CẢNH BÁO posts/2021/zero_width_in_slug.md:6: [slug] slug 'hoi-nghi<U+200B>so-ket' có ký tự vô hình U+200B "
        "(zero width space); địa chỉ bỏ ký tự này: 'hoi-nghiso-ket'",
        "→ gõ lại dòng slug để xoá ký tự vô hình khỏi tệp",
    ],
}

# Read without a message: the text is normalised on read (BOM dropped, CRLF/CR → LF, NFC).
TOLERATED = ["bom", "crlf", "cr_only_line_ends", "nfd_text", "title_number"]

REGISTRIES = {
    "agency_without_name": ["LỖI registry.yml:2: [agencies.so-y-te] thiếu trường 'name'", "→ thêm dòng 'name: …'"],
    "alias_used_twice": ["LỖI registry.yml:5: [agencies.so-tai-chinh] tên hoặc bí danh 'SYT' trùng với 'so-y-te'",
                         "→ mỗi tên chỉ được dùng cho một mục"],
    "empty": ["LỖI registry.yml: tệp danh mục phải có hai mục 'agencies:' và 'kinds:'",
              "→ viết dòng 'agencies:' rồi mỗi cơ quan một dòng 'mã: tên' thụt vào 2 dấu cách; "
              "sau đó dòng 'kinds:' rồi các loại tin, cùng cách viết"],
    "key_with_diacritics": ["LỖI registry.yml:2: [agencies.sở-y-tế] mã cơ quan 'sở-y-tế' không hợp lệ: "
                            "chỉ gồm chữ thường không dấu, số và dấu '-'", "→ dùng 'so-y-te'"],
    "kinds_as_list": ["LỖI registry.yml:4: [kinds] 'kinds' phải là danh sách loại tin dạng 'mã: …'",
                      "→ viết mỗi loại tin một dòng dạng mã: tên, không có dấu '-' ở đầu, "
                      "ví dụ 'dai-hoi-chi-bo: Đại hội Chi bộ'"],
    "not_a_mapping": ["LỖI registry.yml: tệp danh mục phải có hai mục 'agencies:' và 'kinds:'",
                      "→ viết dòng 'agencies:' rồi mỗi cơ quan một dòng 'mã: tên' thụt vào 2 dấu cách; "
                      "sau đó dòng 'kinds:' rồi các loại tin, cùng cách viết"],
    "parent_cycle": ["LỖI registry.yml:4: [agencies.so-y-te.parent] quan hệ cấp trên của 'so-y-te' tạo thành vòng lặp",
                     "→ một cơ quan không thể là cấp trên của chính nó",
                     "LỖI registry.yml:7: [agencies.so-tai-chinh.parent] quan hệ cấp trên của 'so-tai-chinh' "
                     "tạo thành vòng lặp", "→ một cơ quan không thể là cấp trên của chính nó"],
    "parent_unknown": ["LỖI registry.yml:4: [agencies.so-y-te.parent] cơ quan cấp trên 'dang-bo-khoii' "
                       "không có trong danh mục", "→ có phải ý bạn là 'dang-bo-khoi'?"],
    "syntax_error": ["LỖI registry.yml:3: [name] lỗi cú pháp YAML: thiếu dấu ']' đóng danh sách",
                     "→ thêm dấu đóng ở cuối giá trị trên dòng này"],
    "unknown_section": ["LỖI registry.yml:6: [agencys] trường 'agencys' không được hỗ trợ",
                        "→ có phải ý bạn là 'agencies'?"],
    "yaml_alias_bomb": ["LỖI registry.yml:7: [b] lỗi cú pháp YAML: tham chiếu YAML (*alias) không được dùng",
                        "→ viết giá trị đầy đủ thay vì dùng '*' hoặc '&'"],
}


def test_the_corpus_is_what_the_tables_cover():
    committed = {p.stem for p in (BAD / "posts").glob("*.md")} | {Path(n).stem for n in generated()}
    assert committed == set(POSTS) | set(TOLERATED)
    assert {p.stem for p in (BAD / "registry").glob("*.yml")} == set(REGISTRIES)


@pytest.mark.parametrize("case", sorted(POSTS))
def test_each_broken_post_gets_its_exact_message(built, case):
    _, messages, _ = built
    assert messages.get(f"posts/2021/{case}.md") == POSTS[case]


@pytest.mark.parametrize("case", TOLERATED)
def test_text_that_only_looks_odd_is_read_without_a_message(built, case):
    _, messages, _ = built
    assert f"posts/2021/{case}.md" not in messages


def test_one_run_reports_every_problem_and_writes_nothing(corpus, built):
    result, messages, posts = built
    assert result.returncode == 1
    errors = sum(line.startswith("LỖI") for lines in messages.values() for line in lines)
    warnings = sum(line.startswith("CẢNH BÁO") for lines in messages.values() for line in lines)
    assert (errors, warnings) == (59, 4)
    assert f"LỖI       - Không xây dựng được trang. Có 59 lỗi và 4 cảnh báo trong {len(messages)} tệp." \
        in result.stderr.splitlines()
    assert snapshot(corpus / "site") == {"index.html": "trang cũ".encode()}
    assert snapshot(corpus / "posts") == posts
    assert sorted(p.name for p in corpus.iterdir()) == ["docs", "images", "mkdocs.yml", "posts", "registry.yml", "site"]


def test_check_reports_the_same_messages(corpus, built):
    _, messages, _ = built
    result = run_bantin(corpus, "check")
    assert result.returncode == 1
    assert by_file(result.stdout.splitlines(), CHECK_LINE) == messages


def test_tolerated_posts_build_with_clean_titles(tmp_path):
    root = copy_sample(tmp_path / "project")
    for case in TOLERATED:
        shutil.copy(BAD / "posts" / f"{case}.md", root / "posts" / "2021" / f"{case}.md")
    result = run_bantin(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    html = (root / "site" / "tin" / "2021" / "07" / "dai-hoi-chi-bo-van-phong-nhiem-ky-2020-2025" /
            "index.html").read_text(encoding="utf-8")
    assert ">Đại hội Chi bộ Văn phòng nhiệm kỳ 2020-2025<" in html  # NFD in the file, NFC on the page
    for case in ("bom", "crlf", "cr only line ends"):
        slug = "hoi-nghi-so-ket-6-thang-dau-nam-" + case.replace(" ", "-")
        page = (root / "site" / "tin" / "2021" / "07" / slug / "index.html").read_text(encoding="utf-8")
        assert f">Hội nghị sơ kết 6 tháng đầu năm – {case}<" in page and "\ufeff" not in page and "\r" not in page


@pytest.mark.parametrize("case", sorted(REGISTRIES))
def test_each_broken_registry_gets_its_exact_message_and_nothing_is_written(tmp_path, case):
    root = make_project(tmp_path / "project", sample=True, registry=BAD / "registry" / f"{case}.yml",
                        files={"site/index.html": "trang cũ"})
    result = run_bantin(root, "build")
    assert result.returncode == 1
    assert by_file(result.stderr.splitlines(), BUILD_LINE) == {"registry.yml": REGISTRIES[case]}
    assert snapshot(root / "site") == {"index.html": "trang cũ".encode()}


def test_a_photo_cut_short_fails_the_build_when_rendered_and_keeps_site_and_cache(tmp_path):
    """The header reads, the pixels do not: found when the renditions are made, not by `check`."""
    root = copy_sample(tmp_path / "project")
    assert run_bantin(root, "build").returncode == 0
    before = snapshot(root / "site")
    shutil.copy(BAD / "images" / "anh-bi-cat.jpg", root / "images" / "anh-bi-cat.jpg")
    post = root / "posts" / "2021" / "anh-bi-cat.md"
    post.write_text(HEAD.format(case="ảnh bị cắt") + "photos:\n  - src: ../../images/anh-bi-cat.jpg\n"
                    "    caption: Ảnh bị cắt\n---\n\nNội dung.\n", encoding="utf-8")
    result = run_bantin(root, "build")
    assert result.returncode == 1
    assert by_file(result.stderr.splitlines(), BUILD_LINE) == {"posts/2021/anh-bi-cat.md": [
        "LỖI posts/2021/anh-bi-cat.md:7: [photos[0].src] ảnh 'images/anh-bi-cat.jpg': ảnh bị hỏng hoặc không đầy đủ",
        "→ tệp có thể bị cắt khi sao chép; chép lại ảnh gốc"]}
    assert snapshot(root / "site") == before
    post.unlink()
    again = run_bantin(root, "build")  # the cache is intact: every photo is reused, none processed
    assert again.returncode == 0 and ", xử lý mới 0," in again.stderr
