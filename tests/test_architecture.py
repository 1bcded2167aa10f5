"""The shape of the code, kept: each app's share of it, and no import hidden inside a
function (where it would dodge the layers that `lint-imports` checks) unless a comment
says why.

The layers themselves are import-linter's contract in pyproject.toml (``make lint``).
"""

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.source import ROOT, packages, source_files

LARGEST_SHARE = 0.15
REASON = "# Imported here"


def code_lines(path: Path) -> int:
    return sum(1 for line in path.read_text().splitlines() if line.strip())


def test_no_app_holds_more_than_15_percent_of_the_code() -> None:
    sizes = {package.name: sum(map(code_lines, source_files(package))) for package in packages()}
    total = sum(sizes.values())
    too_big = {
        name: f"{size / total:.1%}" for name, size in sizes.items() if size > LARGEST_SHARE * total
    }
    assert not too_big, f"split these apps: {too_big}"


def hidden_imports(path: Path) -> Iterator[str]:
    """Imports inside a function without the comment that says why, as ``file:line``."""
    lines = path.read_text().splitlines()
    tree = ast.parse("\n".join(lines))
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(function):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            explained = REASON in lines[node.lineno - 1]
            above = node.lineno - 2
            while not explained and above >= 0:
                text = lines[above].strip()
                if text.startswith(REASON):
                    explained = True
                    break
                if text and not text.startswith(("#", "import ", "from ")):
                    break
                above -= 1
            if not explained:
                yield f"{path.relative_to(ROOT)}:{node.lineno}"


def test_imports_sit_at_the_top_of_the_module_unless_a_comment_says_why() -> None:
    hidden = [
        where
        for package in packages()
        for path in source_files(package)
        for where in hidden_imports(path)
    ]
    assert not hidden, (
        "move these imports to the top of their module, or say why they wait "
        f"with a comment beginning {REASON!r} just above: {hidden}"
    )
