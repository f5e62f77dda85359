from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class RoleplayConfig(AppConfig):
    name = "roleplay"
    verbose_name = _("Role-play")

    def ready(self):
        # Each session kind declares itself to the registry the room asks.
        from . import kinds

        kinds.load()

        # people publishes membership changes (its model's signals); the room reacts,
        # so that a leaver's open sockets close at once (roleplay.room.access).
        from people.models import Membership

        from .room import access

        post_save.connect(access.on_membership_saved, sender=Membership, dispatch_uid="rp-ms")
        post_delete.connect(access.on_membership_deleted, sender=Membership, dispatch_uid="rp-md")

        # A call chunk's bytes are a file in the private storage: deleted with its row.
        from .callrecording.services import chunk_deleted
        from .models import CallChunk

        post_delete.connect(chunk_deleted, sender=CallChunk, dispatch_uid="rp-chunk-file")
