"""A stand-in for Stripe's HTTP API: records each request, answers with canned JSON.
No test ever reaches the network."""

import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import parse_qs

from stripe import HTTPClient

WEBHOOK_SECRET = "whsec_test_0123456789abcdef"
SECRET_KEY = "sk_test_0123456789abcdef"


class RecordingStripe(HTTPClient):
    name = "recording"

    def __init__(self, answers: dict[str, dict[str, Any]] | None = None) -> None:
        super().__init__()
        self.requests: list[tuple[str, str, dict[str, list[str]], dict[str, str]]] = []
        self.answers = answers or {}

    def request(
        self,
        method: str,
        url: str,
        headers: Any,
        post_data: Any = None,
        *,
        _usage: Any = None,
    ) -> tuple[str, int, dict[str, str]]:
        form = parse_qs(post_data.decode() if isinstance(post_data, bytes) else post_data or "")
        self.requests.append((method, url, form, dict(headers or {})))
        for path, answer in self.answers.items():
            if path in url:
                return json.dumps(answer), 200, {"request-id": "req_test"}
        return json.dumps({"id": "obj_test", "object": "unknown"}), 200, {}

    def close(self) -> None:
        pass


def stripe_signature(payload: str, *, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    """The Stripe-Signature header Stripe would send (its documented scheme)."""
    timestamp = at if at is not None else int(time.time())
    digest = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def stripe_event(kind: str, obj: dict[str, Any], *, event_id: str = "evt_test_1") -> str:
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": kind,
            "created": int(time.time()),
            "data": {"object": obj},
        }
    )
