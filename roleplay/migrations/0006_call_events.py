from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("roleplay", "0005_room_presence"),
    ]

    operations = [
        migrations.AlterField(
            model_name="sessionevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("say", "Said"),
                    ("whisper", "Whisper"),
                    ("control", "Control"),
                    ("inject", "Twist"),
                    ("score", "Score"),
                    ("join", "Joined"),
                    ("leave", "Left"),
                    ("playback", "Playback"),
                    ("mark", "Marked moment"),
                    ("call", "Call"),
                ],
                max_length=16,
                verbose_name="kind",
            ),
        ),
        migrations.RemoveConstraint(model_name="sessionevent", name="roleplay_event_kind_valid"),
        migrations.AddConstraint(
            model_name="sessionevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    kind__in=[
                        "say",
                        "whisper",
                        "control",
                        "inject",
                        "score",
                        "join",
                        "leave",
                        "playback",
                        "mark",
                        "call",
                    ]
                ),
                name="roleplay_event_kind_valid",
            ),
        ),
    ]
