"""The at-home journal: pure rules for home sessions, check-ins, refills and outcomes."""
