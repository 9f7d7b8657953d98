"""The pages' versions a change of roles bumps (config/pagecache.py). A receiver, not a call
in each action: groups and permissions change through team's actions, the admin's user and
group forms and `sync_roles`, and each of them goes through these m2m relations."""

from config import pagecache


def roles_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """m2m_changed receiver for User.groups, User.user_permissions and Group.permissions:
    permission sets ("roles"), the member's own pages, and the verified badge beside their
    name on every page ("site": a role change is rare)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from accounts.models import User

    members = []
    if isinstance(instance, User):
        members = [instance.pk]
    elif reverse and pk_set and sender is User.groups.through:
        members = list(pk_set)
    pagecache.changed("roles", "site", *(f"member:{pk}" for pk in members))
