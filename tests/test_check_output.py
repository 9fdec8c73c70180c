"""`bantin check --format github|markdown|json` (bantin/tools/check_output.py, bantin/commands/check.py): GitHub's
runner reads each problem as one annotation whatever the editor wrote, GitHub's Markdown shows editor text as text
(no links, mentions, references, HTML or broken tables), and every format is one document on stdout, also when
mkdocs.yml or the folder is wrong."""

from __future__ import annotations

import json
import re

import cmarkgfm
import pytest
from bs4 import BeautifulSoup
from cmarkgfm.cmark import Options

from bantin.model.errors import ContentError
from bantin.tools.check_output import (
    WORD_JOINER,
    annotation,
    command_data,
    command_property,
    github_commands,
    github_text,
    markdown_report,
)
from factories import make_project, write_post
from sitebuild import run_bantin

# Text an editor could type into a field, each a way into a log or a comment.
HOSTILE = [
    "dòng một\ndòng hai\r\nba\rbốn",
    "100% %0A %25 %3A",
    "a::b ::error::giả ::add-mask::x",
    "<script>alert(1)</script> <img src=x onerror=alert(1)>",
    "@admin @org/team thư@evil.example",
    "#12 GH-34 owner/repo#5",
    "[bấm](https://evil.example) ![ảnh](http://evil.example/a.png) <https://evil.example> www.evil.example",
    "ô | ô || `code` *đậm* _nghiêng_ ~~gạch~~ $x$ \\* &amp; &copy;",
    "\u202eđảo chiều\u202c \x00\x1b[31m",
]


# -- GitHub's runner -------------------------------------------------------------------------------------------
# The runner's own reading of a line (actions/runner, src/Runner.Common/ActionCommand.cs: TryParseV2 and the
# unescaping of properties and data, in its order).
def _unescape(text: str, mappings: list[tuple[str, str]]) -> str:
    for token, replacement in mappings:
        text = text.replace(replacement, token)
    return text


_DATA = [("\r", "%0D"), ("\n", "%0A"), ("%", "%25")]
_PROPERTY = [("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25")]


def runner_reads(line: str) -> tuple[str, dict[str, str], str] | None:
    """(command, properties, data) of a line of a step's output, or None when it is no command."""
    message = line.lstrip()
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    name, _, rest = message[2:end].partition(" ")
    properties = {}
    for pair in rest.strip().split(","):
        key, _, value = pair.partition("=")
        if key and value:
            properties[key] = _unescape(value, _PROPERTY)
    return name, properties, _unescape(message[end + 2:], _DATA)


def runner_lines(output: str) -> list[str]:
    """The lines the runner reads from a step's output (it splits at LF, CR and CRLF)."""
    return re.split(r"\r\n|\r|\n", output.removesuffix("\n"))


@pytest.mark.parametrize("text", HOSTILE)
def test_an_annotation_is_one_line_whatever_the_field_and_the_message_say(text):
    problem = ContentError(f"posts/{text}.md", 7, text, f"giá trị '{text}' sai", f"sửa '{text}'")
    line = annotation(problem)
    assert runner_lines(line) == [line]
    assert runner_reads(line) == ("error", {"file": f"posts/{text}.md", "line": "7",
                                            "title": f"Kiểm tra bài viết · trường '{text}'"},
                                  f"giá trị '{text}' sai\n→ sửa '{text}'")


def test_escaping_is_githubs_for_data_and_for_properties():
    assert command_data("50% a\r\nb::c, d:e") == "50%25 a%0D%0Ab::c, d:e"
    assert command_property("50% a\r\nb::c, d:e") == "50%25 a%0D%0Ab%3A%3Ac%2C d%3Ae"
    assert command_data("%0A") == "%250A"  # an editor's "%0A" stays those three characters


def test_annotations_errors_first_then_warnings_each_by_file_and_line_then_the_count():
    problems = [
        ContentError("posts/b.md", 3, "cover", "ảnh gốc có GPS", "xoá GPS", warning=True),
        ContentError("posts/b.md", 9, "kind", "loại tin 'x' không có", "dùng mã trong registry.yml"),
        ContentError("posts/a.md", None, None, "tệp trống", None),
        ContentError("posts/b.md", 2, "date", "ngày sai", "ví dụ: 2020-01-16"),
    ]
    output = github_commands(problems, checked=None)
    assert output.splitlines() == [
        "::error file=posts/a.md,title=Kiểm tra bài viết::tệp trống",
        "::error file=posts/b.md,line=2,title=Kiểm tra bài viết · trường 'date'::ngày sai%0A→ ví dụ%3A 2020-01-16"
        .replace("%3A", ":"),
        "::error file=posts/b.md,line=9,title=Kiểm tra bài viết · trường 'kind'::loại tin 'x' không có%0A→ dùng mã "
        "trong registry.yml",
        "::warning file=posts/b.md,line=3,title=Kiểm tra bài viết · trường 'cover'::ảnh gốc có GPS%0A→ xoá GPS",
        "Có 3 lỗi và 1 cảnh báo trong 2 tệp.",
    ]


def test_annotations_with_no_problem_or_warnings_only_end_with_what_was_checked():
    assert github_commands([], checked="3 bài viết, 2 cơ quan, 4 loại tin") == (
        "Không có lỗi: 3 bài viết, 2 cơ quan, 4 loại tin.\n")
    warned = github_commands([ContentError("posts/a.md", 4, "cover", "ảnh gốc có GPS", None, warning=True)],
                             checked="1 bài viết, 2 cơ quan, 4 loại tin")
    assert [runner_reads(line)[0] if runner_reads(line) else line for line in warned.splitlines()] == [
        "warning", "Không có lỗi: 1 bài viết, 2 cơ quan, 4 loại tin."]


def test_annotations_name_files_from_the_repository_root():
    problem = ContentError("posts/a.md", 1, None, "sai", None)
    assert runner_reads(github_commands([problem], None, prefix="ban-tin").splitlines()[0])[1]["file"] == (
        "ban-tin/posts/a.md")
    without_file = runner_reads(annotation(ContentError("", None, None, "không phải thư mục dự án", None)))
    assert without_file == ("error", {"title": "Kiểm tra bài viết"}, "không phải thư mục dự án")


# -- GitHub's Markdown ---------------------------------------------------------------------------------------
def github_renders(markdown: str) -> BeautifulSoup:
    """The HTML GitHub makes of a comment (cmark-gfm with its extensions: tables, autolinks, strikethrough;
    raw HTML let through, as GitHub does before its sanitiser)."""
    return BeautifulSoup(cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE),
                         "html.parser")


# What GitHub links after rendering, in text outside code and links (html-pipeline's mention and issue filters).
_MENTION = re.compile(r"(?:^|\W)@[a-z0-9]", re.I)
_REFERENCE = re.compile(r"(?:^|\W|[\w.-]/[\w.-]+)#\d|\bGH-\d", re.I)


def shown(text: str) -> str:
    """What a reader sees of editor text: on one line, invisible joiners aside."""
    return re.sub(r"\r\n|[\r\n]", " ", text).replace(WORD_JOINER, "")


def assert_text_only(soup: BeautifulSoup) -> None:
    assert soup.find_all("a") == []
    assert {tag.name for tag in soup.find_all(True)} <= {
        "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "strong", "em", "code", "ol", "li"}
    for node in soup.find_all(string=True):
        if node.parent.name != "code":
            assert not _MENTION.search(node) and not _REFERENCE.search(node), repr(node)


@pytest.mark.parametrize("text", HOSTILE)
def test_editor_text_is_text_in_a_table_cell(text):
    soup = github_renders(f"| a | b |\n| --- | --- |\n| {github_text(text)} | sau |\n")
    assert_text_only(soup)
    cells = soup.select("tbody td")
    assert len(cells) == 2 and cells[1].get_text() == "sau"
    expected = re.sub(r"[\x00-\x08\x0e-\x1f\u202a-\u202e]", "\ufffd", shown(text))
    assert shown(cells[0].get_text()) == expected


@pytest.mark.parametrize(("text", "escaped"), [
    ("@admin", "@\u2060admin"),
    ("#12", "#\u206012"),
    ("gh-34 GH-x", "gh-\u206034 GH-x"),
    ("https://a.vn", "https:\u2060//a.vn"),
    ("WWW.a.vn", "WWW\u2060.a.vn"),
    ("<b>&amp;", "&lt;b&gt;&amp;amp;"),
    ("a|b `c` [d] *e* _f_ ~g~ $h$ \\", r"a\|b \`c\` \[d\] \*e\* \_f\_ \~g\~ \$h\$ \\"),
    ("dòng\nhai\u2028ba\tbốn", "dòng hai ba bốn"),
    ("Đại hội Chi bộ (lần thứ I) - 2020.", "Đại hội Chi bộ (lần thứ I) - 2020."),  # plain text stays readable
])
def test_github_text(text, escaped):
    assert github_text(text) == escaped


def _problems() -> list[ContentError]:
    return [
        ContentError("posts/b.md", 3, "cover", "ảnh gốc có GPS", "xoá GPS", warning=True),
        ContentError("posts/b.md", 9, "kind", "loại tin 'x' không có", "dùng mã trong registry.yml"),
        ContentError("posts/a.md", None, None, "tệp trống", None),
    ]


def test_markdown_lists_every_problem_with_file_line_field_and_fix_errors_first():
    report = markdown_report(_problems(), checked="2 bài viết, 3 cơ quan, 4 loại tin")
    soup = github_renders(report)
    assert_text_only(soup)
    assert soup.h3.get_text() == "❌ Kiểm tra bài viết: 2 lỗi, 1 cảnh báo — chưa đăng được"
    assert [th.get_text() for th in soup.select("thead th")] == ["Mức", "Tệp", "Dòng", "Trường", "Vấn đề", "Cách sửa"]
    assert [[td.get_text() for td in tr.find_all("td")] for tr in soup.select("tbody tr")] == [
        ["❌ Lỗi", "posts/a.md", "—", "—", "tệp trống", "—"],
        ["❌ Lỗi", "posts/b.md", "9", "kind", "loại tin 'x' không có", "dùng mã trong registry.yml"],
        ["⚠️ Cảnh báo", "posts/b.md", "3", "cover", "ảnh gốc có GPS", "xoá GPS"],
    ]
    text = soup.get_text()
    assert "Đã kiểm tra 2 bài viết, 3 cơ quan, 4 loại tin." in text
    assert "Sửa từng trường nêu trong bảng theo cột Cách sửa, rồi bấm Lưu." in text
    assert "chuyển bài sang Sẵn sàng rồi bấm Xuất bản" in text
    assert "người phụ trách kỹ thuật" not in text  # every error is in a post, which the web editor opens


def test_markdown_with_warnings_only_says_the_post_can_be_published():
    report = markdown_report(_problems()[:1], checked="1 bài viết, 3 cơ quan, 4 loại tin")
    soup = github_renders(report)
    assert soup.h3.get_text() == "✅ Kiểm tra bài viết: không có lỗi, 1 cảnh báo — đăng được"
    assert len(soup.select("tbody tr")) == 1
    assert "Bài đăng được." in soup.get_text() and "chuyển bài sang Sẵn sàng rồi bấm Xuất bản" in soup.get_text()


def test_markdown_with_no_problem_says_so_and_has_no_table():
    soup = github_renders(markdown_report([], checked="19 bài viết, 6 cơ quan, 8 loại tin"))
    assert soup.h3.get_text() == "✅ Kiểm tra bài viết: không có lỗi — đăng được"
    assert soup.table is None
    assert "Đã kiểm tra 19 bài viết, 6 cơ quan, 8 loại tin." in soup.get_text()


def test_markdown_sends_errors_outside_posts_to_the_it_person():
    report = markdown_report([ContentError("registry.yml", 4, "agencies", "trùng mã", "đổi mã")], checked=None)
    assert "nhờ người phụ trách kỹ thuật của cơ quan sửa" in github_renders(report).get_text()


def test_markdown_of_hostile_problems_is_one_row_each():
    problems = [ContentError(f"posts/{i}.md", i + 1, text, f"giá trị '{text}' sai", text)
                for i, text in enumerate(HOSTILE)]
    soup = github_renders(markdown_report(problems, checked=None))
    assert_text_only(soup)
    rows = soup.select("tbody tr")
    assert len(rows) == len(HOSTILE) and all(len(row.find_all("td")) == 6 for row in rows)
    assert [row.find_all("td")[2].get_text() for row in rows] == [str(i + 1) for i in range(len(HOSTILE))]


def test_markdown_cut_to_the_comment_limit_keeps_the_errors_and_counts_the_rest():
    problems = [ContentError(f"posts/{i:04}.md", 1, "summary", "tóm tắt quá dài " + "x" * 200, "viết ngắn lại",
                             warning=i % 2 == 0) for i in range(1000)]
    report = markdown_report(problems, checked=None, limit=20_000)
    assert len(report.encode()) <= 20_000
    soup = github_renders(report)
    rows = soup.select("tbody tr")
    assert 50 < len(rows) < 100 and all(row.td.get_text() == "❌ Lỗi" for row in rows)
    assert f"… và {1000 - len(rows)} lỗi hoặc cảnh báo nữa không vừa ở đây" in soup.get_text()
    assert "Việc tiếp theo trong trình soạn thảo web" in soup.get_text()


# -- the command: one document on stdout -------------------------------------------------------------------------
def _bad_post_project(tmp_path):
    root = make_project(tmp_path / "p")
    write_post(root, "posts/a.md", 'title: Tin\ndate: 2024-01-02\nagency: "Sở <b>x</b> @admin #1"\n'
                                   'kind: dai-hoi-chi-bo\n"ti\\ntle::x": 1')
    return root


def test_check_github_annotates_each_problem_and_fails(tmp_path):
    result = run_bantin(_bad_post_project(tmp_path), "check", "--format", "github")
    assert result.returncode == 1 and result.stderr == ""
    lines = runner_lines(result.stdout)
    commands = [runner_reads(line) for line in lines]
    assert [c[0] if c else None for c in commands] == ["error", "error", None]
    assert commands[0][1] == {"file": "posts/a.md", "line": "4", "title": "Kiểm tra bài viết · trường 'agency'"}
    assert commands[0][2].startswith("cơ quan 'Sở <b>x</b> @admin #1' không có trong danh mục\n→ ")
    assert commands[1][1]["title"] == "Kiểm tra bài viết · trường 'ti\ntle::x'"
    assert lines[-1] == "Có 2 lỗi trong 1 tệp."


def test_check_github_with_warnings_only_passes(tmp_path):
    from factories import make_photo

    root = make_project(tmp_path / "p")
    (root / "images").mkdir()
    make_photo(root / "images/a.jpg", gps={1: "N", 2: (21.0, 1.0, 30.0)})
    write_post(root, "posts/a.md", "title: Tin\ndate: 2024-01-02\nagency: so-cong-thuong\nkind: dai-hoi-chi-bo\n"
                                   "cover: ../images/a.jpg")
    result = run_bantin(root, "check", "--format", "github")
    assert result.returncode == 0, result.stdout + result.stderr
    first, last = runner_lines(result.stdout)
    assert runner_reads(first)[0] == "warning" and runner_reads(first)[1]["file"] == "posts/a.md"
    assert last == "Không có lỗi: 1 bài viết, 4 cơ quan, 2 loại tin."


def test_check_markdown_of_a_post_with_errors(tmp_path):
    result = run_bantin(_bad_post_project(tmp_path), "check", "--format", "markdown")
    assert result.returncode == 1 and result.stderr == ""
    soup = github_renders(result.stdout)
    assert_text_only(soup)
    assert [td.get_text() for td in soup.select("tbody tr")[0].find_all("td")][:4] == [
        "❌ Lỗi", "posts/a.md", "4", "agency"]


@pytest.mark.parametrize("output", ["json", "github", "markdown"])
def test_check_says_a_wrong_mkdocs_yml_in_its_document(tmp_path, output):
    root = make_project(tmp_path / "p", sample=True, config={"per_page: 10": "per_page: mười"})
    result = run_bantin(root, "check", "--format", output)
    assert result.returncode == 1 and result.stderr == ""
    said = "plugin 'bantin', mục 'per_page': cần một số nguyên từ 1 đến 1000, không phải 'mười'"
    if output == "json":
        report = json.loads(result.stdout)
        assert report["ok"] is False and report["errors"] == 1
        assert [(p["path"], p["message"], p["hint"]) for p in report["problems"]] == [
            ("mkdocs.yml", said, "sửa 'mkdocs.yml' rồi chạy lại")]
    elif output == "github":
        assert runner_reads(result.stdout.splitlines()[0]) == (
            "error", {"file": "mkdocs.yml", "title": "Kiểm tra bài viết"}, said + "\n→ sửa 'mkdocs.yml' rồi chạy lại")
    else:
        assert said in github_renders(result.stdout).get_text()


def test_check_json_says_unreadable_mkdocs_yml(tmp_path):
    root = make_project(tmp_path / "p", sample=True, config={"plugins:": "plugins: [\n"})
    result = run_bantin(root, "check", "--format", "json")
    assert result.returncode == 1 and result.stderr == ""
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem["path"] == "mkdocs.yml" and problem["message"].startswith("cấu hình 'mkdocs.yml' không hợp lệ")
    assert "lỗi cú pháp YAML" in problem["message"] and problem["hint"].startswith("kiểm tra dòng")  # the line, quoted


def test_check_json_outside_a_project_is_a_document_too(tmp_path):
    result = run_bantin(tmp_path, "check", "--format", "json")
    assert result.returncode == 2 and result.stderr == ""
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["problems"][0]["message"] == (
        f"'{tmp_path.resolve()}' không phải thư mục dự án bản tin (không có mkdocs.yml hay registry.yml)")
    text = run_bantin(tmp_path, "check")
    assert text.returncode == 2 and text.stdout == "" and text.stderr.startswith("LỖI: '")
