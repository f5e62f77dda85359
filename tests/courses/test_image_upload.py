"""Image uploads refuse non-images, truncated files and decompression bombs; nothing is saved.

Uploaded through Wagtail's own image form, with ``courses.forms.SafeImageForm`` as
its base (``WAGTAILIMAGES_IMAGE_FORM_BASE``).
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

pytestmark = pytest.mark.django_db

Image = get_image_model()


def png(width=40, height=30) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "#0b5d6b").save(buffer, "PNG")
    return buffer.getvalue()


def upload(content: bytes, name="picture.png"):
    with (
        override_settings(WAGTAILIMAGES_IMAGE_FORM_BASE="courses.forms.SafeImageForm"),
        translation.override("en"),
    ):
        form = get_image_form(Image)(
            data={"title": "A picture", "collection": "1"},
            files={"file": SimpleUploadedFile(name, content, content_type="image/png")},
            user=None,
        )
        if form.is_valid():
            form.save()
        # The messages are lazy: render them while English is active.
        form.messages = {field: [str(m) for m in errors] for field, errors in form.errors.items()}
    return form


def test_a_good_image_is_saved():
    form = upload(png())
    assert form.errors == {}
    assert Image.objects.count() == 1


def test_a_file_that_is_not_an_image_is_refused():
    form = upload(b"%PDF-1.4 not a picture", name="notes.png")
    [error] = form.errors.as_data()["file"]
    assert error.code == "invalid_image" and str(error.message)
    assert not Image.objects.exists()


def test_a_truncated_image_is_refused_with_a_clear_message():
    whole = png(400, 300)
    form = upload(whole[: len(whole) // 2])
    assert form.messages["file"] == [
        "This image file is damaged or incomplete (it may have been cut short while "
        "uploading). Please export it again and upload the new file."
    ]
    assert not Image.objects.exists()


@override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=1_000_000)
def test_a_decompression_bomb_is_refused():
    form = upload(png(2000, 1000))
    assert "too many pixels" in form.messages["file"][0]
    assert not Image.objects.exists()
