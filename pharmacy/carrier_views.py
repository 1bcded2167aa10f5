"""The carrier's webhook: signed posts of a parcel's events, recorded by the pharmacy's verb.

Answers, so a carrier knows whether to send again:

- 404 while no webhook secret is configured (the local carrier takes no posts);
- 403 for a missing, wrong or stale signature, and nothing is read or recorded;
- 400 for a body that is not the JSON described in ``webhooks.py``;
- 404 for a tracking number no shipment has;
- 200 otherwise: recorded, a repeat of an event already recorded, or an event the
  pharmacy does not record (in transit) or that cannot follow the parcel's last one.
"""

import logging

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from integrations.carrier import BadSignature, WebhookRejected
from integrations.carrier.webhooks import RECORDED_KINDS, SIGNATURE_HEADER, read_notice, verify
from pharmacy import actions

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    secret = str(getattr(settings, "CARRIER_WEBHOOK_SECRET", "") or "")
    if not secret:
        raise Http404("No carrier webhook is configured.")
    try:
        verify(
            request.body,
            request.headers.get(SIGNATURE_HEADER, ""),
            secret,
            tolerance=int(getattr(settings, "CARRIER_WEBHOOK_TOLERANCE_SECONDS", 300)),
        )
    except BadSignature as problem:
        logger.warning("Carrier webhook refused: %s", problem)
        return JsonResponse({"received": False, "error": "bad signature"}, status=403)
    try:
        notice = read_notice(request.body)
    except WebhookRejected as problem:
        return JsonResponse({"received": False, "error": str(problem)}, status=400)
    if notice.event.kind not in RECORDED_KINDS:
        return JsonResponse({"received": True, "recorded": False})
    try:
        actions.do_record_carrier_notice(notice)
    except actions.UnknownShipment:
        return JsonResponse({"received": False, "error": "unknown tracking number"}, status=404)
    except actions.AlreadyRecorded:
        return JsonResponse({"received": True, "recorded": False, "duplicate": True})
    except actions.PharmacyRefused as refused:
        # Out of order, or delivered with no name: staff see the parcel as it was.
        logger.warning("Carrier event %s not recorded: %s", notice.event_id, refused)
        return JsonResponse({"received": True, "recorded": False, "error": str(refused)})
    return JsonResponse({"received": True, "recorded": True})
