"""Personal API tokens: made, stored as a hash, looked up, revoked.

A token is `hc_<prefix>_<secret>`: the prefix (8 characters, public, shown in the list) and
32 random bytes from `secrets`. Only the SHA-256 of the whole token is stored. A fast hash
is right here: passwords need a slow one because people choose guessable ones, while 256
random bits cannot be guessed however fast each guess is; and a fast hash lets a request
find its token with one indexed lookup."""

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from api.conf import conf
from api.models import ApiToken
from config.pagecache import quiet_writes

TOKEN_PREFIX = "hc_"
SECRET_BYTES = 32
# What _new_token makes: anything else (a NUL, which PostgreSQL refuses, included) is looked
# up nowhere.
TOKEN_SHAPE = re.compile(r"hc_(?P<prefix>[0-9a-f]{8})_[A-Za-z0-9_-]{1,100}")
# Writing the last-used time on every request would make every read a write.
LAST_USED_EVERY = timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    prefix = secrets.token_hex(4)  # 8 characters, no "_" inside
    return prefix, f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"


class TooManyTokens(Exception):
    def __init__(self, most: int):
        super().__init__(
            f"You already have {most} live tokens, the most one member may hold. "
            "Revoke one you no longer use, then create this one."
        )


def live_token_count(user: User) -> int:
    return ApiToken.objects.active().filter(user=user).count()


@transaction.atomic
def create_token(*, user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """Make a token; returns the row and the token itself, which is never stored: show it
    once and forget it. Raises TooManyTokens past API_TOKENS_PER_MEMBER live tokens."""
    # Lock the member: two creations at once must not both find room under the cap.
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk").first()
    if live_token_count(user) >= conf.API_TOKENS_PER_MEMBER:
        raise TooManyTokens(conf.API_TOKENS_PER_MEMBER)
    prefix, token = _new_token()
    while ApiToken.objects.filter(prefix=prefix).exists():  # 1 in 4 billion per token
        prefix, token = _new_token()
    row = ApiToken.objects.create(user=user, name=name, scope=scope, prefix=prefix, key_hash=hash_token(token))
    return row, token


def find_token(token: str) -> ApiToken | None:
    """The live token this string is, with its user, or None (unknown, malformed or revoked)."""
    shape = TOKEN_SHAPE.fullmatch(token)
    if shape is None:
        return None
    prefix = shape["prefix"]
    # A deactivated or deleted account's tokens are dead too, whatever their own state.
    live = ApiToken.objects.active().filter(user__is_active=True, user__deleted_at=None)
    row = live.select_related("user").filter(prefix=prefix).first()
    # The prefix finds the row; the hash decides, compared in constant time.
    if row is None or not hmac.compare_digest(row.key_hash, hash_token(token)):
        return None
    return row


def note_use(token: ApiToken, *, now: datetime | None = None) -> None:
    """Record that the token was used, at most once a minute (one UPDATE guarded by its WHERE,
    so two requests at once write once)."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return
    stale = ApiToken.objects.filter(pk=token.pk).exclude(last_used_at__gt=now - LAST_USED_EVERY)
    # No page shows it but the member's own token list (never kept): not news for the page cache.
    with quiet_writes():
        changed = stale.update(last_used_at=now)
    if changed:
        token.last_used_at = now


def revoke_token(*, token: ApiToken, now: datetime | None = None) -> bool:
    """Revoke it for good; revoking twice keeps the first time. Returns whether it changed."""
    changed = ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=now or timezone.now())
    return bool(changed)
