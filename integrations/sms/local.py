"""The local text backend: nothing leaves the machine; messages wait in ``outbox``."""

import itertools
import logging

from integrations.sms.base import SentSms, SmsNotSent, is_textable

logger = logging.getLogger(__name__)

# Every text "sent" in this process, oldest first. Tests empty it between runs.
outbox: list[SentSms] = []
_ids = itertools.count(1)


class LocalSms:
    def send(self, *, to: str, body: str) -> SentSms:
        if not is_textable(to):
            raise SmsNotSent("The number is not a US mobile number in E.164 form.")
        sent = SentSms(to=to, body=body, provider_id=f"local-{next(_ids)}")
        outbox.append(sent)
        # The last two digits only: enough to tell messages apart, not to find a person.
        logger.info(
            "Text %s kept in the local outbox (to a number ending %s)", sent.provider_id, to[-2:]
        )
        return sent
