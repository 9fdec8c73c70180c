"""The web editor's configuration (bantin/site/editor_config.py): every field a Vietnamese widget,
the registry's choices as values the validator reads back, registry text round-tripped exactly,
the same bytes for the same inputs, and valid against Sveltia CMS's own JSON schema."""

from __future__ import annotations

import dataclasses
import json
import re
import zipfile

import pytest
import yaml

from bantin.model.posts import parse_post
from bantin.model.registry import Agency, Kind, Registry, Unit
from bantin.model.registry_file import load_registry
from bantin.model.settings import Settings
from bantin.model.terms import Term, parse_term
from bantin.model.text import nfc
from bantin.model.validator import FIELDS
from bantin.site.editor_config import (
    MAX_PHOTO_SIDE,
    TERM_PATTERN,
    bundle_files,
    editor_config,
    editor_yaml,
    term_choices,
)
from sitebuild import FIXTURES_DIR, REPO, copy_sample, run_bantin

SCHEMA = FIXTURES_DIR / "admin" / "sveltia-cms-schema.json"  # descriptions stripped (see test below)
UPSTREAM_SCHEMA = REPO / "admin" / "node_modules" / "@sveltia" / "cms" / "schema" / "sveltia-cms.json"
REPO_SETTINGS = Settings(editor_repo="so-cong-thuong/ban-tin")


@pytest.fixture(scope="module")
def sample() -> Registry:
    registry, errors = load_registry(REPO / "registry.yml", REPO)
    assert errors == []
    return registry


@pytest.fixture(scope="module")
def no_calendar(sample: Registry) -> Registry:
    """The sample registry as an older registry.yml without `levels:` reads."""
    return dataclasses.replace(sample, levels={})


def by_name(config: dict) -> dict[str, dict]:
    return {f["name"]: f for f in config["collections"][0]["fields"]}


def options(field: dict) -> list[tuple[str, str]]:
    return [(o["label"], o["value"]) for o in field["options"]]


def loaded(registry: Registry, terms=(), settings: Settings = REPO_SETTINGS) -> dict:
    """The configuration as a YAML reader sees the file."""
    return yaml.safe_load(editor_yaml(registry, terms, settings))


# -- fields -----------------------------------------------------------------------------------


LABELS = {"title": "Tiêu đề", "date": "Ngày đăng", "updated": "Ngày cập nhật",
          "agency": "Cơ quan", "units": "Đơn vị", "term": "Nhiệm kỳ",
          "kind": "Loại tin", "pilot": "Đại hội điểm", "tags": "Từ khóa", "author": "Tác giả", "source": "Nguồn", "summary": "Tóm tắt",
          "cover": "Ảnh đại diện", "photos": "Ảnh", "draft": "Bản nháp", "featured": "Tin nổi bật", "slug": "Đường dẫn riêng",
          "aliases": "Địa chỉ cũ", "body": "Nội dung"}


def test_every_front_matter_field_has_a_widget_with_a_vietnamese_label_and_hint(sample):
    fields = loaded(sample, [Term(2020, 2025)])["collections"][0]["fields"]
    assert [f["name"] for f in fields] == [*FIELDS, "body"]  # the validator's order, then the body
    assert {f["name"]: f["label"] for f in fields} == LABELS
    for field in [*fields, *by_name(loaded(sample))["photos"]["fields"]]:
        hint = field["hint"]
        assert len(hint) > 25 and re.search(r"[^\x00-\x7f]", hint) and hint[0].isupper(), field
    photo = {f["name"]: f["label"] for f in by_name(loaded(sample))["photos"]["fields"]}
    assert photo == {"src": "Tệp ảnh", "caption": "Chú thích", "alt": "Mô tả cho người khiếm thị"}


def test_required_fields_are_the_ones_the_validator_requires(sample):
    fields = by_name(loaded(sample, [Term(2020, 2025)]))
    required = {name for name, f in fields.items() if f.get("required", True)}
    assert required == {"title", "date", "agency", "kind", "body"}
    # A gallery photo without caption is a warning, and `make site` builds with --strict: required here.
    photo = {f["name"]: f.get("required", True) for f in fields["photos"]["fields"]}
    assert photo == {"src": True, "caption": True, "alt": False}


@pytest.mark.parametrize("name, widget", [
    ("title", "string"), ("date", "datetime"), ("agency", "select"), ("units", "select"), ("term", "select"),
    ("kind", "select"), ("pilot", "boolean"), ("tags", "list"), ("author", "string"), ("source", "string"), ("summary", "text"),
    ("cover", "image"), ("photos", "list"), ("draft", "boolean"), ("featured", "boolean"), ("slug", "string"), ("aliases", "list"),
    ("body", "markdown"),
])
def test_each_field_has_the_widget_for_its_value(sample, name, widget):
    assert by_name(loaded(sample, [Term(2020, 2025)]))[name]["widget"] == widget


def test_the_date_is_written_as_the_validator_reads_it(sample):
    date = by_name(loaded(sample))["date"]
    assert date["format"] == "YYYY-MM-DD HH:mm" and date["default"] == "{{now}}"


def test_images_are_local_files_only(sample):
    """A photo from another site (a URL) is refused by the build: the CMS offers no URL field."""
    fields = by_name(loaded(sample))
    images = [fields["cover"], next(f for f in fields["photos"]["fields"] if f["name"] == "src")]
    assert [(f["widget"], f["choose_url"]) for f in images] == [("image", False), ("image", False)]


def test_the_slug_pattern_is_the_validators_rule(sample):
    pattern = re.compile(by_name(loaded(sample))["slug"]["pattern"][0])
    for good in ("dai-hoi", "a", "hoi-nghi-2024"):
        assert pattern.search(good)
    for bad in ("Đại hội", "dai--hoi", "-dai", "dai_hoi", "dai hoi", ""):
        assert not pattern.search(bad)


# -- choices from the registry ----------------------------------------------------------------


def test_agencies_and_kinds_are_the_registrys_by_name_in_vietnamese_order(sample):
    fields = by_name(loaded(sample))
    agencies = options(fields["agency"])
    assert {value for _, value in agencies} == set(sample.agencies)
    assert agencies[:3] == [("Đảng bộ Cục Thuế tỉnh Nam Sơn", "cuc-thue"),
                            ("Đảng bộ Khối các cơ quan tỉnh Nam Sơn", "dang-bo-khoi"),
                            ("Đảng bộ Sở Công Thương", "so-cong-thuong")]
    assert ("Đảng bộ xã An Phú", "dang-bo-xa-an-phu") == agencies[-1]  # "xã" after "Sở": x after s
    kinds = options(fields["kind"])
    assert {value for _, value in kinds} == set(sample.kinds)
    assert kinds[0] == ("Đại hội Chi bộ", "dai-hoi-chi-bo") and ("Kết nạp đảng viên", "ket-nap-dang-vien") in kinds


def test_units_are_qualified_with_their_agency(sample):
    units = options(by_name(loaded(sample))["units"])
    assert by_name(loaded(sample))["units"]["multiple"] is True
    assert len(units) == sum(len(a.units) for a in sample.agencies.values())
    assert ("Sở Công Thương › Chi bộ Văn phòng", "so-cong-thuong/van-phong") in units
    assert ("Sở Tài chính › Chi bộ Văn phòng - Thanh tra", "so-tai-chinh/van-phong") in units
    assert units[:2] == [("Cục Thuế › Chi bộ Chi cục Thuế khu vực I", "cuc-thue/chi-cuc-khu-vuc-1"),
                         ("Cục Thuế › Chi bộ Phòng Kiểm tra thuế", "cuc-thue/kiem-tra")]


def test_every_choice_the_editor_offers_passes_the_validator(no_calendar, tmp_path):
    """What the CMS writes from these choices is read back by `bantin check`: each agency with
    each of its own units, each kind and each term (without a calendar to contradict a term)."""
    sample = no_calendar
    fields = by_name(loaded(sample, [Term(2020, 2025), Term(2017, 2022)]))
    kinds, terms = options(fields["kind"]), options(fields["term"])
    for _, unit in options(fields["units"]):
        agency = unit.split("/")[0]
        for i, (_, kind) in enumerate(kinds):
            term = terms[i % len(terms)][1]
            text = (f"---\ntitle: A\ndate: 2020-01-16 08:30\nagency: {agency}\nunits:\n  - {unit}\n"
                    f"term:\n  - {term}\nkind: {kind}\n---\n\nNội dung.\n")
            post, errors = parse_post(text, "posts/2020/a.md", sample, tmp_path)
            assert errors == [] and post.units == (unit.split("/")[1],) and str(post.terms[0]) == term


def test_a_unit_offered_for_another_agency_is_refused(sample, tmp_path):
    text = ("---\ntitle: A\ndate: 2020-01-16 08:30\nagency: so-tai-chinh\nunits:\n  - so-cong-thuong/van-phong\n"
            "kind: dai-hoi-chi-bo\n---\n\nNội dung.\n")
    post, errors = parse_post(text, "posts/2020/a.md", sample, tmp_path)
    assert post is None and "thuộc 'Sở Công Thương', không thuộc 'Sở Tài chính'" in errors[0].message


def test_a_registry_without_units_has_no_units_field():
    registry = Registry.build({"a": Agency("a", "Cơ quan A", "A")}, {"k": Kind("k", "Loại K")})
    names = [f["name"] for f in editor_config(registry, [], Settings())["collections"][0]["fields"]]
    assert "units" not in names and "agency" in names  # a select without options is a config error


# -- terms ------------------------------------------------------------------------------------


def test_terms_are_those_used_and_the_next_of_each():
    used = [parse_term(t) for t in ("2015-2020", "2020-2025", "2017-2022", "2020-2022", "2022-2025")]
    assert [str(t) for t in term_choices(used)] == [
        "2015-2020", "2017-2022", "2020-2022", "2020-2025", "2022-2025", "2025-2028", "2025-2030"]


def test_terms_declared_in_the_registry_count_as_known():
    assert term_choices([], [Term(2025, 2030)]) == [Term(2025, 2030), Term(2030, 2035)]
    assert term_choices([Term(2020, 2025)], [Term(2020, 2025)]) == [Term(2020, 2025), Term(2025, 2030)]


def test_no_next_term_past_the_last_year_a_term_may_have():
    assert term_choices([Term(2095, 2100)]) == [Term(2095, 2100)]


def test_the_term_is_a_choice_of_known_terms(no_calendar):
    term = by_name(loaded(no_calendar, {Term(2020, 2025), Term(2015, 2020)}))["term"]
    assert term["widget"] == "select" and term["required"] is False
    assert term["multiple"] is True  # a post about two terms keeps both when edited in the browser
    assert options(term) == [("2015-2020", "2015-2020"), ("2020-2025", "2020-2025"), ("2025-2030", "2025-2030")]
    assert "tự động" not in term["hint"]  # no calendar: nothing fills it in


def test_the_calendars_terms_are_offered_and_the_hint_says_a_blank_term_is_filled_in(sample):
    term = by_name(loaded(sample, {Term(2015, 2020)}))["term"]
    offered = [value for _, value in options(term)]
    assert {"2020-2022", "2022-2025", "2017-2022", "2023-2028", "2020-2025"} <= set(offered)
    assert offered == sorted(offered)
    assert term["hint"].startswith("Nhiệm kỳ của cấp ủy, tổ chức có tin này (không bắt buộc). Bỏ trống để nhiệm kỳ "
                                   "được điền tự động theo ngày đăng và cấp của cơ quan, đơn vị (lịch nhiệm kỳ: ")
    assert "Chi bộ: 2020-2022 (01/10/2019 – 31/03/2022), 2022-2025 (01/01/2022 – 30/06/2025)" in term["hint"]


def test_without_any_term_the_term_is_typed_in_the_form_the_validator_reads(no_calendar):
    term = by_name(loaded(no_calendar, []))["term"]
    assert term["widget"] == "string" and "options" not in term
    pattern = re.compile(term["pattern"][0])
    for good in ("2020-2025", "2020 - 2025"):
        assert pattern.search(good) and parse_term(good)
    for bad in ("2020", "20-25", "nhiệm kỳ", "2020-2025-2030"):
        assert not pattern.search(bad)
    assert TERM_PATTERN == term["pattern"][0]


# -- backend, folders, photos -----------------------------------------------------------------


def test_with_a_repository_saving_opens_a_pull_request_signed_in_with_a_token(sample):
    config = loaded(sample, settings=Settings(editor_repo="so-cong-thuong/ban-tin", editor_branch="main"))
    messages = config["backend"].pop("commit_messages")
    assert config["backend"] == {"name": "github", "repo": "so-cong-thuong/ban-tin", "branch": "main",
                                 "auth_methods": ["token"]}
    # Commits and pull requests named in Vietnamese, with the placeholders the CMS fills in.
    assert messages == {"create": "Thêm bài “{{slug}}”", "update": "Sửa bài “{{slug}}”",
                        "delete": "Xoá bài “{{slug}}”", "uploadMedia": "Tải lên ảnh “{{path}}”",
                        "deleteMedia": "Xoá ảnh “{{path}}”"}
    assert config["publish_mode"] == "editorial_workflow"
    assert "branch" not in loaded(sample)["backend"]  # the repository's default branch


def test_without_a_repository_there_is_no_backend(sample):
    """admin/src/main.js shows a Vietnamese notice for a configuration without `backend:`."""
    text = editor_yaml(sample, [], Settings())
    assert not re.search(r"^backend:", text, re.M) and "publish_mode" not in text
    assert re.search(r"^backend:", editor_yaml(sample, [], REPO_SETTINGS), re.M)


def test_posts_and_photos_land_where_bantin_reads_them(sample):
    config = loaded(sample)
    posts = config["collections"][0]
    assert (posts["folder"], posts["path"], posts["extension"], posts["format"]) == (
        "posts", "{{fields.date | date('YYYY')}}/{{slug}}", "md", "yaml-frontmatter")
    # Uploads in the post's own folder under images/, beside the post's year; paths relative to the post.
    assert (posts["media_folder"], posts["public_folder"]) == ("/images/{{dirname}}/{{slug}}",
                                                               "../../images/{{dirname}}/{{slug}}")
    assert (config["media_folder"], config["public_folder"]) == ("images", "/images")
    assert config["slug"] == {"encoding": "ascii", "clean_accents": True}
    assert config["output"] == {"omit_empty_optional_fields": True}


@pytest.mark.parametrize("posts_dir, images_dir, folder, media, public", [
    ("bai-viet", "anh-goc", "bai-viet", "/anh-goc/{{dirname}}/{{slug}}", "../../anh-goc/{{dirname}}/{{slug}}"),
    ("content/posts", "static/images", "content/posts", "/static/images/{{dirname}}/{{slug}}",
     "../../../static/images/{{dirname}}/{{slug}}"),
    ("posts/", "/images/", "posts", "/images/{{dirname}}/{{slug}}", "../../images/{{dirname}}/{{slug}}"),
])
def test_the_folders_follow_the_plugins_options(sample, posts_dir, images_dir, folder, media, public):
    posts = editor_config(sample, [], Settings(posts_dir=posts_dir, images_dir=images_dir))["collections"][0]
    assert (posts["folder"], posts["media_folder"], posts["public_folder"]) == (folder, media, public)


def test_uploads_are_re_encoded_without_metadata_and_scaled_down(sample):
    assert loaded(sample)["media_libraries"]["stock_assets"] is False  # no stock photos from other hosts
    media = loaded(sample)["media_libraries"]["default"]["config"]
    assert media["slugify_filename"] is True
    for kind in ("raster_image", "heic"):  # JPEG, PNG… and an iPhone's HEIC
        assert media["transformations"][kind] == {"format": "webp", "quality": 85, "width": MAX_PHOTO_SIDE,
                                                  "height": MAX_PHOTO_SIDE}


# -- the file ---------------------------------------------------------------------------------

TRICKY = [
    'Đảng bộ "Sở" Công Thương',
    "Sở: Công Thương",
    "Chi bộ #1",
    "<script>alert(1)</script>",
    "Dòng một\nDòng hai",
    "it's",
    "  lề  ",
    "- gạch đầu dòng",
    "yes", "No", "on", "null", "~", "true", "1e3", "0o17", "0x1F", "2020-2025", "12:30", "1_000", "",
    "{{title}}", "[a, b]", "a\\b", "tab\there", "\u00a0khoảng trắng không ngắt",
]


def tricky_registry() -> Registry:
    agencies = {f"a{i}": Agency(f"a{i}", name, f"ngắn {name}", units=(Unit("u", name),))
                for i, name in enumerate(TRICKY)}
    return Registry.build(agencies, {f"k{i}": Kind(f"k{i}", name) for i, name in enumerate(TRICKY)})


def test_registry_text_round_trips_exactly():
    """Registry names are editor text: whatever they hold comes back from the file unchanged."""
    fields = by_name(loaded(tricky_registry()))
    assert {label for label, _ in options(fields["agency"])} == set(TRICKY)
    assert {label for label, _ in options(fields["kind"])} == set(TRICKY)
    assert {label for label, _ in options(fields["units"])} == {f"ngắn {n} › {n}" for n in TRICKY}


def test_strings_other_yaml_versions_would_read_otherwise_are_quoted():
    """PyYAML reads YAML 1.1, the CMS YAML 1.2: `1e3` is a number to one and text to the other, so
    a string is written plain only when it is a word both read as text."""
    text = editor_yaml(tricky_registry(), [], Settings())
    for word in ("yes", "No", "on", "null", "true", "1e3", "0o17", "0x1F", "1_000", "12:30", "2020-2025"):
        assert f'label: "{word}"' in text, word
    assert "\n  name: posts\n" in text or "- name: posts\n" in text  # plain where nothing can go wrong
    assert "widget: select\n" in text


def test_the_same_inputs_give_the_same_bytes(sample):
    terms = [Term(2020, 2025), Term(2015, 2020), Term(2017, 2022)]
    first = editor_yaml(sample, terms, REPO_SETTINGS)
    assert editor_yaml(sample, list(reversed(terms)), REPO_SETTINGS) == first
    assert editor_yaml(sample, set(terms), REPO_SETTINGS) == first
    assert first == nfc(first) and first.startswith("# The web editor's configuration")


def test_the_bundle_holds_the_page_and_no_configuration():
    files = bundle_files()
    assert "admin/index.html" in files and "admin/config.yml" not in files
    assert all(uri.startswith("admin/") for uri in files)
    assert any(uri.endswith(".wasm") and "webp_enc" in uri for uri in files)  # the WebP encoder (Safari)


# -- Sveltia CMS's JSON schema ----------------------------------------------------------------


def validate(value, schema: dict, root: dict, where: str = "") -> list[str]:
    """The problems of `value` against a JSON schema (draft 7, the keywords Sveltia's uses)."""
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return validate(value, target, root, where)
    problems: list[str] = []
    kinds = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        ok = any(isinstance(value, kinds[n]) if n in kinds else
                 isinstance(value, int | float) and not isinstance(value, bool) and (n == "number" or value == int(value))
                 for n in names)
        if not ok:
            return [f"{where}: not {names}"]
    if "const" in schema and value != schema["const"]:
        problems.append(f"{where}: not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: not one of {schema['enum']}")
    if "anyOf" in schema and all(validate(value, s, root, where) for s in schema["anyOf"]):
        problems.append(f"{where}: matches none of anyOf")
    if "not" in schema and not validate(value, schema["not"], root, where):
        problems.append(f"{where}: matches 'not'")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                problems.append(f"{where}: missing {key}")
        properties = schema.get("properties", {})
        for key, item in value.items():
            if key in properties:
                problems += validate(item, properties[key], root, f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                problems.append(f"{where}: unknown option {key}")
            elif isinstance(schema.get("additionalProperties"), dict):
                problems += validate(item, schema["additionalProperties"], root, f"{where}.{key}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", len(value)):
            problems.append(f"{where}: {len(value)} items")
        items = schema.get("items")
        for i, item in enumerate(value):
            sub = items[i] if isinstance(items, list) and i < len(items) else items if isinstance(items, dict) else None
            if sub is not None:
                problems += validate(item, sub, root, f"{where}[{i}]")
    if isinstance(value, str) and len(value) < schema.get("minLength", 0):
        problems.append(f"{where}: too short")
    return problems


@pytest.mark.parametrize("settings", [REPO_SETTINGS, Settings(editor_repo="o/r", editor_branch="b")],
                         ids=["github", "branch"])
@pytest.mark.parametrize("terms", [[Term(2020, 2025)], []], ids=["terms", "no-terms"])
def test_the_configuration_is_valid_against_sveltias_schema(sample, settings, terms):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert validate(loaded(sample, terms, settings), schema, schema) == []


def test_without_a_repository_only_the_backend_is_missing(sample):
    """That file never reaches the CMS (admin/src/main.js shows its notice instead)."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert validate(loaded(sample, [], Settings()), schema, schema) == [": missing backend"]


def test_the_schema_check_finds_mistakes(sample):
    """The checker above is real: a misspelt option, a wrong type and a bad enum are each found."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    config = loaded(sample)
    config["publish_mode"] = "review"
    config["slug"]["encodng"] = "ascii"
    by_name(config)["title"]["maxlength"] = "300"
    problems = validate(config, schema, schema)
    assert any(".publish_mode" in p for p in problems) and any("encodng" in p for p in problems)
    assert any(".collections" in p for p in problems)


def test_the_schema_fixture_is_sveltias_own(tmp_path):
    """tests/fixtures/admin/sveltia-cms-schema.json is the schema of the pinned @sveltia/cms with
    its descriptions left out; after `make admin` upgrades the CMS, this says to refresh it."""
    if not UPSTREAM_SCHEMA.is_file():
        pytest.skip("admin/node_modules is not installed (make admin)")
    drop = {"description", "markdownDescription", "deprecationMessage", "title"}

    def strip(node, parent=None):
        if isinstance(node, dict):
            return {k: strip(v, k) for k, v in node.items()
                    if not (k in drop and parent not in ("properties", "definitions") and isinstance(v, str))}
        return [strip(i) for i in node] if isinstance(node, list) else node

    upstream = strip(json.loads(UPSTREAM_SCHEMA.read_text(encoding="utf-8")))
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == upstream, (
        "the CMS's schema changed: write the stripped schema to tests/fixtures/admin/sveltia-cms-schema.json")



# -- the build publishes it -------------------------------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The sample built with --zip as the Pages workflow builds it: the repository and branch
    from the environment, read by `!ENV` in mkdocs.yml."""
    root = copy_sample(tmp_path_factory.mktemp("editor"))
    result = run_bantin(root, "build", "--strict", "--zip",
                        env={"BANTIN_EDITOR_REPO": "so-cong-thuong/ban-tin", "BANTIN_EDITOR_BRANCH": "main"})
    assert result.returncode == 0, result.stderr
    return root


def test_the_build_writes_the_configuration_from_the_registry_posts_and_options(published, sample):
    written = (published / "site/admin/config.yml").read_text(encoding="utf-8")
    terms = {t for path in (published / "posts").rglob("*.md")
             for t in parse_post(path.read_text(encoding="utf-8"), path.relative_to(published).as_posix(),
                                 sample, published)[0].terms}
    assert written == editor_yaml(sample, terms, Settings(editor_repo="so-cong-thuong/ban-tin", editor_branch="main"))
    config = yaml.safe_load(written)
    assert config["backend"]["repo"] == "so-cong-thuong/ban-tin" and config["backend"]["branch"] == "main"
    assert ("2025-2030", "2025-2030") in options(by_name(config)["term"])  # a draft's terms count too


def test_the_build_copies_the_bundle_byte_for_byte(published):
    site = published / "site"
    for uri, path in bundle_files().items():
        assert (site / uri).read_bytes() == path.read_bytes(), uri
    page = (site / "admin/index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow" />' in page and '<html lang="vi">' in page


def test_the_editor_is_in_no_sitemap_feed_search_index_or_archive(published):
    site = published / "site"
    assert "admin" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    for feed in [*site.rglob("feed.xml"), *site.rglob("atom.xml")]:
        assert "/admin" not in feed.read_text(encoding="utf-8"), feed
    index = site / "tim-kiem" / "index"
    assert index.is_dir() and not [p for p in index.rglob("*") if p.is_file() and b"admin" in p.read_bytes()]
    assert "/admin/" not in (site / "robots.txt").read_text(encoding="utf-8")  # noindex needs the page crawled
    with zipfile.ZipFile(published / "site.zip") as archive:
        names = archive.namelist()
    assert "site/index.html" in names and not [n for n in names if n.startswith("site/admin")]


def test_no_page_of_the_site_links_to_the_editor(published):
    for page in (published / "site").rglob("*.html"):
        if "admin" not in page.relative_to(published / "site").parts:
            assert "admin/" not in page.read_text(encoding="utf-8"), page


@pytest.mark.parametrize("value, line", [
    ("so-cong-thuong", "mục 'editor_repo': cần tên kho GitHub dạng chủ/kho, ví dụ so-cong-thuong/ban-tin, "
                       "không phải 'so-cong-thuong'"),
    ("a/b/c", "mục 'editor_repo': cần tên kho GitHub dạng chủ/kho, ví dụ so-cong-thuong/ban-tin, không phải 'a/b/c'"),
])
def test_a_repository_that_is_not_owner_slash_name_is_one_vietnamese_line(tmp_path, value, line):
    root = copy_sample(tmp_path / "p")
    result = run_bantin(root, "check", env={"BANTIN_EDITOR_REPO": value})
    assert result.returncode == 1 and f"LỖI       - mkdocs.yml, plugin 'bantin', {line}" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("value, repo", [
    ("so-cong-thuong/ban-tin", "so-cong-thuong/ban-tin"),
    ("https://github.com/So-Cong-Thuong/ban.tin.git", "So-Cong-Thuong/ban.tin"),
    ("github.com/org/site/", "org/site"),
    ("", None), ("   ", None), (None, None),
])
def test_the_repository_option_reads_owner_slash_name_or_its_address(value, repo):
    from bantin.model.settings import check_setting

    assert check_setting("editor_repo", value) == repo


@pytest.mark.parametrize("value", ["owner", "a/b/c", "-a/b", "a b/c", "a/..", 5, ["a/b"]])
def test_the_repository_option_refuses_anything_else(value):
    from bantin.model.settings import SettingError, check_setting

    with pytest.raises(SettingError, match="cần tên kho GitHub dạng chủ/kho"):
        check_setting("editor_repo", value)


@pytest.mark.parametrize("value, ok", [
    ("main", True), ("release/2026", True), ("gh-pages", True), ("", True), (None, True),
    ("a b", False), ("x..y", False), ("x/", False), ("-x", False), ("x.lock", False), ("a:b", False), (3, False),
])
def test_the_branch_option_is_a_name_git_accepts(value, ok):
    from bantin.model.settings import SettingError, check_setting

    if ok:
        assert check_setting("editor_branch", value) == (value.strip() or None if isinstance(value, str) else None)
    else:
        with pytest.raises(SettingError, match="cần tên một nhánh git"):
            check_setting("editor_branch", value)
