"""Adapters to outside systems, one folder each (payments, video, ...).

Each has a small interface, a real implementation and a local one that runs on one
machine for development and tests.
"""
