"""What the patients app tells the layers above it, without knowing them."""

from django.dispatch import Signal

joining_step_changed = Signal()
"""Sent with ``patient`` and ``by`` (the acting user, or None), inside the transaction, when
a step of joining changed: the profile, the photo ID or a consent here, the subscription in
billing. Care listens (``care.consults.on_joining_step_changed``): a candidate with nothing
left between them and a booking becomes ready for a consult."""

moving_state = Signal()
"""Sent with ``patient`` and ``new_state`` before a patient's move to another state is
saved. A receiver that must refuse the move raises ``patients.actions.PatientRuleError``
(``care.consults.refuse_move_stranding_a_visit``)."""
