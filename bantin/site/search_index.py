"""The search index's format: folded syllables and syllable pairs with their positions, toned
forms for ranking, registry names, sharded, with facets (written and read).

Plain Python, no MkDocs. The reader's browser (`assets/search.js`) downloads only what a
query needs: a small manifest, the per-post facet table, the shards holding the query's
terms, and the few result chunks it shows.

What a query means (issue 18): its syllables adjacent and in order, tones and đ folded, in the
title, the summary or the body. One syllable is looked up as itself ("dai"); two as their pair
("dai hoi"), whose postings answer exactly; three or more as their consecutive pairs, whose
positions in the post prove the phrase ("dai hoi" at p, "hoi chi" at p+1, "chi bo" at p+2).
A registry name ("SCT", "Sở GD&ĐT", a kind's or unit's name) is a term of its own,
"=<folded syllables>", listing the posts of that agency, kind or unit.

Layout under the output folder:
- `manifest.json`: counts, shard count, facet names, the folded names of agencies and kinds.
- `facets.bin`: per post, in id order: agency u8, kind u8, year u8, terms bitmask (u16 or u32, LE).
- `s/<n>.bin`: shard n, a sequence of terms, each:
  [u8 len][term ASCII][varint size of what follows][varint df][u8 form]
  [u8 variants][variants × (u8 len, UTF-8 toned form, e.g. "sơ kết")], then by form:
  - 0, a list: df × (varint id gap, u8 weight);
  - 1, a bitset (single syllables in more than 1/16 of the posts, on sites of BITSET_MIN_DOCS
    posts or more): [u8 weight] and ceil(docs/8) bytes: a word in nearly every post ("đảng")
    costs 1.25 KB at 10,000 posts instead of 20 KB, and its idf is near zero anyway;
  - 2, a pair: form 0's list, then (after the masks below) df × (varint n, n × varint position gap).
  With more than one variant, df × u8 follow the list or bitset: per post, bit i set when the
  post has variant i (the 7 most frequent, by posts); bit 7 for any other.
- `d/<n>.json`: posts n·CHUNK … as [url, title, date, agency, kind, summary, thumb]; thumb is
  the URL of a small rendition of the post's cover or first photo (from the site root), or "".
- `v.json`: the vocabulary for "did you mean": [[syllable, its most frequent toned form, df]],
  most frequent first, numbers left out; fetched only when a query finds nothing.

Post ids follow date order, newest first, so "newest" results are the first chunks.
Positions count syllables through title, summary and body, with a gap between two fields, so
no phrase spans two of them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from bantin.model.text import fold

VERSION = 2
CHUNK = 10  # posts per result chunk: one page of newest-first results is one file
SHARD_TARGET = 8_192  # bytes of postings per shard, before the shard count is rounded up
SUMMARY = 240  # characters of summary kept for result snippets
# Sites this small keep every weight: their lists are small, and ranking by them is better.
BITSET_MIN_DOCS = 512
FIELD_WEIGHTS = (3, 2, 1)  # title, summary, body
K1, B = 1.2, 0.75
MAX_VARIANTS = 7  # toned forms with a bit of their own; bit 7 stands for the others
# Bounds that keep every term and form within its u8 length: a syllable of at most 32 letters,
# a toned form of at most 100 bytes of UTF-8 (a pair: 201), a registry name's term of 255.
MAX_SYLLABLE = 32
MAX_TONED = 100
NAME = "="  # the prefix of a registry name's term
_TOKEN = re.compile(r"[a-z0-9]+")
_RUN = re.compile(r"[^\W_]+")  # a run of letters and digits: search.js's [\p{L}\p{N}]+


def tokens(text: str) -> list[str]:
    """Folded syllables: "Đại hội Chi bộ, nhiệm kỳ 2020-2025" → dai hoi chi bo nhiem ky 2020 2025."""
    return [folded for folded, _ in syllables(text)]


def syllables(text: str) -> list[tuple[str, str]]:
    """(folded, toned) syllables: "Sở GD&ĐT" → (so, sở) (gd, gd) (dt, đt).

    The toned form is the run of letters as written, NFC and lower-cased; a run that folds to
    several syllables (letters outside Vietnamese) gives each its folded form as toned form.
    search.js cuts a query the same way.
    """
    out: list[tuple[str, str]] = []
    cache = _SYLLABLES
    for run in _RUN.findall(unicodedata.normalize("NFC", text).lower()):
        found = cache.get(run)
        if found is None:
            # A "word" of 33+ letters (a hash, a pasted blob) is no syllable: left out, as search.js does.
            parts = [part for part in _TOKEN.findall(fold(run)) if len(part) <= MAX_SYLLABLE]
            toned = len(parts) == 1 and len(run.encode("utf-8")) <= MAX_TONED
            found = ((parts[0], run),) if toned else tuple((part, part) for part in parts)
            if len(cache) < 500_000:  # a language has few syllables; a corpus of junk is bounded
                cache[run] = found
        out.extend(found)
    return out


_SYLLABLES: dict[str, tuple[tuple[str, str], ...]] = {}


@dataclass(frozen=True)
class Record:
    url: str  # relative to the site root, e.g. tin/2020/01/x/
    title: str
    summary: str
    body: str  # plain text
    date: str  # ISO date
    agency: str  # facet keys
    kind: str
    year: int
    terms: tuple[str, ...]
    names: tuple[str, ...] = ()  # the registry names a reader may search it by (agency, kind, units)
    thumb: str = ""  # a small rendition of the cover or first photo, from the site root; "" when none


@dataclass(frozen=True)
class Facets:
    """The facet values, in display order: (key, label) pairs; `names` of agencies and kinds
    (every name a reader may type, for offering the facet when a query is one)."""

    agencies: Sequence[tuple[str, str]]
    kinds: Sequence[tuple[str, str]]
    terms: Sequence[str]
    agency_names: dict[str, Sequence[str]] | None = None
    kind_names: dict[str, Sequence[str]] | None = None


def fnv1a(term: str) -> int:
    """32-bit FNV-1a of the term's bytes; search.js computes the same to find a term's shard."""
    h = 0x811C9DC5
    for byte in term.encode("ascii"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def _varint(n: int, out: bytearray) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _forms(entries: list[str]) -> dict[str, list[int]]:
    """A term's toned forms from its posts' entries (one form, several joined by "\t", or none:
    ""): form → [local bit, posts having it], in the order the posts first show them."""
    counted = Counter(entries)
    if len(counted) == 1:
        ((entry, n),) = counted.items()
        if "\t" not in entry:
            return {entry: [0, n]} if entry else {}
    forms: dict[str, list[int]] = {}
    for entry, n in counted.items():  # a Counter keeps the order of first sight
        for form in entry.split("\t") if entry else ():
            found = forms.get(form)
            if found is None:
                forms[form] = [min(len(forms), 62), n]
            else:
                found[1] += n
    return forms


def _encode(posting: list, forms: dict[str, list[int]], docs: int) -> bytes:
    """A term's block: form 0 (a list), 1 (a bitset, when denser) or 2 (a pair's list with
    positions), its toned forms and per-post masks."""
    data, _, entries, positions = posting
    df = len(entries)
    head = bytearray()
    _varint(df, head)
    ranked = sorted(forms.items(), key=lambda item: (-item[1][1], item[0]))
    kept = ranked[:MAX_VARIANTS]
    variants = bytearray((len(kept),))
    for form, _ in kept:
        name = form.encode("utf-8")  # at most 2 × MAX_TONED + 1 bytes
        variants.append(len(name))
        variants += name
    tail = b""
    if len(ranked) > 1:  # per post, bit i when it has variant i (the 7 most frequent), bit 7 for any other
        bit_of = {entry[0]: i for i, (_, entry) in enumerate(kept)}
        bit = {form: 1 << bit_of.get(local, 7) for form, (local, _) in forms.items()}
        mask: dict[str, int] = {}
        for entry in dict.fromkeys(entries):
            m = 0
            for form in entry.split("\t") if entry else ():
                m |= bit[form]
            mask[entry] = m
        tail = bytes(map(mask.__getitem__, entries))
    if positions is not None:
        return bytes(head) + b"\x02" + variants + data + tail + positions
    if df * 16 <= docs or docs < BITSET_MIN_DOCS:
        return bytes(head) + b"\x00" + variants + data + tail
    bits = bytearray((docs + 7) // 8)
    doc, i, weights = -1, 0, 0
    while i < len(data):
        gap, i = _read_varint(data, i)
        doc += gap + 1
        bits[doc >> 3] |= 1 << (doc & 7)
        weights += data[i]
        i += 1
    return bytes(head) + b"\x01" + variants + bytes((round(weights / df),)) + bytes(bits) + tail


def name_term(name: str) -> str:
    """The term of a registry name: "Sở GD&ĐT" → "=so gd dt"; "" for a name without syllables
    or one too long for a term (no reader types 40 syllables)."""
    term = NAME + " ".join(tokens(name))
    return term if 1 < len(term) <= 255 else ""


# One post's analysis: all the index needs of its text and nothing of the other posts, so it is
# kept between builds (search.py) and a build after an edit analyses only the posts edited.
# (length, words, terms, counts, forms, positions, ends): its length in syllables (title ×3,
# summary ×2, body); its terms joined by "\n", the first `words` syllables, then pairs; per
# term its weighted count (array "I" as bytes) and its toned forms (joined by "\n"; a term
# written several ways in the post has its forms sorted and joined by "\t"); the pairs'
# positions coded as the index writes them, one after another, and where each ends (array "I").
# Few large objects, not one per term: kept compressed, read back at C speed.
Analysis = tuple[int, int, str, bytes, str, bytes, bytes]
_EMPTY: Analysis = (0, 0, "", b"", "", b"", b"")


def analyse(title: str, summary: str, body: str) -> Analysis:
    """A post's terms from its title, summary and plain-text body (see `Analysis`).

    The hot loop of indexing: per syllable only dictionary steps on tuples; strings and coded
    positions are made per distinct term of the post."""
    fields = (syllables(title), syllables(summary), syllables(body))
    length = 3 * len(fields[0]) + 2 * len(fields[1]) + len(fields[2])
    words: dict[str, list] = {}  # syllable → [weighted count, toned forms]
    pairs: dict[str, list] = {}  # pair → [weighted count, toned forms, positions, positions need sorting]
    start = 0
    for field_weight, field in zip(FIELD_WEIGHTS, fields, strict=True):
        for (f, t), n in Counter(field).items():
            entry = words.get(f)
            if entry is None:
                words[f] = [field_weight * n, {t}]
            else:
                entry[0] += field_weight * n
                entry[1].add(t)
        at: dict[tuple, list[int]] = {}  # ((f1, t1), (f2, t2)) → positions
        for i, key in enumerate(pairwise(field), start):
            found = at.get(key)
            if found is None:
                at[key] = [i]
            else:
                found.append(i)
        for ((f1, t1), (f2, t2)), positions in at.items():
            pair = f1 + " " + f2
            entry = pairs.get(pair)
            if entry is None:
                pairs[pair] = [field_weight * len(positions), {t1 + " " + t2}, positions, False]
            else:
                entry[0] += field_weight * len(positions)
                entry[1].add(t1 + " " + t2)
                entry[3] = entry[3] or entry[2][-1] > positions[0]
                entry[2] = entry[2] + positions
        start += len(field) + 1  # the gap: no phrase spans two fields
    if not words:
        return (length, *_EMPTY[1:])
    counts = array("I", [x for x, _ in words.values()])
    counts.extend([x for x, _, _, _ in pairs.values()])
    forms = [next(iter(f)) if len(f) == 1 else "\t".join(sorted(f)) for _, f in words.values()]
    forms += [next(iter(f)) if len(f) == 1 else "\t".join(sorted(f)) for _, f, _, _ in pairs.values()]
    coded = bytearray()
    ends = array("I")
    for _, _, positions, unsorted in pairs.values():
        if unsorted:
            positions.sort()
        n = len(positions)
        if n == 1 and positions[0] < 0x80:  # most pairs of a post: once, early
            coded.append(1)
            coded.append(positions[0])
        else:
            coded.append(n) if n < 0x80 else _varint(n, coded)
            last = -1
            for p in positions:
                step = p - last - 1
                if step < 0x80:
                    coded.append(step)
                else:
                    _varint(step, coded)
                last = p
        ends.append(len(coded))
    return (length, len(words), "\n".join([*words, *pairs]), counts.tobytes(), "\n".join(forms), bytes(coded),
            ends.tobytes())


def name_terms(names: Sequence[str]) -> list[str]:
    """The terms of a post's registry names, sorted, without repeats."""
    return sorted({name_term(n) for n in names} - {""})


def build(records: Sequence[Record], facets: Facets, out: Path) -> dict:
    """Write the index for `records` (already newest first) into `out`; return the manifest."""
    analyses = [analyse(r.title, r.summary, r.body) for r in records]
    return assemble(records, [a[0] for a in analyses], iter(analyses), facets, out)


def assemble(records: Sequence[Record], lengths: Sequence[int], analyses: Iterator[Analysis], facets: Facets,
             out: Path) -> dict:
    """Write the index of `records` (newest first; their bodies are not read) from their
    `analyses` (given one at a time, in the same order) and `lengths` into `out`; return the
    manifest. Equal analyses give equal bytes, however they were made or kept."""
    # term → [id gaps and weights, last id, toned forms per post, positions of a pair or None]
    postings: dict[str, list] = {}
    get = postings.get
    average = (sum(lengths) / len(lengths)) if lengths else 1.0
    average = max(average, 1.0)
    names_memo: dict[tuple[str, ...], list[str]] = {}
    same: dict[str, str] = {}  # one string per toned form: the lists below hold millions of them
    for doc, record in enumerate(records):
        length, words, joined, counts, toned, coded, ends = next(analyses)
        norm = K1 * (1 - B + B * length / average)
        xs = array("I", counts)
        weight = {x: max(1, round(255 * x / (x + norm))) for x in set(xs)}  # BM25's term-frequency part
        weights = list(map(weight.__getitem__, xs))
        terms = joined.split("\n") if joined else []
        spelled = list(map(same.setdefault, *([toned.split("\n")] * 2))) if toned else []
        for term, w, form in zip(terms[:words], weights, spelled, strict=False):
            p = get(term)
            if p is None:
                p = postings[term] = [bytearray(), -1, [], None]
            gap = doc - p[1] - 1
            data = p[0]
            if gap < 0x80:
                data.append(gap)
            else:
                _varint(gap, data)
            data.append(w)
            p[1] = doc
            p[2].append(form)
        view, begin = memoryview(coded), 0
        for term, w, form, end in zip(terms[words:], weights[words:], spelled[words:], array("I", ends),
                                      strict=True):
            p = get(term)
            if p is None:
                p = postings[term] = [bytearray(), -1, [], bytearray()]
            gap = doc - p[1] - 1
            data = p[0]
            if gap < 0x80:
                data.append(gap)
            else:
                _varint(gap, data)
            data.append(w)
            p[1] = doc
            p[2].append(form)
            p[3] += view[begin:end]
            begin = end
        named = names_memo.get(record.names)
        if named is None:
            named = names_memo[record.names] = name_terms(record.names)
        for term in named:
            p = get(term)
            if p is None:
                p = postings[term] = [bytearray(), -1, [], None]
            _varint(doc - p[1] - 1, p[0])
            p[0].append(255)
            p[1] = doc
            p[2].append("")

    docs = len(records)
    forms = {term: _forms(p[2]) for term, p in postings.items()}
    vocabulary = sorted(((term, max(f.items(), key=lambda f: (f[1][1], f[0]))[0] if f else term, len(postings[term][2]))
                         for term, f in forms.items() if " " not in term and not term.startswith(NAME)
                         and not term.isdigit()), key=lambda v: (-v[2], v[0]))
    encoded = {term: _encode(p, forms[term], docs) for term, p in postings.items()}
    del postings
    total = sum(len(e) for e in encoded.values())
    shards = 1
    while shards * SHARD_TARGET < total and shards < 4096:
        shards *= 2
    buffers = [bytearray() for _ in range(shards)]
    for term in sorted(encoded):
        buffer = buffers[fnv1a(term) % shards]
        name = term.encode("ascii")
        buffer.append(len(name))
        buffer += name
        _varint(len(encoded[term]), buffer)
        buffer += encoded[term]
    (out / "s").mkdir(parents=True, exist_ok=True)
    (out / "d").mkdir(parents=True, exist_ok=True)
    for n, buffer in enumerate(buffers):
        (out / "s" / f"{n}.bin").write_bytes(bytes(buffer))
    (out / "v.json").write_text(json.dumps(vocabulary, ensure_ascii=False, separators=(",", ":")),
                                encoding="utf-8")

    agency_ids = {key: i for i, (key, _) in enumerate(facets.agencies)}
    kind_ids = {key: i for i, (key, _) in enumerate(facets.kinds)}
    term_ids = {term: i for i, term in enumerate(facets.terms)}
    years = sorted({r.year for r in records}, reverse=True)
    year_ids = {year: i for i, year in enumerate(years)}
    term_bytes = 2 if len(facets.terms) <= 16 else 4
    if len(facets.terms) > 32 or len(facets.agencies) > 255 or len(facets.kinds) > 255 or len(years) > 255:
        raise ValueError("too many facet values for the search index")  # pragma: no cover
    table = bytearray()
    for r in records:
        table += bytes((agency_ids[r.agency], kind_ids[r.kind], year_ids[r.year]))
        mask = sum(1 << term_ids[t] for t in r.terms if t in term_ids)
        table += mask.to_bytes(term_bytes, "little")
    (out / "facets.bin").write_bytes(bytes(table))

    for start in range(0, len(records), CHUNK):
        chunk = [[r.url, r.title, r.date, agency_ids[r.agency], kind_ids[r.kind], _cut(r.summary),
                  r.thumb]
                 for r in records[start:start + CHUNK]]
        (out / "d" / f"{start // CHUNK}.json").write_text(
            json.dumps(chunk, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    def names(table: dict[str, Sequence[str]] | None, keys: Sequence[tuple[str, str]]) -> list[list[str]]:
        return [sorted({name_term(n)[1:] for n in (table or {}).get(key, ())} - {""}) for key, _ in keys]

    manifest = {
        "version": VERSION, "docs": len(records), "shards": shards, "chunk": CHUNK, "termBytes": term_bytes,
        "agencies": [list(a) for a in facets.agencies], "kinds": [list(k) for k in facets.kinds],
        "terms": list(facets.terms), "years": years,
        "agencyNames": names(facets.agency_names, facets.agencies),
        "kindNames": names(facets.kind_names, facets.kinds),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")),
                                       encoding="utf-8")
    return manifest


def _cut(text: str) -> str:
    return text if len(text) <= SUMMARY else text[:SUMMARY].rsplit(" ", 1)[0] + "…"


def read_shard(data: bytes, docs: int) -> dict[str, list[tuple[int, int]]]:
    """Decode a shard (for tests and tools): term → [(post id, weight)]."""
    return {term: [(doc, weight) for doc, weight, _, _ in items] for term, (_, items) in read_terms(data, docs).items()}


def read_terms(data: bytes, docs: int) -> dict[str, tuple[list[str], list[tuple[int, int, int, list[int]]]]]:
    """Decode a shard whole: term → (toned forms, [(post id, weight, mask, positions)])."""
    terms: dict[str, tuple[list[str], list[tuple[int, int, int, list[int]]]]] = {}
    i = 0
    while i < len(data):
        length = data[i]
        term = data[i + 1:i + 1 + length].decode("ascii")
        i += 1 + length
        size, i = _read_varint(data, i)
        end = i + size
        df, i = _read_varint(data, i)
        form = data[i]
        count = data[i + 1]
        i += 2
        forms = []
        for _ in range(count):
            n = data[i]
            forms.append(data[i + 1:i + 1 + n].decode("utf-8"))
            i += 1 + n
        ids: list[int] = []
        weights: list[int] = []
        if form == 1:
            weight = data[i]
            bits = data[i + 1:i + 1 + (docs + 7) // 8]
            i += 1 + len(bits)
            ids = [d for d in range(docs) if bits[d >> 3] >> (d & 7) & 1]
            weights = [weight] * len(ids)
        else:
            doc = -1
            for _ in range(df):
                gap, i = _read_varint(data, i)
                doc += gap + 1
                ids.append(doc)
                weights.append(data[i])
                i += 1
        masks = [1] * df
        if count > 1:  # masks follow only when there is a choice of forms
            masks = list(data[i:i + df])
            i += df
        positions: list[list[int]] = [[] for _ in range(df)]
        if form == 2:
            for k in range(df):
                n, i = _read_varint(data, i)
                p = -1
                for _ in range(n):
                    gap, i = _read_varint(data, i)
                    p += gap + 1
                    positions[k].append(p)
        assert i == end, f"{term}: {i} != {end}"
        terms[term] = (forms, list(zip(ids, weights, masks, positions, strict=True)))
    return terms


def _read_varint(data: bytes | bytearray, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, i
        shift += 7
