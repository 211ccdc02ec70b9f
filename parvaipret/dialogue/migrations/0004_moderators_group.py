"""The "Moderators" group, holding the dialogue.moderate_response permission.

Staff add a user to this group in the admin to let them hide and restore responses.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_moderators_group(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now to attach one.
    app_config = apps.get_app_config("dialogue")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(
        content_type__app_label="dialogue", codename="moderate_response"
    )
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(permission)


def remove_moderators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Moderators").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("dialogue", "0003_reactions_reports_follows_digests"),
    ]

    operations = [
        migrations.RunPython(create_moderators_group, remove_moderators_group),
    ]
