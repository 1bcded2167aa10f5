"""Every clinical rule and questionnaire loads and runs without Django, so a script, the
simulator or a bare test can use it, and no rule can reach for the database."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import clinical
import questionnaires

MODULES = sorted(
    module.name
    for package in (clinical, questionnaires)
    for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
    if ".tests" not in module.name
)

PROBE = f"""
import sys
for name in {MODULES!r}:
    __import__(name)
loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print(",".join(loaded))
"""


def test_the_rules_are_all_found() -> None:
    assert {
        "clinical.safety",
        "clinical.refills",
        "questionnaires.instruments",
        "questionnaires.assessment.rules",
    } <= set(MODULES)


def test_no_rule_or_questionnaire_imports_django() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip() == ""
