from collections.abc import Iterator
from typing import Any

import pytest

from integrations.sms import SentSms
from integrations.sms import local as local_sms


@pytest.fixture(autouse=True)
def sms_outbox(settings: Any) -> Iterator[list[SentSms]]:
    """Texts go to the local outbox, emptied for every test (like Django's mail.outbox)."""
    settings.SMS_BACKEND = "local"
    settings.CARRIER_BACKEND = "local"
    local_sms.outbox.clear()
    yield local_sms.outbox
    local_sms.outbox.clear()
