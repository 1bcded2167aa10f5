"""The Spanish catalogues are whole, and the pages a visitor or patient reads have no word
outside a translation tag (tests/i18n/untagged.py)."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.i18n.untagged import untagged

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted(
    path
    for path in ROOT.glob("**/locale/es/LC_MESSAGES/django.po")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)

# Pages only staff open: English by the leave ("staff pages may stay English").
STAFF_ONLY = {
    "assessment/templates/assessment/staff_detail.html",
    "assessment/templates/assessment/staff_list.html",
    "billing/templates/billing/local_checkout.html",
    "care/templates/care/adverse_event_form.html",
    "care/templates/care/availability.html",
    "care/templates/care/chart_form.html",
    "care/templates/care/in_person.html",
    "care/templates/care/schedule.html",
    "patients/templates/patients/identity_queue.html",
    "patients/templates/patients/identity_review.html",
    "patients/templates/patients/inbox.html",
    "pharmacy/templates/pharmacy/_form.html",
    "pharmacy/templates/pharmacy/dispensing.html",
    "pharmacy/templates/pharmacy/label.html",
    "pharmacy/templates/pharmacy/order.html",
    "pharmacy/templates/pharmacy/queue.html",
    "pharmacy/templates/pharmacy/refill_request.html",
    "pharmacy/templates/pharmacy/refills.html",
    "workspace/templates/workspace/_pager.html",
    "workspace/templates/workspace/chart.html",
    "workspace/templates/workspace/practice.html",
    "workspace/templates/workspace/queue.html",
    "workspace/templates/workspace/record.html",
    "workspace/templates/workspace/search.html",
}
STAFF_FOLDERS = (
    "credentials/templates/",
    "content/templates/content/editorial",
    "records/templates/records/exports",
    "workspace/templates/workspace/staff",
    "templates/admin/",
)

# Patient-facing templates not yet in Spanish. The list only shrinks; issue #17 stays open
# until it is empty.
NOT_YET: set[str] = set()


def patient_facing_templates() -> list[Path]:
    found = []
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        relative = path.relative_to(ROOT).as_posix()
        if ".venv" in path.parts or relative.startswith(STAFF_FOLDERS) or relative in STAFF_ONLY:
            continue
        found.append(path)
    return found


def test_there_are_spanish_catalogues() -> None:
    assert CATALOGUES, "no locale/es/LC_MESSAGES/django.po"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt is Debian's gettext")
@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_each_catalogue_is_whole(catalogue: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # "12 translated messages." only: no "untranslated" and no "fuzzy" in the count.
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@pytest.mark.parametrize(
    "template",
    patient_facing_templates(),
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_every_word_a_patient_reads_is_in_a_translation_tag(template: Path) -> None:
    relative = template.relative_to(ROOT).as_posix()
    left = untagged(template.read_text())
    if relative in NOT_YET:
        assert left, f"{relative} is translated now: take it off NOT_YET"
        pytest.skip("not yet in Spanish (issue #17)")
    assert not left, f"{relative}: {left[:5]}"


def test_one_english_string_has_one_spanish_translation_in_every_catalogue() -> None:
    # Django merges the catalogues and one of them wins: two Spanish wordings for one
    # English string would show either, whatever page asked.
    entry = re.compile(r'(?:msgctxt "(.*)"\n)?msgid "(.+)"\nmsgstr "(.*)"')
    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for catalogue in CATALOGUES:
        for context, english, spanish in entry.findall(catalogue.read_text()):
            seen.setdefault((context or None, english), {})[str(catalogue)] = spanish
    different = {key: found for key, found in seen.items() if len(set(found.values())) > 1}
    assert not different, different
