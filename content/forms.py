from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy

from content.actions import missing_citation_keys
from content.models import ENGLISH, Article, Citation, Condition
from foundation.forms import RecordsField
from foundation.language import NAMES_IN_ENGLISH, name_in_english
from servicearea import places

# What a visitor reads on the sign-up forms (the editorial forms below are staff's: English).
EMAIL_ERRORS = {
    "required": gettext_lazy("Enter your email address."),
    "invalid": gettext_lazy("Enter an email address like name@example.com."),
    "max_length": gettext_lazy("That email address is too long."),
}


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    # Left empty by people; filled by bots, whose sign-ups are then quietly dropped.
    website = forms.CharField(
        required=False, max_length=200, label=gettext_lazy("Leave this empty")
    )

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


def waitlist_state_choices() -> list[tuple[str, StrPromise]]:
    """The states we do not serve yet, each named in the reader's language (the Spanish
    names come from the assessment's catalogue, which lists every state)."""
    return [
        (code, gettext_lazy(places.state_name(code) or code))
        for code in sorted(places.US_STATE_CODES, key=lambda c: places.state_name(c) or c)
        if code not in places.SERVED_STATES
    ]


class WaitlistForm(SubscribeForm):
    state = forms.ChoiceField(
        label=gettext_lazy("Your state"),
        choices=[("", gettext_lazy("Choose your state")), *waitlist_state_choices()],
        error_messages={
            "required": gettext_lazy("Choose the state you live in."),
            "invalid_choice": gettext_lazy("Choose the state you live in from the list."),
        },
    )


slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "Use lower-case letters, digits and single hyphens, e.g. ketamine-for-crps.",
)


class ArticleForm(forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Give the article a title."}
    )
    summary = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences, shown in lists and search results.",
        error_messages={"required": "Write a short summary."},
    )
    # The English rows: an article in either language names those (content/actions.py).
    conditions = RecordsField(
        queryset=Condition.objects.filter(language=ENGLISH),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choose conditions from the list.",
            "invalid_pk_value": "Choose conditions from the list.",
        },
    )
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 24}),
        max_length=100_000,
        help_text="Markdown. Headings start at ##. Cite a study as [@key], e.g. [@correll2004].",
        error_messages={"required": "The article needs a body."},
    )
    note = forms.CharField(
        max_length=200,
        required=False,
        label="What changed",
        help_text="A few words for the revision history.",
    )

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        missing = missing_citation_keys(body)
        if missing:
            raise forms.ValidationError(
                "Add these to the reference library first: "
                + ", ".join(f"[@{key}]" for key in missing)
            )
        return body


class NewArticleForm(ArticleForm):
    slug = forms.CharField(
        max_length=120,
        validators=[slug_validator],
        help_text="The web address: /articles/<slug>/. It cannot change later.",
        error_messages={"required": "Choose the article's web address."},
    )
    language = forms.TypedChoiceField(
        choices=list(NAMES_IN_ENGLISH.items()),
        required=False,
        empty_value=ENGLISH,
        help_text=(
            "A Spanish article with the address of an English one is its translation: "
            "readers of Spanish see it at /es/articles/<slug>/ once it is approved."
        ),
        error_messages={"invalid_choice": "Choose English or Spanish."},
    )
    field_order = ["title", "slug", "language", "summary", "conditions", "body", "note"]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        slug, language = cleaned.get("slug"), cleaned.get("language") or ENGLISH
        if slug and Article.objects.filter(slug=slug, language=language).exists():
            self.add_error(
                "slug",
                "Another article already uses this address."
                if language == ENGLISH
                else f"This address already has an article in {name_in_english(language)}.",
            )
        return cleaned


class ReviewNoteForm(forms.Form):
    note = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What needs to change",
        error_messages={"required": "Say what needs to change before this can be approved."},
    )


class CitationForm(forms.ModelForm):
    class Meta:
        model = Citation
        fields = [
            "key",
            "authors",
            "year",
            "title",
            "journal",
            "volume",
            "issue",
            "pages",
            "doi",
            "pmid",
        ]
        help_texts = {
            "key": "Cite it in an article as [@key].",
            "doi": "Only a DOI you have checked against the published record.",
            "pmid": "Only a PubMed ID you have checked.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].error_messages["invalid"] = "Enter the year as four digits."
        if self.instance.pk:
            self.fields["key"].disabled = True

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if not 1900 <= year <= 2100:
            raise forms.ValidationError("Enter the year of publication, e.g. 2009.")
        return year
