from pathlib import Path

from bantin.model.registry_file import load_registry, parse_registry
from sitebuild import REPO


def messages(text):
    registry, errors = parse_registry(text, "registry.yml")
    assert registry is None
    return [e.format() for e in errors]


def test_sample_registry_loads():
    registry, errors = load_registry(REPO / "registry.yml", REPO)
    assert errors == [] and len(registry.agencies) >= 4 and len(registry.kinds) >= 3
    assert all(a.units for a in registry.agencies.values())


def test_lookup_by_key_name_short_name_or_alias_without_tones(registry):
    for value in ("so-cong-thuong", "Sở Công Thương", "so cong thuong", "SCT", "Đảng bộ Sở Công Thương"):
        assert registry.find_agency(value).key == "so-cong-thuong"
    agency = registry.agencies["so-cong-thuong"]
    assert registry.find_unit(agency, "Chi bộ Văn phòng").key == "van-phong"
    assert registry.find_unit(agency, "khong-co") is None
    assert registry.find_kind("so ket").key == "hoi-nghi-so-ket"


def test_suggestions(registry):
    assert registry.suggest_agency("so-cong-thuog").key == "so-cong-thuong"
    assert registry.suggest_agency("Sở Công Thươn").key == "so-cong-thuong"
    assert registry.suggest_kind("dai-hoi-chi-b").key == "dai-hoi-chi-bo"
    assert registry.suggest_kind("so-ket-6-thang").key == "hoi-nghi-so-ket"  # through the alias "sơ kết"
    assert registry.suggest_unit(registry.agencies["so-cong-thuong"], "van-phog").key == "van-phong"
    assert registry.suggest_agency("zzz") is None


def test_children_in_vietnamese_order(registry):
    assert registry.children("dang-bo-khoi") == ("so-cong-thuong",)
    order = [a.short for a in registry.sorted_agencies()]
    assert order == ["Dân vận", "Đảng bộ Khối", "Đoàn Thanh niên", "Sở Công Thương"]


def test_every_problem_reported_with_line():
    text = (
        "agencies:\n"
        "  So_Cong_Thuong:\n"              # 2: bad key
        "    name: Sở Công Thương\n"
        "  so-tai-chinh:\n"
        "    name: Sở Tài chính\n"
        "    parent: dang-bo-khoii\n"      # 6: unknown parent
        "    shrot: STC\n"                 # 7: unknown field
        "  cuc-thue:\n"
        "    name: Cục Thuế\n"
        "    aliases: [Sở Tài chính]\n"    # 10: alias clashes with another agency
        "kinds:\n"
        "  dai-hoi: Đại hội\n"
    )
    assert messages(text) == [
        "registry.yml:2: [agencies.So_Cong_Thuong] mã cơ quan 'So_Cong_Thuong' không hợp lệ: chỉ gồm chữ thường "
        "không dấu, số và dấu '-'\n    → dùng 'so-cong-thuong'",
        "registry.yml:7: [agencies.so-tai-chinh.shrot] trường 'shrot' không được hỗ trợ\n"
        "    → có phải ý bạn là 'short'?",
        "registry.yml:6: [agencies.so-tai-chinh.parent] cơ quan cấp trên 'dang-bo-khoii' không có trong danh mục\n"
        "    → ghi mã của một cơ quan trong danh mục",
        "registry.yml:8: [agencies.cuc-thue] tên hoặc bí danh 'Sở Tài chính' trùng với 'so-tai-chinh'\n"
        "    → mỗi tên chỉ được dùng cho một mục",
    ]


def test_parent_cycle():
    text = "agencies:\n  a:\n    name: A\n    parent: b\n  b:\n    name: B\n    parent: a\nkinds:\n  k: K\n"
    assert any("tạo thành vòng lặp" in m for m in messages(text))


def test_missing_sections():
    assert messages("agencies:\n") == [
        "registry.yml:1: [agencies] danh mục chưa có cơ quan nào\n"
        "    → thêm mục 'agencies:' với ít nhất một cơ quan",
        "registry.yml: [kinds] danh mục chưa có loại tin nào\n"
        "    → thêm mục 'kinds:', ví dụ 'dai-hoi-chi-bo: Đại hội Chi bộ'",
    ]


def test_missing_file(tmp_path: Path):
    registry, errors = load_registry(tmp_path / "registry.yml", tmp_path)
    assert registry is None and errors[0].format() == (
        "registry.yml: không tìm thấy tệp danh mục cơ quan và loại tin\n"
        "    → tạo tệp này, hoặc đặt đường dẫn trong mục 'registry' của plugin bantin")


def test_a_unit_qualified_with_its_agency_is_found_by_any_of_their_names(registry):
    """The web editor writes units as `agency/unit` (bantin/site/editor_config.py); each part may
    be a key, a name or an alias, with or without tones, as everywhere else."""
    agency = registry.agencies["so-cong-thuong"]
    for value in ("so-cong-thuong/van-phong", "SCT/Chi bộ Văn phòng", "Sở Công Thương/van-phong",
                  "so cong thuong/chi bo van phong", "Đảng bộ Sở Công Thương/quan-ly-thuong-mai"):
        found = registry.lookup_unit(agency, value)
        assert found.key in ("van-phong", "quan-ly-thuong-mai"), value


def test_a_unit_of_another_agency_names_its_owner_and_the_fix(registry):
    khoi = registry.agencies["dang-bo-khoi"]
    found = registry.lookup_unit(khoi, "so-cong-thuong/van-phong")
    assert (found.message, found.suggestion) == (
        "đơn vị 'so-cong-thuong/van-phong' (Chi bộ Văn phòng) thuộc 'Sở Công Thương', không thuộc 'Đảng bộ Khối' "
        "(cơ quan của bài)",
        "bỏ đơn vị này; nếu bài là tin của Sở Công Thương, đổi 'agency' thành 'so-cong-thuong'")


def test_a_qualified_unit_the_agency_lacks_is_unknown_with_the_nearest_suggested(registry):
    agency = registry.agencies["so-cong-thuong"]
    found = registry.lookup_unit(agency, "so-cong-thuong/van-phog")
    assert (found.message, found.suggestion) == ("đơn vị 'van-phog' không thuộc 'Sở Công Thương'",
                                                 "có phải ý bạn là 'van-phong' (Chi bộ Văn phòng)?")
    found = registry.lookup_unit(registry.agencies["dang-bo-khoi"], "so-cong-thuong/khong-co")
    assert (found.message, found.suggestion) == (
        "đơn vị 'so-cong-thuong/khong-co' không thuộc 'Đảng bộ Khối'", None)


def test_a_slash_that_follows_no_agency_is_part_of_the_unit_name():
    """A unit may be called 'Văn phòng/Tài vụ': the whole name is tried first, as written."""
    text = ("agencies:\n  cuc-thue:\n    name: Cục Thuế\n    units:\n      van-phong: Chi bộ Văn phòng/Tài vụ\n"
            "  tai-vu:\n    name: Phòng Tài vụ\n"
            "kinds:\n  dai-hoi: Đại hội\n")
    registry, errors = parse_registry(text, "registry.yml")
    assert errors == []
    cuc_thue = registry.agencies["cuc-thue"]
    assert registry.lookup_unit(cuc_thue, "Chi bộ Văn phòng/Tài vụ").key == "van-phong"
    assert registry.lookup_unit(cuc_thue, "cuc-thue/Chi bộ Văn phòng/Tài vụ").key == "van-phong"
    assert registry.lookup_unit(cuc_thue, "khong-co/van-phong").message == \
        "đơn vị 'khong-co/van-phong' không thuộc 'Cục Thuế'"


def test_an_agency_emblem_is_a_path_inside_the_project():
    registry, errors = parse_registry("agencies:\n  a:\n    name: Sở A\n    emblem: images/bieu-trung/a.png\n"
                                      "  b: Sở B\nkinds:\n  k: Loại\n", "registry.yml")
    assert errors == [] and registry is not None
    assert (registry.agencies["a"].emblem, registry.agencies["b"].emblem) == ("images/bieu-trung/a.png", "")
    for outside in ("../a.png", "/etc/a.png", "C:/a.png", "images/../../a.png"):
        assert messages(f"agencies:\n  a:\n    name: Sở A\n    emblem: {outside}\nkinds:\n  k: Loại\n") == [
            f"registry.yml:4: [agencies.a.emblem] ảnh biểu trưng '{outside}' nằm ngoài thư mục trang\n"
            "    → đặt ảnh trong thư mục trang, ví dụ images/bieu-trung/so-cong-thuong.png"]
