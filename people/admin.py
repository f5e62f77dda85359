from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AccessToken, Membership, ScimToken, Team, User
from .scim import services as scim_services


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, (None, {"fields": ("language",)}))
    list_display = ("username", "first_name", "last_name", "language", "is_staff")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    inlines = [MembershipInline]
    search_fields = ["name"]


@admin.register(ScimToken)
class ScimTokenAdmin(admin.ModelAdmin):
    """Tokens for the directory's SCIM client: made here or with ``manage.py scim_token``,
    shown once when made, revoked here."""

    list_display = ("name", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        return ("name",) if obj is None else ("name", "created_at", "last_used_at", "revoked_at")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("name", "created_at", "last_used_at")

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        token, raw = scim_services.scim_token_create(name=obj.name)
        obj.pk, obj.digest, obj.created_at = token.pk, token.digest, token.created_at
        messages.warning(
            request,
            _("Copy the new token now; it is not shown again: %(token)s") % {"token": raw},
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    """Administrators see and revoke tokens; only their owner makes one (its key is shown
    to them once)."""

    list_display = ("user", "name", "prefix", "created_at", "expires_at", "last_used_at")
    search_fields = ["user__username", "prefix", "name"]
    readonly_fields = ("user", "name", "prefix", "created_at", "expires_at", "last_used_at")
    exclude = ("key_hash",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
