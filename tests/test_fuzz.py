"""Property tests: any input gives a value or a Vietnamese error, never a crash or a hang."""

from __future__ import annotations

import os
import unicodedata

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bantin.model.dates import DateError, parse_date
from bantin.model.errors import ContentError
from bantin.model.posts import parse_post
from bantin.model.registry_file import parse_registry
from bantin.model.slugs import is_slug, slugify
from bantin.model.terms import TermError, parse_term
from bantin.site.search_index import tokens
from bantin.tools.importer.article import recognise
from sitebuild import FIXTURES_DIR

# BANTIN_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py: the longer run (figures in BENCHMARKS.md).
FAST = settings(max_examples=int(os.environ.get("BANTIN_FUZZ_EXAMPLES", "300")), deadline=1000,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
VIETNAMESE = st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyĐÀÁẢÃẠầấẩẫậềếểễệ"
                                                   "ìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ 0123456789-–:/.,\n\t#[]{}*&!|>'\"")),
                     max_size=200)
ANY = st.one_of(VIETNAMESE, st.text(max_size=200))
FIELDS = ["title", "date", "agency", "units", "term", "kind", "tags", "author", "summary", "cover", "photos",
          "draft", "slug", "aliases", "tittle"]


@FAST
@given(ANY)
def test_slugs_are_always_ascii_slugs(text):
    slug = slugify(text)
    assert slug == "" or is_slug(slug)
    assert slug == slugify(unicodedata.normalize("NFD", text))


@pytest.mark.parametrize("parse, refusal, valid", [
    (parse_term, TermError, lambda term: term.start < term.end <= term.start + 10),
    (parse_date, DateError, lambda moment: moment.tzinfo is not None),
])
@FAST
@given(text=ANY)
def test_terms_and_dates_parse_or_refuse_in_vietnamese(parse, refusal, valid, text):
    try:
        value = parse(text)
    except refusal as exc:
        assert str(exc)
    else:
        assert valid(value)


@FAST
@given(ANY)
def test_search_tokens_are_ascii(text):
    assert all(t.isascii() and t.isalnum() for t in tokens(text))


front_matter = st.lists(st.tuples(st.sampled_from(FIELDS), ANY), max_size=8).map(
    lambda pairs: "---\n" + "".join(f"{k}: {v}\n" for k, v in pairs) + "---\n")


@FAST
@given(st.one_of(front_matter, ANY, st.builds(lambda a, b: a + b, front_matter, ANY)))
def test_any_post_text_gives_a_post_or_errors(registry, text):
    post, problems = parse_post(text, "posts/x.md", registry, FIXTURES_DIR)
    assert all(isinstance(p, ContentError) and p.path == "posts/x.md" for p in problems)
    assert (post is None) == any(not p.warning for p in problems)


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.dates(), ANY)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(st.sampled_from(["src", "caption", "alt", "x"]),
                                                                        inner, max_size=3)), max_leaves=8)
structured = st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=10).map(
    lambda data: "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n")


@FAST
@given(structured)
def test_any_yaml_values_in_any_field_give_a_post_or_errors(registry, text):
    """Lists, mappings, numbers, dates, booleans and nulls where text is expected, and so on."""
    post, problems = parse_post(text, "posts/x.md", registry, FIXTURES_DIR)
    assert all(isinstance(p, ContentError) and p.message for p in problems)
    assert (post is None) == any(not p.warning for p in problems)


REGISTRY_KEYS = st.sampled_from(["agencies", "kinds", "so-y-te", "Sở Y tế", "name", "short", "aliases", "parent",
                                 "units", "description", "dai-hoi"])
REGISTRY_VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                                 st.dictionaries(REGISTRY_KEYS, inner, max_size=4)),
                               max_leaves=12)


@FAST
@given(st.one_of(st.dictionaries(REGISTRY_KEYS, REGISTRY_VALUES, max_size=4).map(
    lambda data: yaml.safe_dump(data, allow_unicode=True)), ANY))
def test_any_registry_gives_a_registry_or_errors(text):
    registry, problems = parse_registry(text, "registry.yml")
    assert (registry is None) == bool(problems)
    assert all(isinstance(p, ContentError) and p.path == "registry.yml" and p.message for p in problems)


@FAST
@given(ANY, st.booleans())
def test_any_old_article_is_recognised_without_crashing(registry, text, html):
    article = recognise(text, "x", registry, html=html)
    assert isinstance(article.body, str) and isinstance(article.todo, dict)


# -- what the lightbox receives ---------------------------------------------------------------
def _lightbox_page(caption: str, alt: str, title: str) -> str:
    """A gallery figure and a body image as bantin writes them, through bantin's Markdown extension."""
    from pathlib import Path

    import markdown

    from bantin.engine.markdown import BantinMarkdown, PageContext
    from bantin.model.text import escape_html, escape_md
    from bantin.site.photos.renditions import ImageMeta, Rendition

    meta = ImageMeta("0" * 16, 1280, 720, (Rendition(640, 360, "jpeg", "a-640.jpg", 1),
                                           Rendition(1280, 720, "jpeg", "a-1280.jpg", 1),
                                           Rendition(640, 360, "webp", "a-640.webp", 1)), Path("."))
    context = PageContext(page_uri="tin/2023/03/x.md", page_url="tin/2023/03/x/", source="posts/2023/x.md",
                          gallery="x", photo=lambda src: meta, virtual={"anh/a.jpg": "images/a.jpg"},
                          rendition_uri=lambda src, r: f"anh/a-{r.width}.{r.format}")
    text = (f'<figure markdown>\n![{escape_md(alt)}](../../../anh/a.jpg "{escape_md(title).replace(chr(34), "")}")\n'
            f"<figcaption>{escape_html(caption)}</figcaption>\n</figure>\n")
    return markdown.Markdown(extensions=["attr_list", "md_in_html", BantinMarkdown(context)]).convert(text)


@FAST
@given(ANY, ANY, ANY)
def test_the_lightbox_gets_no_editor_text_it_would_insert_as_html(caption, alt, title):
    from bs4 import BeautifulSoup

    from bantin.engine.markdown import CAPTION_SLOT
    from bantin.model.fields import CONTROL
    from bantin.model.text import clean

    assume(not any(CONTROL.search(t) for t in (caption, alt, title)))  # refused in every field
    html = _lightbox_page(clean(caption), clean(alt), clean(title))
    page = BeautifulSoup(html, "html.parser")
    assert len(page.select("a.glightbox")) == 1
    for link in page.select("a.glightbox"):  # GLightbox inserts data-title/-description and title as HTML
        assert set(link.attrs) <= {"class", "data-type", "data-gallery", "href", "data-description"}, link.attrs
        assert link.get("data-description", CAPTION_SLOT) == CAPTION_SLOT
    figcaption = page.find("figcaption")
    assert figcaption is not None and figcaption.get_text() == clean(caption)
    assert figcaption.find(True) is None  # text, not a single element
    assert page.find(["script", "svg", "iframe"]) is None


@FAST
@given(ANY)
def test_the_markup_check_never_crashes_and_escaped_text_is_never_refused(text):
    from bantin.model.markup import unsafe_markup
    from bantin.model.text import escape_html

    unsafe_markup(text)
    assert unsafe_markup(f"<p>{escape_html(text)}</p><figcaption>{escape_html(text)}</figcaption>") == []
    assert unsafe_markup(f'<img alt="{escape_html(text)}" src="a.jpg">') == []
