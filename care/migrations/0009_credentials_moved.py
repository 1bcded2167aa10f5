"""Licences and DEA registrations now belong to the credentials app; their tables stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('care', '0008_risk_reviews_escalation'),
        ('credentials', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.RemoveConstraint(
            model_name='dearegistration',
            name='dea_registration_unique',
        ),
        migrations.RemoveConstraint(
            model_name='licence',
            name='licence_unique',
        ),
        migrations.RemoveField(
            model_name='licence',
            name='clinician',
        ),
        migrations.DeleteModel(
            name='DeaRegistration',
        ),
        migrations.DeleteModel(
            name='Licence',
        ),
                ],
        ),
    ]
