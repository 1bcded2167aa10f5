"""The ground every app stands on: nothing here knows about patients, clinicians or any
app above it. Settings helpers, the request id, rate limits, spreadsheet-safe CSV, and the
one small interface through which verbs queue background work."""
