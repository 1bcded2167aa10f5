"""The coverage gate of `make test`: each app's share of statements run by the tests, held
against the floor pyproject.toml sets for it (`[tool.ketaclinic.coverage]`).

Floors only go up: when an app's figure rises, raise its floor with it. Reads the
`.coverage` file pytest-cov leaves; prints every app's figure and exits 1 when any is
below its floor, naming it.
"""

import sys
import tomllib
from collections import defaultdict
from pathlib import Path

from coverage import Coverage

ROOT = Path(__file__).resolve().parent.parent


def floors() -> dict[str, float]:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {str(k): float(v) for k, v in settings["tool"]["ketaclinic"]["coverage"].items()}


def figures() -> dict[str, tuple[int, int]]:
    """Statements and statements missed, per app (the first folder of the path)."""
    data = Coverage(data_file=str(ROOT / ".coverage"), config_file=str(ROOT / "pyproject.toml"))
    data.load()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for filename in data.get_data().measured_files():
        path = Path(filename).resolve()
        if not path.is_relative_to(ROOT):
            continue
        app = path.relative_to(ROOT).parts[0]
        _, statements, _, missing, _ = data.analysis2(filename)
        counts[app][0] += len(statements)
        counts[app][1] += len(missing)
    return {app: (total, missed) for app, (total, missed) in counts.items()}


def percent(total: int, missed: int) -> float:
    return 100.0 if total == 0 else 100.0 * (total - missed) / total


def main() -> int:
    wanted = floors()
    measured = figures()
    total = sum(t for t, _ in measured.values())
    missed = sum(m for _, m in measured.values())
    rows = [(app, percent(*measured[app])) for app in sorted(measured)]
    rows.append(("overall", percent(total, missed)))
    below = []
    for app, figure in rows:
        floor = wanted.get(app)
        mark = "" if floor is None else f"  (floor {floor:g})"
        if floor is not None and figure + 1e-9 < floor:
            below.append(f"{app} {figure:.1f}% < {floor:g}%")
            mark += "  BELOW"
        print(f"{app:16} {figure:6.1f}%{mark}")
    unfloored = sorted(set(measured) - set(wanted))
    if unfloored:
        below.append(f"no floor set for {', '.join(unfloored)}")
    if below:
        print("coverage gate: " + "; ".join(below), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
