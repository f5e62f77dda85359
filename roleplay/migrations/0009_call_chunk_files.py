"""Call chunks keep their bytes in the private storage, as the merged call does; the
row keeps the metadata (number, size, SHA-256, time of receipt)."""

from django.core.files.base import ContentFile
from django.db import migrations, models

import roleplay.models

SUFFIX = {"audio/webm": ".webm", "audio/ogg": ".ogg"}


def bytes_to_files(apps, schema_editor):
    CallChunk = apps.get_model("roleplay", "CallChunk")
    for chunk in CallChunk.objects.select_related("track").iterator(chunk_size=200):
        name = f"chunk{SUFFIX.get(chunk.content_type, '')}"
        chunk.file.save(name, ContentFile(bytes(chunk.data)), save=False)
        chunk.save(update_fields=["file"])


def files_to_bytes(apps, schema_editor):
    CallChunk = apps.get_model("roleplay", "CallChunk")
    for chunk in CallChunk.objects.iterator(chunk_size=200):
        with chunk.file.open("rb") as source:
            chunk.data = source.read()
        chunk.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("roleplay", "0008_call_end_grace"),
    ]

    operations = [
        migrations.AddField(
            model_name="callchunk",
            name="file",
            field=models.FileField(
                default="",
                max_length=200,
                storage=roleplay.models.private_storage,
                upload_to=roleplay.models.call_chunk_path,
                verbose_name="audio bytes",
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="callchunk",
            name="data",
            field=models.BinaryField(default=b"", verbose_name="audio bytes"),
        ),
        migrations.RunPython(bytes_to_files, files_to_bytes),
        migrations.RemoveField(model_name="callchunk", name="data"),
    ]
