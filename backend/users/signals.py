from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from .authentication import user_cache_key
from .models import User

# Sent by users.services inside the transaction that deactivates a user (with `user` and
# `actor`): apps built on users hand over what that person was holding (purchases: their
# approval steps). A receiver that raises refuses the deactivation.
user_deactivated = Signal()


@receiver([post_save, post_delete], sender=User)
def evict_cached_user(sender, instance: User, **kwargs) -> None:
    """A saved or deleted user leaves the authentication cache at once and again after the
    commit, so no request authenticates against a stale copy."""
    key = user_cache_key(instance.pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
