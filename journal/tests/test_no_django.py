"""The journal's rules load and run without Django, so a script or a bare test can use them."""

import subprocess
import sys
from pathlib import Path

MODULES = (
    "instruments",
    "fhir",
    "safety",
    "refills",
    "outcomes",
    "exercises",
    "schedule",
    "wording",
)

PROBE = f"""
import sys
for name in {MODULES!r}:
    __import__("journal." + name)
loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print(",".join(loaded))
"""


def test_no_journal_module_imports_django() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip() == ""
