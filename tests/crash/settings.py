"""Settings for a worker the crash test starts and kills: the practice's own, with every
email written slowly to a folder, so a kill lands in the middle of a send."""

from ketaclinic.settings import *  # noqa: F403

MAILERS = {"default": {"BACKEND": "tests.crash.mail.SlowFileBackend"}}
