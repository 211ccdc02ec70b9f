"""Questions get a stable public id (the key of a question in data dumps).

Three steps, as Django's docs advise for a unique field with a callable default: add it
nullable, give every existing row its own uuid, then make it unique and required.
"""

import uuid

from django.db import migrations, models


def fill_public_ids(apps, schema_editor):
    Question = apps.get_model("participation", "Question")
    for question in Question.objects.filter(public_id__isnull=True).only("pk"):
        question.public_id = uuid.uuid4()
        question.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [("participation", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="question",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="question",
            name="public_id",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="Stable across databases: the key of the question in data dumps.",
                unique=True,
                verbose_name="public id",
            ),
        ),
    ]
