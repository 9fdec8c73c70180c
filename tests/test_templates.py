"""bantin's page templates: escaping by kind of template, and a site's own override of one."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from bantin.site.templates import TEMPLATES, Templates
from sitebuild import copy_sample, page, run_bantin

PAYLOAD = '<img src=x onerror="alert(1)"> *đậm* [a](b) & "q"'


def test_html_templates_escape_every_value_as_html(tmp_path):
    (tmp_path / "t.html").write_text("<p title=\"{{ v }}\">{{ v }}</p>|{{ m }}", encoding="utf-8")
    out = Templates([tmp_path]).render("t.html", v=PAYLOAD, m=Markup("<b>ok</b>"))
    assert out == ('<p title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt; *đậm* [a](b) &amp; &quot;q&quot;">'
                   '&lt;img src=x onerror=&quot;alert(1)&quot;&gt; *đậm* [a](b) &amp; &quot;q&quot;</p>|<b>ok</b>')


def test_markdown_templates_escape_values_for_markdown_and_html_on_request(tmp_path):
    (tmp_path / "t.md").write_text("# {{ v }}\n<i title=\"{{ v | html }}\"></i>", encoding="utf-8")
    out = Templates([tmp_path]).render("t.md", v=PAYLOAD)
    assert out.startswith("# &lt;img src=x onerror=\"alert\\(1\\)\"&gt; \\*đậm\\* \\[a\\]\\(b\\) &amp; \"q\"\n")
    assert out.endswith('<i title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt; *đậm* [a](b) &amp; &quot;q&quot;"></i>')


def test_an_override_wins_and_the_rest_stay_bantins(tmp_path):
    (tmp_path / "bantin").mkdir()
    (tmp_path / "bantin" / "card.html").write_text("mine", encoding="utf-8")
    templates = Templates([tmp_path])
    assert templates.render("bantin/card.html") == "mine"
    assert templates.html.get_template("bantin/list.html").filename == str(TEMPLATES / "bantin" / "list.html")


def test_a_missing_value_is_an_error_not_an_empty_string(tmp_path):
    import jinja2

    (tmp_path / "t.html").write_text("{{ missing }}", encoding="utf-8")
    with pytest.raises(jinja2.UndefinedError):
        Templates([tmp_path]).render("t.html")


def test_a_site_overrides_the_card_in_its_custom_dir(tmp_path):
    root = copy_sample(tmp_path / "site-project")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("theme:\n  name: material\n",
                                                    "theme:\n  name: material\n  custom_dir: overrides\n"),
                                     encoding="utf-8")
    (root / "overrides" / "bantin").mkdir(parents=True)
    (root / "overrides" / "bantin" / "card.html").write_text(
        '<article class="my-card"><a href="{{ href(post_uri) }}">{{ title }}</a> {{ when.label }}</article>\n',
        encoding="utf-8")
    result = run_bantin(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    home = page(root / "site", "")
    cards = home.select("article.my-card")
    assert cards and not home.select("article.bt-card")
    first = cards[0].a["href"]
    assert first.startswith("tin/") and (root / "site" / first / "index.html").exists()
    # Every other template is still bantin's: an agency page keeps its facets.
    assert page(root / "site", "co-quan/so-cong-thuong/").select(".bt-facets a")


def test_a_site_overrides_the_onward_reading_put_in_after_the_markdown(tmp_path):
    """bantin/onward.html is a template like the others: the site's own fills post.md's slot
    (site/onward.py), with the same links, and no slot is left in the page."""
    root = copy_sample(tmp_path / "site-project")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("theme:\n  name: material\n",
                                                    "theme:\n  name: material\n  custom_dir: overrides\n"),
                                     encoding="utf-8")
    (root / "overrides" / "bantin").mkdir(parents=True)
    (root / "overrides" / "bantin" / "onward.html").write_text(
        '<aside class="my-onward">{% for list in onward %}<p>{{ list.title }}</p>{% for other in list.posts %}'
        '<a href="{{ href(other.src_uri) }}">{{ other.title }}</a>{% endfor %}{% endfor %}</aside>\n', encoding="utf-8")
    result = run_bantin(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    uri = "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/"
    post = page(root / "site", uri)
    mine = post.select("article aside.my-onward")
    assert len(mine) == 1 and not post.select(".bt-onward")
    assert [p.get_text() for p in mine[0].select("p")][0] == "Tin cùng cơ quan"
    for link in mine[0].select("a"):
        assert (root / "site" / uri / link["href"] / "index.html").resolve().is_file(), link["href"]
    assert "bantin:onward" not in (root / "site" / uri / "index.html").read_text(encoding="utf-8")


def test_values_that_are_not_strings_are_text_too(tmp_path):
    """A number, a Term or any object with __str__ is escaped for the template's own language."""
    class Named:
        def __str__(self) -> str:
            return "*a* <b>"

    (tmp_path / "t.md").write_text("{{ v }}|{{ n }}", encoding="utf-8")
    (tmp_path / "t.html").write_text("{{ v }}|{{ n }}", encoding="utf-8")
    templates = Templates([tmp_path])
    assert templates.render("t.md", v=Named(), n=5) == "\\*a\\* &lt;b&gt;|5"
    assert templates.render("t.html", v=Named(), n=5) == "*a* &lt;b&gt;|5"
