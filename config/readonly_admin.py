"""Admin for records that only the actions may write: listed and read, never changed.
Changes go through admin actions that call `actions.py`, like everything else; the few
models the admin edits by design bump the pages' versions (ChangesPages)."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ChangesPages(admin.ModelAdmin):
    """For the few models the admin edits by design (configuration, a member's account): a
    save or a delete there bumps `pages_changed` (config/pagecache.py), "site" by default,
    since such rows show on many pages and change rarely."""

    pages_changed: tuple[str, ...] = ("site",)

    def _pages_changed(self, objects) -> None:
        from config import pagecache

        pagecache.changed(*self.pages_changed)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        self._pages_changed([obj])

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        self._pages_changed([obj])

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        self._pages_changed(queryset)
