"""The project's own source, for the tests that read its shape: each app and its modules,
tests and migrations aside."""

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def packages(*, leaving_out: frozenset[str] | set[str] = frozenset()) -> list[Path]:
    """Every app's folder (tests/ and the names given aside), sorted."""
    return sorted(
        folder
        for folder in ROOT.iterdir()
        if (folder / "__init__.py").exists() and folder.name not in {"tests", *leaving_out}
    )


def source_files(package: Path) -> Iterator[Path]:
    """An app's modules, its tests and migrations aside."""
    for path in package.rglob("*.py"):
        parts = path.relative_to(package).parts
        if "tests" not in parts and "migrations" not in parts:
            yield path


def parsed_source(
    *, leaving_out: frozenset[str] | set[str] = frozenset()
) -> Iterator[tuple[Path, ast.AST]]:
    """Each app module with its syntax tree."""
    for package in packages(leaving_out=leaving_out):
        for path in source_files(package):
            yield path, ast.parse(path.read_text())
