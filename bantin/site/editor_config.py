"""The web editor's configuration: Sveltia CMS's `admin/config.yml`, generated from the registry,
the terms posts use and the plugin's options. Plain Python; the same inputs give the same bytes.

Every front-matter field the validator reads (model/validator.py: FIELDS) has a widget with a
Vietnamese label and hint; agencies, units, kinds and terms are choices from the registry. The
file the CMS writes passes `bantin check` unchanged: keys as values (units qualified with their
agency, `so-cong-thuong/van-phong`, which the registry reads), empty optional fields left out,
photos in the post's own folder under images/ with paths relative to the post, as the validator
resolves them. Uploads are re-encoded in the browser (WebP, at most MAX_PHOTO_SIDE pixels a side):
the canvas keeps the pixels upright and drops every EXIF tag, GPS and camera serials included.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

import yaml

from bantin.model import urls
from bantin.model.dates import format_short
from bantin.model.fields import MAX_SUMMARY, MAX_TITLE
from bantin.model.registry import Registry
from bantin.model.settings import Settings
from bantin.model.terms import Term
from bantin.model.text import sort_key
from bantin.model.validator import FIELDS

BUNDLE = Path(__file__).parent / "admin"  # Sveltia CMS bundled by `make admin` (admin/vite.config.js)
APP_TITLE = "Quản trị bản tin"
MAX_PHOTO_SIDE = 2560  # pixels; the build's largest rendition is 1920
PHOTO_QUALITY = 85  # WebP quality of an upload as stored in the repository
DATE_FORMAT = "YYYY-MM-DD HH:mm"  # Day.js tokens: 2026-03-15 08:30, as model/dates.py reads it
COMMIT_MESSAGES = {"create": "Thêm bài “{{slug}}”", "update": "Sửa bài “{{slug}}”", "delete": "Xoá bài “{{slug}}”",
                   "uploadMedia": "Tải lên ảnh “{{path}}”", "deleteMedia": "Xoá ảnh “{{path}}”"}
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # model/slugs.py: is_slug
TERM_PATTERN = r"^\d{4}\s*-\s*\d{4}$"
# A post is filed under its date's year (as `bantin new` files it), and its uploads go to its own
# folder under images/ in the same year folder: {{dirname}} is the post's folder under posts/,
# which Sveltia fills when the entry is saved (the date's year, however late the date was set).
POST_PATH = "{{fields.date | date('YYYY')}}/{{slug}}"
MEDIA_SUBFOLDER = "{{dirname}}/{{slug}}"


def bundle_files() -> dict[str, Path]:
    """The editor's files by the path the site publishes them at (admin/index.html, admin/assets/…);
    its config.yml is not among them: the build writes that one."""
    found = sorted(p for p in BUNDLE.rglob("*") if p.is_file())
    return {urls.EDITOR + p.relative_to(BUNDLE).as_posix(): p for p in found
            if urls.EDITOR + p.relative_to(BUNDLE).as_posix() != urls.EDITOR_CONFIG}


def term_choices(used: Iterable[Term], declared: Iterable[Term] = ()) -> list[Term]:
    """The terms an editor picks from: those posts use and the registry declares, and the next
    term after each (same length, starting when it ends) unless one already starts then, so the
    first post of a new term needs no one to edit a file first. Sorted, without repeats."""
    known = set(used) | set(declared)
    starts = {term.start for term in known}
    following = {Term(t.end, 2 * t.end - t.start) for t in known if t.end not in starts}
    return sorted(known | {t for t in following if t.end <= 2100})


def editor_config(registry: Registry, terms: Iterable[Term], settings: Settings) -> dict:
    """Sveltia CMS's configuration as data (see editor_yaml for the file)."""
    config: dict = {}
    if settings.editor_repo:
        backend: dict = {"name": "github", "repo": settings.editor_repo}
        if settings.editor_branch:
            backend["branch"] = settings.editor_branch
        # A fine-grained personal access token: no OAuth server to run (see admin/README.md).
        backend["auth_methods"] = ["token"]
        backend["commit_messages"] = COMMIT_MESSAGES  # also the pull requests' titles staff see
        config["backend"] = backend
        config["publish_mode"] = "editorial_workflow"  # saving opens a pull request; publishing merges it
    # Without a repository there is no backend: admin/src/main.js then says, in Vietnamese, what to set.
    images = settings.images_dir.strip("/")
    up = "../" * (len(PurePosixPath(settings.posts_dir).parts) + 1)  # posts/YYYY/x.md → the project root
    config.update({
        "app_title": APP_TITLE,
        "media_folder": images,
        "public_folder": "/" + images,
        "media_libraries": {
            "default": {"config": {
                "slugify_filename": True,
                "transformations": {kind: {"format": "webp", "quality": PHOTO_QUALITY, "width": MAX_PHOTO_SIDE,
                                           "height": MAX_PHOTO_SIDE} for kind in ("raster_image", "heic")},
            }},
            # Pexels, Pixabay, Unsplash, Lorem Picsum: other hosts, which the page's CSP refuses anyway.
            "stock_assets": False,
        },
        "slug": {"encoding": "ascii", "clean_accents": True},
        "output": {"omit_empty_optional_fields": True},
        "collections": [{
            "name": "posts",
            "label": "Bài viết",
            "label_singular": "bài viết",
            "description": "Tin hoạt động của các cơ quan, đơn vị. Lưu bài là gửi bài để duyệt; bài lên trang "
                           "khi được xuất bản.",
            "folder": settings.posts_dir.strip("/"),
            "path": POST_PATH,
            "extension": "md",
            "format": "yaml-frontmatter",
            "media_folder": f"/{images}/{MEDIA_SUBFOLDER}",
            "public_folder": f"{up}{images}/{MEDIA_SUBFOLDER}",
            "create": True,
            "slug": "{{slug}}",
            "summary": "{{title}}",
            "sortable_fields": {"fields": ["date", "title"], "default": {"field": "date", "direction": "descending"}},
            "fields": fields(registry, term_choices(
                terms, [span.term for level in registry.levels.values() for span in level.terms])),
        }],
    })
    return config


def fields(registry: Registry, terms: list[Term]) -> list[dict]:
    """One widget per front-matter field, in the order of the validator's FIELDS, then the body."""
    agencies = sorted(registry.agencies.values(), key=lambda a: sort_key(a.name))
    units = [{"label": f"{agency.short} › {unit.name}", "value": f"{agency.key}/{unit.key}"}
             for agency in sorted(registry.agencies.values(), key=lambda a: sort_key(a.short))
             for unit in sorted(agency.units, key=lambda u: sort_key(u.name))]
    kinds = sorted(registry.kinds.values(), key=lambda k: sort_key(k.name))
    image: dict = {"widget": "image", "choose_url": False}  # a photo from another site is refused by the build
    by_name: dict[str, dict] = {
        "title": {"label": "Tiêu đề", "widget": "string", "maxlength": MAX_TITLE,
                  "hint": "Tiêu đề của tin, viết như tiêu đề báo. Địa chỉ của bài được tạo từ tiêu đề."},
        "date": {"label": "Ngày đăng", "widget": "datetime", "format": DATE_FORMAT, "default": "{{now}}",
                 "hint": "Ngày giờ của sự kiện (giờ Việt Nam). Bài có ngày trong tương lai chỉ hiện trên "
                         "trang khi đến ngày đó."},
        "updated": {"label": "Ngày cập nhật", "widget": "datetime", "format": DATE_FORMAT, "required": False,
                    "hint": "Chỉ ghi khi sửa nội dung bài đã đăng: ngày sửa, không trước ngày đăng."},
        "agency": {"label": "Cơ quan", "widget": "select",
                   "options": [{"label": a.name, "value": a.key} for a in agencies],
                   "hint": "Cơ quan, đảng bộ có tin này."},
        "units": {"label": "Đơn vị", "widget": "select", "multiple": True, "required": False, "options": units,
                  "hint": "Chi bộ, đơn vị trực thuộc có tin này (không bắt buộc). Chỉ chọn đơn vị của cơ quan "
                          "đã chọn ở trên: tên đơn vị đứng sau tên cơ quan của nó."},
        "term": _term_field(terms, registry),
        "kind": {"label": "Loại tin", "widget": "select",
                 "options": [{"label": k.name, "value": k.key} for k in kinds],
                 "hint": "Loại sự kiện: đại hội, hội nghị, học tập nghị quyết…"},
        "pilot": {"label": "Đại hội điểm", "widget": "boolean", "required": False, "default": False,
                  "hint": "Chỉ với tin đại hội: bật khi đây là đại hội điểm (đại hội làm trước để rút kinh "
                          "nghiệm); trang theo dõi đại hội ghi rõ."},
        "tags": {"label": "Từ khóa", "label_singular": "từ khóa", "widget": "list", "required": False,
                 "hint": "Vài từ khóa giúp bạn đọc tìm tin cùng chủ đề, mỗi từ khóa một ô (không bắt buộc)."},
        "author": {"label": "Tác giả", "widget": "string", "required": False,
                   "hint": "Người viết tin hoặc chụp ảnh (không bắt buộc)."},
        "source": {"label": "Nguồn", "widget": "string", "required": False,
                   "hint": "Nơi đăng tin trước, nếu tin lấy từ báo hay trang khác (không bắt buộc)."},
        "summary": {"label": "Tóm tắt", "widget": "text", "required": False, "maxlength": MAX_SUMMARY,
                    "hint": "Một, hai câu hiện dưới tiêu đề, ở trang chủ và khi chia sẻ bài. Bỏ trống thì "
                            "dùng đoạn đầu của bài."},
        "cover": {"label": "Ảnh đại diện", **image, "required": False,
                  "hint": "Ảnh lớn ở đầu bài, ở trang chủ và khi chia sẻ; thường là một ảnh trong phần Ảnh "
                          "bên dưới. Ảnh được thu nhỏ và xoá thông tin vị trí (GPS), máy chụp khi tải lên."},
        "photos": {"label": "Ảnh", "label_singular": "ảnh", "widget": "list", "required": False,
                   "summary": "{{fields.caption}}", "thumbnail": "src",
                   "hint": "Ảnh của sự kiện, mỗi ảnh một chú thích. Ảnh được thu nhỏ và xoá thông tin vị trí "
                           "(GPS), máy chụp khi tải lên.",
                   "fields": [
                       {"name": "src", "label": "Tệp ảnh", **image,
                        "hint": "Ảnh chụp (JPEG, PNG, HEIC của iPhone…); được lưu dạng WebP."},
                       {"name": "caption", "label": "Chú thích", "widget": "string", "maxlength": MAX_SUMMARY,
                        "hint": "Ảnh chụp gì, ai, ở đâu: hiện dưới ảnh."},
                       {"name": "alt", "label": "Mô tả cho người khiếm thị", "widget": "string", "required": False,
                        "maxlength": MAX_SUMMARY,
                        "hint": "Chỉ khi khác chú thích: mô tả những gì thấy trong ảnh. Bỏ trống thì dùng chú thích."},
                   ]},
        "draft": {"label": "Bản nháp", "widget": "boolean", "required": False, "default": False,
                  "hint": "Bật khi bài chưa xong: bài được lưu nhưng không hiện trên trang."},
        "featured": {"label": "Tin nổi bật", "widget": "boolean", "required": False, "default": False,
                     "hint": "Bật để đưa bài lên đầu trang chủ, ảnh lớn (bài mới nhất được bật sẽ hiện)."},
        "slug": {"label": "Đường dẫn riêng", "widget": "string", "required": False,
                 "pattern": [SLUG_PATTERN, "Chỉ dùng chữ thường không dấu, số và dấu '-', ví dụ dai-hoi-chi-bo"],
                 "hint": "Thường để trống: địa chỉ bài được tạo từ tiêu đề. Điền khi muốn địa chỉ khác, "
                         "ví dụ dai-hoi-chi-bo-van-phong."},
        "aliases": {"label": "Địa chỉ cũ", "label_singular": "địa chỉ cũ", "widget": "list", "required": False,
                    "hint": "Địa chỉ của bài trên trang web cũ, ví dụ tin/2020/01/ten-cu, để liên kết cũ vẫn "
                            "mở được bài (không bắt buộc)."},
    }
    if not units:  # a select without options is a configuration error
        del by_name["units"]
    body = {"name": "body", "label": "Nội dung", "widget": "markdown",
            "hint": "Nội dung bài. Ảnh chèn vào bài (nút Ảnh) phải điền “Văn bản thay thế”: mô tả ảnh cho người "
                    "khiếm thị; thiếu mô tả thì bài bị báo lỗi khi duyệt."}
    return [{"name": name, **by_name[name]} for name in FIELDS if name in by_name] + [body]


def _term_field(terms: list[Term], registry: Registry) -> dict:
    hint = "Nhiệm kỳ của cấp ủy, tổ chức có tin này (không bắt buộc)."
    if registry.levels:  # the term calendar proposes it: the validator fills it in from the date
        calendar = "; ".join(
            f"{level.name}: " + ", ".join(f"{s.term} ({format_short(s.start)} – {format_short(s.end)})"
                                          for s in level.terms[-3:])
            for level in registry.levels.values() if level.terms)
        hint += (" Bỏ trống để nhiệm kỳ được điền tự động theo ngày đăng và cấp của cơ quan, đơn vị "
                 f"(lịch nhiệm kỳ: {calendar}).")
    if not terms:  # nothing to choose from yet: typed, in the form the validator reads
        return {"label": "Nhiệm kỳ", "widget": "string", "required": False,
                "pattern": [TERM_PATTERN, "Viết dạng năm-năm, ví dụ 2020-2025"], "hint": hint + " Ví dụ 2020-2025."}
    # Several at once, as the validator reads them: a post about two terms keeps both when edited.
    return {"label": "Nhiệm kỳ", "widget": "select", "multiple": True, "required": False,
            "options": [{"label": str(t), "value": str(t)} for t in terms],
            "hint": hint + " Thường chọn một; chọn hai khi tin nói về cả hai nhiệm kỳ. Danh sách gồm các "
                           "nhiệm kỳ các bài đã dùng và nhiệm kỳ kế tiếp của mỗi nhiệm kỳ ấy."}


HEADER = """\
# The web editor's configuration (Sveltia CMS), written by `bantin build` from registry.yml and the
# bantin plugin's options in mkdocs.yml (editor_repo, editor_branch, posts_dir, images_dir).
# Do not edit: the next build writes it again. See admin/README.md.
"""


class _Dumper(yaml.SafeDumper):
    """Block YAML that PyYAML (YAML 1.1) and the CMS's parser (YAML 1.2) read alike: a string is
    plain only when it is a word no version reads as anything else; otherwise double-quoted."""


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    plain = bool(_WORD.fullmatch(value)) and value.lower() not in _SPECIAL
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=None if plain else '"')


_Dumper.add_representer(str, _string)


def editor_yaml(registry: Registry, terms: Iterable[Term], settings: Settings) -> str:
    """admin/config.yml: the configuration as the CMS reads it, the same bytes for the same inputs."""
    data = editor_config(registry, terms, settings)
    return HEADER + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000,
                              default_flow_style=False)
