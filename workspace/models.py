"""The read side keeps one thing of its own: the practice view's figures as the worker last
worked them out (``workspace.practice.refresh_practice_figures``), so the page reads one row
however many patients there are. Figures only: no patient is named or pointed at."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class PracticeFigures(models.Model):
    """The practice view's figures for one set of states, as they stood when worked out."""

    WHOLE_PRACTICE = "*"

    states = models.CharField(
        max_length=200,
        unique=True,
        help_text='The states, sorted and joined by commas; "*" for the whole practice.',
    )
    as_of = models.DateField(help_text="The practice's day the figures stand on.")
    computed_at = models.DateTimeField()
    figures = models.JSONField(encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name_plural = "practice figures"

    def __str__(self) -> str:
        return f"Practice figures for {self.states} at {self.computed_at:%Y-%m-%d %H:%M}"
