from datetime import UTC, datetime

from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.erasure import FORMER_MEMBER
from accounts.roles import ROLE_PERMISSIONS

# A permanent suspension is one that ends on the last day the database can hold: every rule
# that reads `suspended_until` (has_perm, holders_of, the refusals) holds it without a case.
SUSPENDED_FOR_GOOD = datetime(9999, 12, 31, tzinfo=UTC)


class User(AbstractUser):
    """A person on the forum. Roles come from groups; see accounts/roles.py."""

    display_name = models.CharField(max_length=80, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    # A cache of the reputation ledger (forum.ReputationEvent), written only by
    # forum/reputation.py; it never falls below 1.
    reputation = models.IntegerField(default=1)
    # Written only by moderation/actions/suspensions.py: a suspended member reads but does not write.
    suspended_until = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.CharField(max_length=500, blank=True)
    email_notifications = models.BooleanField(
        default=True, help_text="Send me an email for notifications as well as showing them on the site."
    )
    weekly_digest = models.BooleanField(
        default=False,
        help_text="Email me once a week the unanswered questions in the tags I follow (none when nothing is new).",
    )
    # The member deleted their account, or a moderator deleted it (accounts/actions.py):
    # their personal data is erased and they are "a former member"; the row stays so that
    # their posts, votes and the logs keep pointing somewhere.
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        permissions = sorted(ROLE_PERMISSIONS.items())
        constraints = [models.CheckConstraint(condition=models.Q(reputation__gte=1), name="reputation_at_least_one")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", kwargs={"username": self.username})

    def get_all_permissions(self, obj=None):
        """Django's, read once per "roles" version from the pages' cache: every page asks
        whether its reader may work the queue or moderate, and the answer changes only with
        a change of groups or permissions, which bumps "roles" (accounts/apps.py, config/pagecache.py).
        ModelBackend reads a set left on the user as its own per-request cache.

        A suspended account holds none (see has_perm); the suspension is read from the row
        itself before any cache, so it ends on time without a write."""
        if self.is_suspended():
            return set()
        if obj is None and self.is_active and self.pk is not None and not hasattr(self, "_perm_cache"):
            from config import pagecache

            self._perm_cache = pagecache.fragment(
                "permissions", self.pk, depends_on=("roles",), render=lambda: super(User, self).get_all_permissions()
            )
        return super().get_all_permissions(obj)

    def has_perm(self, perm, obj=None) -> bool:
        """Django's rule, except that a suspension removes every power, a superuser's too.
        Every role check in the site goes through here (accounts.permissions.holders_of is
        the same rule in SQL), so no check_* can forget the suspension; an authentication
        backend could not do it alone, since Django answers for superusers before asking
        any backend."""
        if self.is_suspended():
            return False
        if obj is None and not self.is_superuser:
            self.get_all_permissions()
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        return not self.is_suspended() and super().has_module_perms(app_label)

    @property
    def is_suspended_for_good(self) -> bool:
        """Suspended with no end (moderation's "permanently"): until SUSPENDED_FOR_GOOD."""
        return self.suspended_until is not None and self.suspended_until >= SUSPENDED_FOR_GOOD

    def is_suspended(self, now=None) -> bool:
        return self.suspended_until is not None and self.suspended_until > (now or timezone.now())

    @property
    def name(self) -> str:
        if self.deleted_at is not None:
            return FORMER_MEMBER
        return self.display_name or self.username


class MemberSession(AbstractBaseSession):
    """A session, as Django's database sessions keep it, plus whose it is, so that every
    session of a member who leaves is deleted at once (accounts/sessions.py is the engine,
    SESSION_ENGINE in settings). A plain number, not a foreign key: the session table is
    written on every request and must never fail on a user row."""

    account_id = models.BigIntegerField(null=True, db_index=True)

    class Meta:
        verbose_name = "session"

    @classmethod
    def get_session_store_class(cls):
        from accounts.sessions import SessionStore

        return SessionStore
