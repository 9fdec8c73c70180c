"""Property tests: any input gives a value or a Vietnamese error, never a crash or a hang."""

from __future__ import annotations

import os
import unicodedata

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bantin.content import parse_post
from bantin.dates import DateError, parse_date
from bantin.errors import ContentError
from bantin.importer import recognise
from bantin.registry import parse_registry
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
    post, problems = parse_post(text, "posts/x.md", registry, FIXTURES)
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
