"""The forms a page shows, read from its HTML: where each posts, and its fields with the
values a browser would send, so junk starts from the real field names."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# Input types whose value a person types (or picks from a calendar).
TYPED = frozenset(
    {"text", "search", "email", "tel", "url", "password", "number", "date", "time"}
    | {"datetime-local", "month", "week", "color", "range", "hidden"}
)


@dataclass
class Field:
    name: str
    kind: str
    """An input's type, or "textarea", "select", "submit"."""
    choices: list[str] = field(default_factory=list)
    """The values offered (options, radio and checkbox values, submit buttons)."""
    sent: list[str] = field(default_factory=list)
    """What a browser sends untouched: the value typed in, or the ones ticked or chosen."""
    multiple: bool = False
    bounds: list[str] = field(default_factory=list)
    """A number's least and greatest values, when the input says."""

    @property
    def is_file(self) -> bool:
        return self.kind == "file"


@dataclass
class Form:
    action: str
    """The absolute path (and query) the form posts to."""
    enctype: str
    fields: dict[str, Field]


class _Reader(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._in_option = False
        self._option: str | None = None
        self._option_selected = False
        self._option_text: list[str] = []
        self._textarea: Field | None = None
        self._text: list[str] = []

    def _field(self, name: str, kind: str) -> Field:
        assert self._form is not None
        found = self._form.fields.get(name)
        if found is None:
            found = self._form.fields[name] = Field(name, kind)
        elif found.kind != kind and kind in {"checkbox", "radio"}:
            found.kind = kind
        return found

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "form":
            if attr.get("method", "get").lower() == "post":
                action = urljoin(self.page, attr.get("action") or self.page)
                parts = urlsplit(action)
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                self._form = Form(path, attr.get("enctype", ""), {})
                self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attr.get("name", "")
        if tag == "input" and name:
            kind = attr.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                one = self._field(name, kind)
                value = attr.get("value", "on")
                one.choices.append(value)
                one.multiple = one.multiple or kind == "checkbox"
                if "checked" in attr:
                    one.sent.append(value)
            elif kind in {"submit", "image", "button", "reset"}:
                if kind == "submit":
                    self._field(name, "submit").choices.append(attr.get("value", ""))
            else:
                one = self._field(name, kind)
                one.sent = [attr.get("value", "")] if kind != "file" else []
                one.bounds = [attr[end] for end in ("min", "max") if attr.get(end)]
        elif tag == "button" and name and attr.get("type", "submit") == "submit":
            self._field(name, "submit").choices.append(attr.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = self._field(name, "textarea")
            self._text = []
        elif tag == "select" and name:
            self._select = self._field(name, "select")
            self._select.multiple = "multiple" in attr
        elif tag == "option" and self._select is not None:
            self._close_option()
            self._in_option = True
            self._option = attr.get("value")
            self._option_selected = "selected" in attr
            self._option_text = []

    def _close_option(self) -> None:
        if self._select is not None and self._in_option:
            value = self._option if self._option is not None else "".join(self._option_text)
            self._select.choices.append(value.strip() if self._option is None else value)
            if self._option_selected:
                self._select.sent.append(value)
        self._in_option = False
        self._option = None
        self._option_text = []
        self._option_selected = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self._textarea.sent = [text[1:] if text.startswith("\n") else text]
            self._textarea = None
        elif tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            if not self._select.sent and self._select.choices and not self._select.multiple:
                self._select.sent = [self._select.choices[0]]
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)
        elif self._in_option:
            self._option_text.append(data)


def forms_on(html: str, page: str) -> list[Form]:
    """The POST forms of a page, in the order they appear."""
    reader = _Reader(page)
    reader.feed(html)
    reader.close()
    return reader.forms


def form_posting_to(html: str, page: str, path: str) -> Form | None:
    """The first POST form on the page whose action is `path` (its query aside), with the
    fields of every other form posting there merged in."""
    found: Form | None = None
    for form in forms_on(html, page):
        if urlsplit(form.action).path != urlsplit(path).path:
            continue
        if found is None:
            found = form
        else:
            for name, one in form.fields.items():
                found.fields.setdefault(name, one)
    return found
