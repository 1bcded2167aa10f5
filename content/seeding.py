"""Load the seed content in content/seed/ through the real verbs.

Articles are written by the editor, sent for review and approved by a clinician,
exactly as on the site. Running it again changes nothing: whatever already exists
(by slug and language, or key) is left as it is, edits made on the site included.

English is loaded first, then the Spanish twins in content/seed/es/ (the same format and
slugs): each becomes its own row in Spanish, an article reviewed like the English one.
"""

import datetime
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accounts.models import User
from billing.seeding import ensure_standard_plan
from content import actions
from content.models import ENGLISH, Article, Citation, Condition, Page

SEED_DIR = Path(__file__).resolve().parent / "seed"
# Each language's seed: English at the top, a translation in a folder named by its code.
SEED_LANGUAGES = {ENGLISH: SEED_DIR, "es": SEED_DIR / "es"}
_CITATION_FIELDS = ("authors", "title", "journal", "volume", "issue", "pages", "doi", "pmid")


@dataclass
class SeedFile:
    meta: dict[str, Any]
    body: str


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)

    def add(self, kind: str, name: str, language: str = ENGLISH) -> None:
        """ "article ketamine-for-crps", and its twin "article ketamine-for-crps (es)"."""
        self.created.append(f"{kind} {name}" + ("" if language == ENGLISH else f" ({language})"))


def read_seed_file(path: Path) -> SeedFile:
    """A Markdown file with TOML front matter between two lines of +++."""
    text = path.read_text(encoding="utf-8")
    opening, front_matter, body = text.split("+++\n", 2)
    if opening.strip():
        raise ValueError(f"{path}: front matter must open the file")
    return SeedFile(meta=tomllib.loads(front_matter), body=body.strip() + "\n")


def _seed_conditions(folder: Path, language: str, report: SeedReport) -> None:
    path = folder / "conditions.toml"
    if not path.exists():
        return
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for entry in data["condition"]:
        if Condition.objects.filter(slug=entry["slug"], language=language).exists():
            continue
        condition = Condition(
            slug=entry["slug"],
            language=language,
            name=entry["name"],
            short_name=entry["short_name"],
            summary=entry["summary"],
            body=entry["body"].strip() + "\n",
            order=entry.get("order", 0),
        )
        actions.do_save_condition(condition)
        report.add("condition", condition.slug, language)


def _seed_pages(folder: Path, language: str, report: SeedReport) -> None:
    for path in sorted((folder / "pages").glob("*.md")):
        seed = read_seed_file(path)
        if Page.objects.filter(slug=seed.meta["slug"], language=language).exists():
            continue
        page = Page(
            slug=seed.meta["slug"],
            language=language,
            title=seed.meta["title"],
            summary=seed.meta["summary"],
            body=seed.body,
        )
        actions.do_save_page(page)
        report.add("page", page.slug, language)


def _seed_citations(entries: list[dict[str, Any]], editor: User, report: SeedReport) -> None:
    for entry in entries:
        if Citation.objects.filter(key=entry["key"]).exists():
            continue
        citation = Citation(
            key=entry["key"],
            year=int(entry["year"]),
            **{name: str(entry.get(name, "")) for name in _CITATION_FIELDS},
        )
        actions.do_save_citation(citation, by=editor)
        report.add("citation", citation.key)


def _seed_articles(
    folder: Path, language: str, editor: User, reviewer: User, report: SeedReport
) -> None:
    for path in sorted((folder / "articles").glob("*.md")):
        seed = read_seed_file(path)
        meta = seed.meta
        _seed_citations(meta.get("citations", []), editor, report)
        if Article.objects.filter(slug=meta["slug"], language=language).exists():
            continue
        article = actions.do_create_article(
            by=editor,
            language=language,
            slug=meta["slug"],
            title=meta["title"],
            summary=meta["summary"],
            body=seed.body,
            # The English rows: an article names those, whatever its language.
            conditions=list(
                Condition.objects.filter(language=ENGLISH, slug__in=meta.get("conditions", []))
            ),
            note="Seed content",
        )
        actions.do_submit_for_review(article, by=editor)
        reviewed = meta.get("reviewed")
        actions.do_approve_article(
            article,
            by=reviewer,
            reviewed_on=reviewed if isinstance(reviewed, datetime.date) else None,
        )
        report.add("article", article.slug, language)


def seed_content(*, editor: User, reviewer: User) -> SeedReport:
    """Conditions, pages, references, published articles (English, then their Spanish
    twins) and the Standard plan."""
    report = SeedReport()
    _, plan_created = ensure_standard_plan()
    if plan_created:
        report.add("plan", "standard")
    for language, folder in SEED_LANGUAGES.items():
        _seed_conditions(folder, language, report)
        _seed_pages(folder, language, report)
        _seed_articles(folder, language, editor, reviewer, report)
    return report
