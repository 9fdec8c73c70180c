"""Property tests: any input gives a value or a Vietnamese error, never a crash or a hang."""

from __future__ import annotations

import os
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bantin.content import parse_post
from bantin.dates import DateError, parse_date
from bantin.errors import ContentError
from bantin.importer import recognise
from bantin.search import tokens
from bantin.slugs import is_slug, slugify
from bantin.terms import TermError, parse_term

from conftest import FIXTURES

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
    post, problems = parse_post(text, "posts/x.md", registry, FIXTURES)
    assert all(isinstance(p, ContentError) and p.path == "posts/x.md" for p in problems)
    assert (post is None) == any(not p.warning for p in problems)


@FAST
@given(ANY, st.booleans())
def test_any_old_article_is_recognised_without_crashing(registry, text, html):
    article = recognise(text, "x", registry, html=html)
    assert isinstance(article.body, str) and isinstance(article.todo, dict)
