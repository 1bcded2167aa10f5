"""Licences and DEA registrations move here from care: the tables stay as they are
(care_licence, care_dearegistration), only Django's idea of which app owns them changes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("care", "0008_risk_reviews_escalation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='DeaRegistration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(max_length=9)),
                ('state', models.CharField(max_length=2)),
                ('schedules', models.CharField(default='2,2N,3,3N,4,5', max_length=40)),
                ('expires_on', models.DateField()),
                ('special_telemedicine_registration', models.BooleanField(default=False, help_text='A DEA special registration for telemedicine is on record for this state.')),
                ('expiry_warned_for', models.DateField(blank=True, help_text='The expiry date the clinician was warned of; a renewal warns afresh.', null=True)),
                ('clinician', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dea_registrations', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'care_dearegistration',
                'constraints': [models.UniqueConstraint(models.F('number'), models.F('state'), name='dea_registration_unique')],
            },
        ),
        migrations.CreateModel(
            name='Licence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(max_length=2)),
                ('number', models.CharField(max_length=40)),
                ('expires_on', models.DateField()),
                ('expiry_warned_for', models.DateField(blank=True, help_text='The expiry date the clinician was warned of; a renewal warns afresh.', null=True)),
                ('clinician', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='licences', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'care_licence',
                'constraints': [models.UniqueConstraint(models.F('state'), models.F('number'), name='licence_unique')],
            },
        ),
                ],
        ),
    ]
