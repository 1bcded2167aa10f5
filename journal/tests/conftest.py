"""The journal's database tests build patients through the real verbs, photo ID included:
uploads go to a temporary private folder, as in the care tests."""

from care.tests.conftest import private_storage

__all__ = ["private_storage"]
