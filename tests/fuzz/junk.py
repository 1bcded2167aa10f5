"""Junk to post: the catalogue of bad values, the bodies built from a form's real fields,
and their encoding on the wire (multipart, url-encoded, or raw bytes that are no UTF-8).

A value is a `Junk` (short name, real value) so a failing example prints as
`{'kg': nan, 'measured_on': far-future}` rather than a hundred thousand characters.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import quote_from_bytes

from hypothesis import strategies as st

from tests.fuzz.html_forms import Field, Form

Encoding = Literal["multipart", "urlencoded", "raw"]
BOUNDARY = "fuzzboundary7MA4YWxkTrZu0gW"


@dataclass(frozen=True)
class Junk:
    label: str
    value: str | bytes

    def __repr__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Upload:
    label: str
    filename: str | bytes
    content: bytes
    content_type: str

    def __repr__(self) -> str:
        return f"file:{self.label}"


Value = Junk | Upload


def ok(value: str) -> Junk:
    """A value as a browser would send it; short ones print as themselves."""
    return Junk(repr(value) if len(value) <= 40 else f"'{value[:20]}…'", value)


# The catalogue ---------------------------------------------------------------------------

LONG = Junk("long-100k", "x" * 100_000)
TEXT = [
    Junk("empty", ""),
    Junk("blank", "   \t "),
    LONG,
    Junk("long-100k-accented", "é" * 100_000),
    Junk("long-lines", "a line\r\n" * 12_500),
    Junk("nul", "a\x00b"),
    Junk("nul-only", "\x00"),
    Junk("control", "\x01\x08\x1b[31m\x7f"),
    Junk("rtl-override", "\u202emoc.live\u202c"),
    Junk("zero-width", "\u200b\ufeff\u2060"),
    Junk("emoji", "😀👩🏽‍⚕️🇺🇸"),
    Junk("combining", "e\u0301\u0316" * 40),
    Junk("html", '<script>alert(1)</script>"><img src=x>'),
    Junk("sql", "'; DROP TABLE patients_patient; --"),
    Junk("template", "{{ request.user }}{% debug %}"),
    Junk("format", "%s%n{0}{}%(x)s"),
    Junk("path", "../../../../etc/passwd"),
    Junk("url-other-host", "//evil.example/"),
    Junk("url-scheme", "javascript:alert(1)"),
    Junk("json", '{"a": [1, {"b": null}]}'),
    Junk("list", "[]"),
    Junk("null", "null"),
    Junk("none", "None"),
    Junk("true", "true"),
    Junk("newlines", "\r\n\r\n"),
    Junk("escaped-surrogate", "\\ud800"),
]
NUMBERS = [
    Junk("10**30", str(10**30)),
    Junk("-10**30", str(-(10**30))),
    Junk("2**63", str(2**63)),
    Junk("-2**63-1", str(-(2**63) - 1)),
    Junk("2**31", str(2**31)),
    Junk("nan", "NaN"),
    Junk("inf", "inf"),
    Junk("-inf", "-Infinity"),
    Junk("1e309", "1e309"),
    Junk("-1e309", "-1e309"),
    Junk("1e-400", "1e-400"),
    Junk("1e10", "1e10"),
    Junk("-0", "-0"),
    Junk("-1", "-1"),
    Junk("0", "0"),
    Junk("hex", "0x10"),
    Junk("underscored", "1_000"),
    Junk("padded", " 7 "),
    Junk("plus", "+5"),
    Junk("fraction", "2.5"),
    Junk("comma-decimal", "72,5"),
    Junk("many-decimals", "72.123456789012345678901234567890"),
    Junk("arabic-indic-digits", "١٢٣"),
    Junk("superscript-two", "²"),
    Junk("math-digits", "\U0001d7d9\U0001d7da"),
    Junk("roman-numeral", "Ⅻ"),
    Junk("fullwidth-digits", "\uff11\uff12"),
]
DATES = [
    Junk("0001-01-01", "0001-01-01"),
    Junk("9999-12-31", "9999-12-31"),
    Junk("99999-01-01", "99999-01-01"),
    Junk("2026-02-30", "2026-02-30"),
    Junk("0000-00-00", "0000-00-00"),
    Junk("2026-13-01", "2026-13-01"),
    Junk("1900-02-29", "1900-02-29"),
    Junk("us-9999", "12/31/9999"),
    Junk("us-0001", "01/01/0001"),
    Junk("negative-year", "-2026-01-01"),
    Junk("datetime", "2026-12-05T25:61:00"),
    Junk("word-date", "tomorrow"),
]
TIMES = [
    Junk("24:00", "24:00"),
    Junk("23:59:60", "23:59:60"),
    Junk("-1:00", "-1:00"),
    Junk("99:99", "99:99"),
    Junk("micro", "12:30:00.9999999"),
    Junk("12pm", "12:30 PM"),
]
RAW = [
    Junk("invalid-utf8", b"\xff\xfe\xfd"),
    Junk("lone-surrogate", b"\xed\xa0\x80"),
    Junk("overlong-slash", b"\xc0\xaf"),
    Junk("truncated-utf8", b"abc\xe2\x82"),
    Junk("latin-1", "café".encode("latin-1")),
    Junk("nul-bytes", b"\x00\x00"),
]
EVERYTHING = TEXT + NUMBERS + DATES + TIMES + RAW

_PNG = b"\x89PNG\r\n\x1a\n"
FILES = [
    Upload("junk-bytes", "id.png", bytes(range(256)) * 8, "image/png"),
    Upload("empty", "id.png", b"", "image/png"),
    Upload("png-header-then-junk", "id.png", _PNG + b"\x00junk" * 400, "image/png"),
    Upload("jpeg-header-then-junk", "id.jpg", b"\xff\xd8\xff\xe0" + b"\xfe" * 3000, "image/jpeg"),
    Upload(
        "pdf-with-script",
        "id.pdf",
        b"%PDF-1.7\n/JavaScript (app.alert(1))\n%%EOF",
        "application/pdf",
    ),
    Upload("html-as-png", "id.png", b"<html><script>alert(1)</script></html>" * 50, "image/png"),
    Upload(
        "svg",
        "id.svg",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>" * 40,
        "image/svg+xml",
    ),
    Upload("long-name", "x" * 1000 + ".png", bytes(range(256)) * 8, "image/png"),
    Upload("no-name", "", bytes(range(256)) * 8, "image/png"),
    Upload("traversal-name", "../../../evil.png", bytes(range(256)) * 8, "image/png"),
    Upload("nul-in-name", b"id\x00.png", bytes(range(256)) * 8, "image/png"),
    Upload("invalid-utf8-name", b"\xff\xfe.png", bytes(range(256)) * 8, "image/png"),
    Upload("junk-content-type", "id.png", bytes(range(256)) * 8, "\x00/\xff"),
    Upload("eleven-megabytes", "id.png", _PNG + b"\x00" * (11 * 1024 * 1024), "image/png"),
]
UNKNOWN_NAMES = [
    "unknown",
    "is_superuser",
    "is_staff",
    "status",
    "patient",
    "user",
    "pk",
    "id",
    "next",
    "a[b][c]",
    "__proto__",
    "x" * 5000,
]
CHARSETS = [None, None, None, "latin-1", "utf-16", "no-such-charset"]


def junk_for(kind: str) -> list[Junk]:
    """The junk most likely to trouble a field of this kind first, then everything else."""
    first = {
        "number": NUMBERS,
        "range": NUMBERS,
        "date": DATES,
        "datetime-local": DATES,
        "time": TIMES,
    }.get(kind, TEXT)
    return first + [one for one in EVERYTHING if one not in first]


# Bodies -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Body:
    """An ordered list of (name, value): a name may come several times, or not at all."""

    pairs: tuple[tuple[Junk, Value], ...]
    encoding: Encoding = "multipart"
    charset: str | None = None
    label: str = ""

    def __repr__(self) -> str:
        shown = ", ".join(f"{name!r}: {value!r}" for name, value in self.pairs)
        extra = f" charset={self.charset}" if self.charset else ""
        return f"<{self.label or self.encoding}{extra} {{{shown}}}>"

    def keys(self) -> set[str]:
        return {_text(name.value) for name, _ in self.pairs}


def _bytes(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


def _text(value: str | bytes) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _header_safe(value: str | bytes) -> bytes:
    return _bytes(value).replace(b'"', b"%22").replace(b"\r", b"%0D").replace(b"\n", b"%0A")


def encode(body: Body) -> tuple[bytes, str]:
    """The request body and its content type."""
    charset = f"; charset={body.charset}" if body.charset else ""
    if body.encoding == "multipart":
        parts = []
        for name, value in body.pairs:
            head = b'Content-Disposition: form-data; name="' + _header_safe(name.value) + b'"'
            if isinstance(value, Upload):
                head += b'; filename="' + _header_safe(value.filename) + b'"\r\n'
                head += b"Content-Type: " + _header_safe(value.content_type)
                content = value.content
            else:
                content = _bytes(value.value)
            parts.append(b"--" + BOUNDARY.encode() + b"\r\n" + head + b"\r\n\r\n" + content)
        payload = b"\r\n".join(parts) + (b"\r\n" if parts else b"")
        payload += b"--" + BOUNDARY.encode() + b"--\r\n"
        return payload, f"multipart/form-data; boundary={BOUNDARY}{charset}"
    pieces = []
    for name, value in body.pairs:
        raw = value.filename if isinstance(value, Upload) else value.value
        if body.encoding == "raw" and isinstance(raw, bytes):
            pieces.append(quote_from_bytes(_bytes(name.value)).encode() + b"=" + raw)
        else:
            pieces.append(
                quote_from_bytes(_bytes(name.value)).encode()
                + b"="
                + quote_from_bytes(_bytes(raw)).encode()
            )
    return b"&".join(pieces), f"application/x-www-form-urlencoded{charset}"


# From a form's fields to bodies -------------------------------------------------------------


@dataclass
class Shape:
    """What a form takes: its fields, and the values that make it valid."""

    fields: dict[str, Field]
    valid: dict[str, list[str]] = field(default_factory=dict)
    """For each field, a valid set of values (several for a multiple choice)."""

    @classmethod
    def of(cls, form: Form | None, sample: dict[str, str | list[str]]) -> "Shape":
        fields = dict(form.fields) if form is not None else {}
        valid: dict[str, list[str]] = {}
        for name, one in fields.items():
            if one.kind == "submit" or (
                one.kind in {"radio", "select"} and not one.sent and one.choices
            ):
                valid[name] = one.choices[:1]
            elif one.kind in {"checkbox", "radio", "select"} or not one.is_file:
                valid[name] = list(one.sent)
        for name, value in sample.items():
            values = [value] if isinstance(value, str) else list(value)
            if name not in fields:
                fields[name] = Field(name, "text", sent=values)
            valid[name] = values
        return cls(fields, valid)

    def files(self) -> list[str]:
        return [name for name, one in self.fields.items() if one.is_file]

    def valid_pairs(self, skip: Iterable[str] = ()) -> list[tuple[Junk, Value]]:
        pairs: list[tuple[Junk, Value]] = []
        for name, one in self.fields.items():
            if name in skip:
                continue
            if one.is_file:
                pairs.append((ok(name), VALID_FILE))
            else:
                pairs.extend((ok(name), ok(value)) for value in self.valid.get(name, []))
        return pairs


def _tiny_png() -> bytes:
    from patients.tests.helpers import tiny_png

    return tiny_png(64, 48)


VALID_FILE = Upload("real-png", "licence.png", _tiny_png(), "image/png")


def _named(label: str) -> Junk:
    return next(one for one in EVERYTHING if one.label == label)


# The sweep's junk, each in every field at once: the categories of the brief, once each.
SWEEP = [
    ("multipart", ["empty", "long-100k", "nul", "10**30", "-10**30", "nan", "1e309"]),
    ("urlencoded", ["0001-01-01", "9999-12-31", "99999-01-01", "2026-02-30"]),
    ("urlencoded", ["superscript-two", "list"]),
    ("urlencoded", ["invalid-utf8"]),
    ("raw", ["invalid-utf8"]),
    ("multipart", ["lone-surrogate"]),
]


def _worst(one: Field) -> list[Value]:
    """What most troubles a field on its own, the rest of the form valid: the far ends of
    the numbers it allows, far dates, impossible times, a very long text, junk files."""
    if one.is_file:
        return list(FILES)
    if one.kind in {"hidden", "submit", "checkbox"}:
        return []
    worst: list[Value] = [LONG]
    if one.kind == "number":
        worst = [ok(bound) for bound in one.bounds] or [_named("10**30")]
    elif one.kind == "date":
        worst = [_named("0001-01-01"), _named("9999-12-31")]
    elif one.kind == "time":
        worst = list(TIMES[:2])
    return worst


def catalogue(shape: Shape) -> Iterator[Body]:
    """A fixed sweep, the same every run: each kind of junk in every field at once, then
    each field in turn holding its worst while the others stay valid, so the junk
    reaches the form's cross-field checks and the verb behind it."""
    names = list(shape.fields)

    def every(value: Junk, encoding: Encoding) -> Body:
        pairs: list[tuple[Junk, Value]] = []
        for name in names:
            pairs.append((ok(name), FILES[0] if shape.fields[name].is_file else value))
        label = f"all {value.label}" + (f" ({encoding})" if value in RAW else "")
        return Body(tuple(pairs), encoding, label=label)

    yield Body((), "urlencoded", label="nothing")
    yield Body(tuple(shape.valid_pairs()), "multipart", label="valid")
    for encoding, labels in SWEEP:
        for label in labels:
            yield every(_named(label), encoding)  # type: ignore[arg-type]
    tripled = [
        (name, again)
        for name, value in shape.valid_pairs()
        if not isinstance(value, Upload)
        for again in (value, ok("2"), LONG)
    ]
    yield Body(tuple(tripled), "urlencoded", label="every field three times")
    unknown = [(Junk(name[:20], name), TEXT[2]) for name in UNKNOWN_NAMES]
    yield Body(tuple(shape.valid_pairs()) + tuple(unknown), "multipart", label="unknown fields")
    yield Body(tuple(shape.valid_pairs()), "urlencoded", "latin-1", label="declared latin-1")
    for name in names:
        for worst in _worst(shape.fields[name]):
            yield Body(
                (*shape.valid_pairs(skip=[name]), (ok(name), worst)),
                label=f"{name}={worst!r}",
            )


# Hypothesis strategies ------------------------------------------------------------------------

_SMALL_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)


def _valid_values(shape: Shape, name: str) -> st.SearchStrategy[list[Value]]:
    one = shape.fields[name]
    if one.is_file:
        return st.just([VALID_FILE])
    if one.kind in {"checkbox", "select"} and one.multiple and one.choices:
        return st.lists(st.sampled_from(one.choices), max_size=len(one.choices), unique=True).map(
            lambda values: [ok(value) for value in values]
        )
    if one.kind in {"radio", "select", "submit"} and one.choices:
        return st.sampled_from(one.choices).map(lambda value: [ok(value)])
    values = shape.valid.get(name, [])
    return st.just([ok(value) for value in values])


def _junk_values(shape: Shape, name: str) -> st.SearchStrategy[list[Value]]:
    one = shape.fields[name]
    if one.is_file:
        return st.sampled_from(FILES[:-1]).map(lambda upload: [upload])
    pool = junk_for(one.kind)
    single: st.SearchStrategy[Value] = st.one_of(
        st.sampled_from(pool),
        _SMALL_TEXT.map(ok),
        st.sampled_from(one.choices or [""]).map(lambda value: ok(value.upper() + " ")),
    )
    return st.one_of(
        single.map(lambda value: [value]),
        st.lists(single, min_size=2, max_size=4),
    )


@st.composite
def bodies(draw: st.DrawFn, shape: Shape) -> Body:
    """Mostly-valid bodies with one or two fields gone wrong, and bodies where every
    field may be wrong; missing fields, repeated fields and unknown ones among them."""
    names = list(shape.fields)
    few = draw(st.booleans())
    if few and names:
        wrong = draw(st.sets(st.sampled_from(names), min_size=1, max_size=min(2, len(names))))
    else:
        wrong = {name for name in names if draw(st.integers(0, 2)) > 0}
    pairs: list[tuple[Junk, Value]] = []
    for name in names:
        if name in wrong:
            how = draw(st.sampled_from(["junk", "junk", "missing", "valid-and-junk"]))
            if how == "missing":
                continue
            values = draw(_junk_values(shape, name))
            if how == "valid-and-junk":
                values = draw(_valid_values(shape, name)) + values
        else:
            values = draw(_valid_values(shape, name))
        pairs.extend((ok(name), value) for value in values)
    extra = draw(
        st.lists(
            st.tuples(
                st.one_of(st.sampled_from(UNKNOWN_NAMES).map(ok), _SMALL_TEXT.map(ok)),
                st.sampled_from(EVERYTHING),
            ),
            max_size=2,
        )
    )
    order = draw(st.permutations(range(len(pairs) + len(extra))))
    together = pairs + list(extra)
    has_file = any(isinstance(value, Upload) for _, value in together)
    encoding: Encoding = draw(
        st.sampled_from(["multipart"] if has_file else ["multipart", "urlencoded", "raw"])
    )
    return Body(
        tuple(together[index] for index in order),
        encoding,
        charset=draw(st.sampled_from(CHARSETS)),
    )
