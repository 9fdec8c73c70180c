"""The search index's format: accent-folded syllables, sharded, with facets (written and read).

Plain Python, no MkDocs. The reader's browser (`assets/search.js`) downloads only what a
query needs: a small manifest, the per-post facet table, the shards holding the query's
terms, and the few result chunks it shows.

Layout under the output folder:
- `manifest.json`: counts, shard count, facet names.
- `facets.bin`: per post, in id order: agency u8, kind u8, year u8, terms bitmask (u16 or u32, LE).
- `s/<n>.bin`: shard n: for each term, [u8 len][term ASCII][varint df][u8 form] then either
  form 0: df × (varint id gap, u8 weight), or form 1 (terms in more than 1/16 of the posts,
  on sites of BITSET_MIN_DOCS posts or more):
  [u8 weight] and a bitset of ceil(docs/8) bytes: a word in nearly every post ("đảng", "hội")
  costs 1.25 KB at 10,000 posts instead of 20 KB, and its idf is near zero anyway.
- `d/<n>.json`: posts n·CHUNK … as [url, title, date, agency, kind, summary, thumb]; thumb is
  the URL of a small rendition of the post's cover or first photo (from the site root), or "".

Post ids follow date order, newest first, so "newest" results are the first chunks.
Terms are folded syllables ("đại" → "dai") from title, summary and body, and syllable
pairs ("dai hoi") from title and summary, which rank phrase matches first.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from bantin.model.text import fold

VERSION = 1
CHUNK = 10  # posts per result chunk: one page of newest-first results is one file
SHARD_TARGET = 8_192  # bytes of postings per shard, before the shard count is rounded up
SUMMARY = 240  # characters of summary kept for result snippets
# Sites this small keep every weight: their lists are small, and ranking by them is better.
BITSET_MIN_DOCS = 512
FIELD_WEIGHTS = (3, 2, 1)  # title, summary, body
K1, B = 1.2, 0.75
_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> list[str]:
    """Folded syllables: "Đại hội Chi bộ, nhiệm kỳ 2020-2025" → dai hoi chi bo nhiem ky 2020 2025."""
    return _TOKEN.findall(fold(text))


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
    thumb: str = ""  # a small rendition of the cover or first photo, from the site root; "" when none


@dataclass(frozen=True)
class Facets:
    """The facet values, in display order: (key, label) pairs."""

    agencies: Sequence[tuple[str, str]]
    kinds: Sequence[tuple[str, str]]
    terms: Sequence[str]


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


class _Postings:
    """Posting lists built in id order: the id gaps are written as they come, no sorting."""

    __slots__ = ("data", "df", "last", "weights")

    def __init__(self) -> None:
        self.data = bytearray()
        self.df = 0
        self.last = -1
        self.weights = 0

    def add(self, doc: int, weight: int) -> None:
        _varint(doc - self.last - 1, self.data)
        self.data.append(weight)
        self.df += 1
        self.last = doc
        self.weights += weight

    def encode(self, docs: int) -> bytes:
        """The list as written (form 0), or as a bitset with one mean weight (form 1) when denser."""
        head = bytearray()
        _varint(self.df, head)
        if self.df * 16 <= docs or docs < BITSET_MIN_DOCS:
            return bytes(head) + b"\x00" + bytes(self.data)
        bits = bytearray((docs + 7) // 8)
        doc, i = -1, 0
        data = self.data
        while i < len(data):
            gap, i = _read_varint(data, i)
            doc += gap + 1
            bits[doc >> 3] |= 1 << (doc & 7)
            i += 1  # the weight
        return bytes(head) + b"\x01" + bytes((round(self.weights / self.df),)) + bytes(bits)


def _weights(fields: Sequence[Counter], length: float, average: float) -> dict[str, int]:
    """BM25 term-frequency part per term, over fields weighted title×3, summary×2, body; u8."""
    combined: Counter = Counter()
    for weight, counts in zip(FIELD_WEIGHTS, fields, strict=True):
        for term, n in counts.items():
            combined[term] += weight * n
    norm = K1 * (1 - B + B * length / average)
    top = K1 + 1
    return {t: max(1, round(255 * (x * (K1 + 1) / (x + norm)) / top)) for t, x in combined.items()}


def build(records: Sequence[Record], facets: Facets, out: Path) -> dict:
    """Write the index for `records` (already newest first) into `out`; return the manifest."""
    postings: dict[str, _Postings] = {}
    token_lists = []
    lengths = []
    for record in records:
        title, summary, body = tokens(record.title), tokens(record.summary), tokens(record.body)
        pairs = [f"{a} {b}" for words in (title, summary) for a, b in pairwise(words)]
        token_lists.append((Counter(title), Counter(summary), Counter(body), Counter(pairs)))
        lengths.append(3 * len(title) + 2 * len(summary) + len(body))
    average = (sum(lengths) / len(lengths)) if lengths else 1.0
    for doc, ((in_title, in_summary, in_body, pair_counts), length) in enumerate(
            zip(token_lists, lengths, strict=True)):
        for term, weight in _weights((in_title, in_summary, in_body), length, average).items():
            postings.setdefault(term, _Postings()).add(doc, weight)
        for pair, n in pair_counts.items():
            postings.setdefault(pair, _Postings()).add(doc, min(255, 128 + 64 * n))
    del token_lists

    docs = len(records)
    encoded = {term: p.encode(docs) for term, p in postings.items()}
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
        buffer += encoded[term]
    (out / "s").mkdir(parents=True, exist_ok=True)
    (out / "d").mkdir(parents=True, exist_ok=True)
    for n, buffer in enumerate(buffers):
        (out / "s" / f"{n}.bin").write_bytes(bytes(buffer))

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

    manifest = {
        "version": VERSION, "docs": len(records), "shards": shards, "chunk": CHUNK, "termBytes": term_bytes,
        "agencies": [list(a) for a in facets.agencies], "kinds": [list(k) for k in facets.kinds],
        "terms": list(facets.terms), "years": years,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")),
                                       encoding="utf-8")
    return manifest


def _cut(text: str) -> str:
    return text if len(text) <= SUMMARY else text[:SUMMARY].rsplit(" ", 1)[0] + "…"


def read_shard(data: bytes, docs: int) -> dict[str, list[tuple[int, int]]]:
    """Decode a shard (for tests and tools): term → [(post id, weight)]."""
    terms: dict[str, list[tuple[int, int]]] = {}
    i = 0
    while i < len(data):
        length = data[i]
        term = data[i + 1:i + 1 + length].decode("ascii")
        i += 1 + length
        df, i = _read_varint(data, i)
        form = data[i]
        i += 1
        if form == 1:
            weight = data[i]
            bits = data[i + 1:i + 1 + (docs + 7) // 8]
            i += 1 + len(bits)
            terms[term] = [(d, weight) for d in range(docs) if bits[d >> 3] >> (d & 7) & 1]
            continue
        doc, items = -1, []
        for _ in range(df):
            gap, i = _read_varint(data, i)
            doc += gap + 1
            items.append((doc, data[i]))
            i += 1
        terms[term] = items
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
