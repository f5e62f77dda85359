"""The image upload form: Wagtail's, plus a full decode of every uploaded image.

Wagtail's image field already refuses files that are not images and images with more
pixels than ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` (a decompression bomb), reading only
the header. A truncated file has a valid header, so it passes there and breaks later
when a rendition is made; decoding the whole image here refuses it at upload, with a
message, before anything is saved. Enabled with
``WAGTAILIMAGES_IMAGE_FORM_BASE = "courses.forms.SafeImageForm"``.
https://docs.wagtail.org/en/stable/reference/settings.html#wagtailimages-image-form-base
"""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

BROKEN_IMAGE = _(
    "This image file is damaged or incomplete (it may have been cut short while "
    "uploading). Please export it again and upload the new file."
)
TOO_MANY_PIXELS = _("This image has too many pixels to be processed safely (at most %(max)s).")


def check_image_decodes(file) -> None:
    """Decode the whole image; raise ``ValidationError`` when it is cut short or a bomb."""
    max_pixels = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None)
    position = file.tell() if hasattr(file, "tell") else None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            file.seek(0)
            with PILImage.open(file) as image:
                if max_pixels and image.width * image.height > max_pixels:
                    raise ValidationError(
                        TOO_MANY_PIXELS % {"max": max_pixels}, code="file_too_many_pixels"
                    )
                image.load()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ValidationError(
            TOO_MANY_PIXELS % {"max": max_pixels}, code="file_too_many_pixels"
        ) from None
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - Pillow reports a damaged file with many error types
        raise ValidationError(BROKEN_IMAGE, code="invalid_image_truncated") from None
    finally:
        if position is not None:
            file.seek(position)


class SafeImageField(WagtailImageField):
    """Wagtail's image field; a damaged file is a validation error, never a crash.

    Wagtail reads the header (format, size, pixel count) and lets Pillow's errors on
    a truncated file escape; here they become a message, and the whole image is
    decoded once the header checks pass.
    """

    def to_python(self, data):
        try:
            file = super().to_python(data)
        except ValidationError:
            raise
        except Exception:  # noqa: BLE001 - Pillow reports a damaged file with many error types
            raise ValidationError(BROKEN_IMAGE, code="invalid_image_truncated") from None
        if file is not None:
            check_image_decodes(file)
        return file


class SafeImageForm(BaseImageForm):
    """Wagtail's image form, refusing damaged images as well as non-images and bombs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField):
            # The field is built by Wagtail's form factory with its own options; swap in
            # the stricter behaviour without rebuilding it (the subclass adds no state).
            field.__class__ = SafeImageField
