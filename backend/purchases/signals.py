from django.dispatch import receiver

from users.signals import user_deactivated

from .services import approval_steps_reroute_from


@receiver(user_deactivated)
def hand_over_approval_steps(sender, user, actor, **kwargs) -> None:
    """A deactivated approver's waiting steps go up their line, in the same transaction."""
    approval_steps_reroute_from(user=user, actor=actor)
