from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "care"

    def ready(self) -> None:
        # Imported here: a signal's receiver needs the models, which load after apps.
        from care.consults import on_joining_step_changed, refuse_move_stranding_a_visit
        from patients.signals import joining_step_changed, moving_state

        joining_step_changed.connect(
            on_joining_step_changed, dispatch_uid="care.readiness_on_joining_step"
        )
        moving_state.connect(
            refuse_move_stranding_a_visit, dispatch_uid="care.visit_licence_on_move"
        )
