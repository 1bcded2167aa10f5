"""Load the seed content in content/seed/ through the real verbs.

Articles are written by the editor, sent for review and approved by a clinician,
exactly as on the site. Running it again changes nothing: whatever already exists
(by slug or key) is left as it is, edits made on the site included.
"""

import datetime
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accounts.models import User
from billing.seeding import ensure_standard_plan
from content import actions
from content.models import Article, Citation, Condition, Page

SEED_DIR = Path(__file__).resolve().parent / "seed"
_CITATION_FIELDS = ("authors", "title", "journal", "volume", "issue", "pages", "doi", "pmid")


@dataclass
class SeedFile:
    meta: dict[str, Any]
    body: str


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)

    def add(self, kind: str, name: str) -> None:
        self.created.append(f"{kind} {name}")


def read_seed_file(path: Path) -> SeedFile:
    """A Markdown file with TOML front matter between two lines of +++."""
    text = path.read_text(encoding="utf-8")
    opening, front_matter, body = text.split("+++\n", 2)
    if opening.strip():
        raise ValueError(f"{path}: front matter must open the file")
    return SeedFile(meta=tomllib.loads(front_matter), body=body.strip() + "\n")


def _seed_conditions(report: SeedReport) -> None:
    data = tomllib.loads((SEED_DIR / "conditions.toml").read_text(encoding="utf-8"))
    for entry in data["condition"]:
        if Condition.objects.filter(slug=entry["slug"]).exists():
            continue
        condition = Condition(
            slug=entry["slug"],
            name=entry["name"],
            short_name=entry["short_name"],
            summary=entry["summary"],
            body=entry["body"].strip() + "\n",
            order=entry.get("order", 0),
        )
        actions.do_save_condition(condition)
        report.add("condition", condition.slug)


def _seed_pages(report: SeedReport) -> None:
    for path in sorted((SEED_DIR / "pages").glob("*.md")):
        seed = read_seed_file(path)
        if Page.objects.filter(slug=seed.meta["slug"]).exists():
            continue
        page = Page(
            slug=seed.meta["slug"],
            title=seed.meta["title"],
            summary=seed.meta["summary"],
            body=seed.body,
        )
        actions.do_save_page(page)
        report.add("page", page.slug)


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


def _seed_articles(editor: User, reviewer: User, report: SeedReport) -> None:
    for path in sorted((SEED_DIR / "articles").glob("*.md")):
        seed = read_seed_file(path)
        meta = seed.meta
        _seed_citations(meta.get("citations", []), editor, report)
        if Article.objects.filter(slug=meta["slug"]).exists():
            continue
        article = actions.do_create_article(
            by=editor,
            slug=meta["slug"],
            title=meta["title"],
            summary=meta["summary"],
            body=seed.body,
            conditions=list(Condition.objects.filter(slug__in=meta.get("conditions", []))),
            note="Seed content",
        )
        actions.do_submit_for_review(article, by=editor)
        reviewed = meta.get("reviewed")
        actions.do_approve_article(
            article,
            by=reviewer,
            reviewed_on=reviewed if isinstance(reviewed, datetime.date) else None,
        )
        report.add("article", article.slug)


def seed_content(*, editor: User, reviewer: User) -> SeedReport:
    """Conditions, pages, references, published articles and the Standard plan."""
    report = SeedReport()
    _, plan_created = ensure_standard_plan()
    if plan_created:
        report.add("plan", "standard")
    _seed_conditions(report)
    _seed_pages(report)
    _seed_articles(editor, reviewer, report)
    return report
